// A room's conversation: kept by the server (GET /api/rooms/{room}/conversation), shared live with
// everyone viewing the room, kept across reloads. The list scrolls in its own pane; the typing box
// stays at the bottom.
import { html, useEffect, useLayoutEffect, useRef, useState } from "./ui.js";
import { getJson, listen } from "./api.js";
import { Buttons } from "./buttons.js";
import { CodeBlock, Links, Rich } from "./rich.js";
import { me, send, session } from "./session.js";
import { t, when } from "./words.js";

function Reply({ reply, room, stale }) {
  const classes = `reply${reply.ok ? "" : " refused"}${reply.visibility === "ephemeral" ? " ephemeral" : ""}`;
  return html`<div class=${classes}>
    ${reply.header && html`<div class="header"><${Rich} text=${reply.header} /></div>`}
    <div class="text">${reply.failed ? t(`The bot did not answer (${reply.text}). Send it again: if it did arrive, it is not run twice.`, `ボットから応答がありません（${reply.text}）。もう一度送ってください。届いていた場合も二重には実行されません。`) : html`<${Rich} text=${reply.text} />`}</div>
    ${reply.fields?.length > 0 && html`<dl class="fields">${reply.fields.map((f) => html`<dt>${f.title}</dt><dd>${f.code ? html`<${CodeBlock} code=${f.value} />` : html`<${Rich} text=${f.value} />`}</dd>`)}</dl>`}
    ${(reply.context ?? []).map((line) => html`<div class="context"><${Rich} text=${line} /></div>`)}
    ${reply.links?.length > 0 && html`<div class="context links"><${Links} links=${reply.links} /></div>`}
    <${Buttons} buttons=${reply.buttons} room=${room} stale=${stale} disabled=${!session.canWrite} />
    ${reply.visibility === "ephemeral" && html`<div class="only-you">${t("Only you can see this", "あなたにだけ表示されています")}</div>`}
  </div>`;
}

function Said({ user, said, at }) {
  return html`<div class="said"><b>@${user}</b> ${at && html`<time>${when(at)}</time>`} <span class="typed">${said}</span></div>`;
}

/** Where the connection to the bot stands, when it is not simply live. */
function Connection() {
  const [state, setState] = useState("live");
  useEffect(() => listen("state", setState), []);
  if (state === "live") return null;
  return html`<p class="connection" role="status">${state === "closed"
    ? t("Disconnected from the bot: reload the page (sign in again if asked). What you see may be out of date.", "ボットとの接続が切れました。ページを再読み込みしてください（求められたらサインインし直してください）。表示が古い可能性があります。")
    : t("Reconnecting to the bot… what you see may be out of date.", "ボットに再接続しています… 表示が古い可能性があります。")}</p>`;
}

const FIRST = 60;

export function Chat({ room }) {
  const [entries, setEntries] = useState([]);
  const [local, setLocal] = useState([]);
  const list = useRef(null);
  const input = useRef(null);
  const last = useRef(0);
  const stick = useRef(true);
  const kept = useRef(new Set());
  const [earlier, setEarlier] = useState(false);

  useEffect(() => {
    let live = true;
    setEntries([]);
    setLocal([]);
    last.current = 0;
    stick.current = true;
    kept.current = new Set();
    // A room opens on its newest exchanges; older ones come when asked for.
    const more = async () => {
      const limit = last.current === 0 ? FIRST : 500;
      const fresh = await getJson(`/api/rooms/${encodeURIComponent(room)}/conversation?after=${last.current}&limit=${limit}&viewer=${encodeURIComponent(me())}`);
      if (last.current === 0) setEarlier(fresh.length === limit && fresh[0].seq > 1);
      if (!live || !fresh.length) return;
      last.current = Math.max(last.current, fresh[fresh.length - 1].seq);
      setEntries((old) => old.concat(fresh.filter((e) => !old.some((o) => o.seq === e.seq))).sort((x, y) => x.seq - y.seq));
      // What the server now keeps need not be shown from here any more.
      // (By its key; a server that could not tell this page who it is gives none: then by who said what.)
      fresh.forEach((e) => e.key && kept.current.add(e.key));
      const same = (x, e) => (e.key ? e.key === x.key : !x.reply?.failed && x.reply?.room && e.user === x.user && e.said === x.said);
      setLocal((l) => l.filter((x) => !fresh.some((e) => same(x, e))));
    };
    more().catch(() => {});
    const offSaid = listen("said", (r) => r === room && more().catch(() => {}));
    const offOpen = listen("open", () => more().catch(() => {}));
    const sending = (e) => {
      if (e.detail.room !== room) return;
      stick.current = true;
      setLocal((l) => l.filter((x) => x.key !== e.detail.key).concat({ pending: true, said: e.detail.text, user: e.detail.user, key: e.detail.key }));
    };
    // Until the server's copy arrives the page shows its own, so nothing blinks out; a reply the bot
    // did not give (refused before it, or no answer) stays here only, with a way to send it again.
    const replied = (e) => {
      const { room: from, reply, text, user, key } = e.detail;
      if (from !== room && reply.room !== room) return;
      // (The server's copy can arrive before the reply does: then there is nothing to show from here.)
      const elsewhere = reply.room && (reply.room !== room || kept.current.has(key));
      setLocal((l) => l.filter((x) => x.key !== key).concat(elsewhere ? [] : [{ said: text, user, reply, key }]));
      if (reply.room === room) more().catch(() => {});
    };
    addEventListener("incidentbot:sending", sending);
    addEventListener("incidentbot:reply", replied);
    return () => { live = false; offSaid(); offOpen(); removeEventListener("incidentbot:sending", sending); removeEventListener("incidentbot:reply", replied); };
  }, [room]);

  useEffect(() => {
    const filled = (e) => {
      const box = input.current, command = e.detail, start = command.indexOf("<");
      box.value = command;
      box.focus();
      if (start >= 0) box.setSelectionRange(start, command.indexOf(">", start) + 1);
    };
    addEventListener("incidentbot:fill", filled);
    return () => removeEventListener("incidentbot:fill", filled);
  }, []);

  // The newest message stays in view, unless someone scrolled up to read back.
  useLayoutEffect(() => { if (list.current && stick.current) list.current.scrollTop = list.current.scrollHeight; }, [entries, local]);
  const scrolled = () => { const l = list.current; stick.current = l.scrollHeight - l.scrollTop - l.clientHeight < 40; };

  const shown = entries.concat(local);
  const newest = shown.findLastIndex((e) => e.reply?.buttons?.length);
  const submit = (event) => {
    event.preventDefault();
    const text = input.current.value.trim();
    if (!text) return;
    input.current.value = "";
    send(text, room);
  };

  return html`<section id="chat" aria-label=${t("conversation", "会話")}>
    <h2 id="channel-name">#${room}</h2>
    <${Connection} />
    <ol id="messages" ref=${list} aria-live="polite" onScroll=${scrolled}>
      ${earlier && html`<li class="earlier"><button type="button" onClick=${async () => {
        const older = await getJson(`/api/rooms/${encodeURIComponent(room)}/conversation?before=${entries[0].seq}&limit=500&viewer=${encodeURIComponent(me())}`);
        stick.current = false;
        setEntries((old) => older.concat(old));
        setEarlier(older.length === 500);
      }}>${t("Show earlier messages", "それ以前のメッセージを表示")}</button></li>`}
      ${shown.length === 0 && html`<li class="empty">${room === "web"
        ? t("Type a command below, e.g. /incident start sev2 db connections failing, or /incident help.", "下にコマンドを入力してください。例：/incident start sev2 db connections failing、/incident help")
        : t("Nothing said in this room yet.", "このルームではまだ発言がありません。")}</li>`}
      ${shown.map((e, i) => html`<li key=${e.seq ?? e.key} class=${e.pending ? "pending" : ""}>
        <${Said} user=${e.user} said=${e.said} at=${e.at} />
        ${e.reply ? html`<${Reply} reply=${e.reply} room=${room} stale=${i !== newest} />`
          : e.privacy === "reply-to-sender" && html`<div class="only-you">${t(`The bot answered @${e.user} privately.`, `ボットは @${e.user} にだけ返信しました。`)}</div>`}
        ${e.reply?.failed && html`<div class="buttons"><button type="button" class="primary" onClick=${() => send(e.said, room, e.key)}>${t("Send again", "もう一度送る")}</button></div>`}
      </li>`)}
    </ol>
    ${session.canWrite ? "" : html`<p class="read-only" role="status">${session.why}</p>`}
    <form id="composer" onSubmit=${submit}>
      <input id="command" ref=${input} autocomplete="off" disabled=${!session.canWrite}
        placeholder="/incident start sev2 db connections failing" aria-label=${t("command", "コマンド")} />
      <button type="submit" disabled=${!session.canWrite}>${t("Send", "送信")}</button>
    </form>
  </section>`;
}
