// An incident's page beside its conversation: the card (with only the buttons its guards allow),
// roles, work board, hypotheses, runbooks, checks, action items, postmortem and timeline. Refetched
// whenever the change stream says this incident changed.
import { html, useEffect, useState } from "./ui.js";
import { getJson, listen } from "./api.js";
import { Buttons } from "./buttons.js";
import { Checks, Runbooks } from "./panels.js";
import { ActionItems, Postmortem } from "./postmortem.js";
import { Timeline } from "./timeline.js";
import { label, span, t, when } from "./words.js";

const Person = ({ user }) => (user ? `@${user}` : html`<span class="empty">${t("nobody yet", "未定")}</span>`);

function Alerts({ alerts }) {
  const shown = alerts.firingAlerts[0] ?? alerts.first;
  const counts = [t(`${alerts.firing} firing`, `発火中 ${alerts.firing} 件`), t(`${alerts.resolved} resolved`, `解決済み ${alerts.resolved} 件`)];
  if (alerts.unlisted > 0) counts.push(t(`${alerts.unlisted} not listed by Alertmanager`, `Alertmanager の一覧にないもの ${alerts.unlisted} 件`));
  if (!shown) return counts.join(" · ");
  const where = shown.labels.instance ?? shown.labels.service ?? shown.labels.job;
  const words = shown.annotations.description ?? shown.annotations.summary;
  const labels = Object.entries(shown.labels).filter(([k]) => k !== "alertname").map(([k, v]) => `${k}=${v}`).join(", ");
  const links = [];
  if (/^https?:\/\//.test(shown.links[0] ?? "")) links.push([t("source", "発生元"), shown.links[0]]);
  if (/^https?:\/\//.test(shown.annotations.runbook_url ?? "")) links.push([t("runbook", "ランブック"), shown.annotations.runbook_url]);
  if (/^https?:\/\//.test(shown.silenceUrl ?? "")) links.push([t("silence", "サイレンス"), shown.silenceUrl]);
  return html`${shown.status === "firing" ? "🔥" : "✅"} <strong>${shown.name}</strong>${where ? ` (${where})` : ""}${words ? `: ${words}` : ""}
    ${labels && html`<br /><span class="labels">${labels}</span>`}
    ${links.length > 0 && html`<br />${links.map(([title, url], i) => html`${i ? " · " : ""}<a href=${url} target="_blank" rel="noopener">${title}</a>`)}`}
    <br />${counts.join(" · ")}`;
}

function Card({ incident }) {
  const r = incident.roles;
  const rows = [
    [t("Commander", "インシデントコマンダー"), html`<${Person} user=${r.commander} />`],
    [t("Comms", "広報担当"), html`<${Person} user=${r.communications} />`],
    [t("Scribe", "記録担当"), html`<${Person} user=${r.scribe} />`],
    [t("Investigators", "調査担当"), r.investigators.length ? r.investigators.map((u) => `@${u}`).join(", ") : html`<span class="empty">${t("none", "なし")}</span>`],
    [t("Services", "サービス"), incident.services.join(", ") || html`<span class="empty">${t("not named", "未指定")}</span>`],
    [t("Impact", "影響"), incident.impact ?? html`<span class="empty">${t("not recorded", "未記録")}</span>`],
    [t("Opened", "開始"), `${when(incident.openedAt)} · @${incident.openedBy}`],
    incident.durations.toResolve != null
      ? [t("Resolved in", "解決までの時間"), span(incident.durations.toResolve)]
      : [t("Open for", "経過時間"), span((Date.now() - Date.parse(incident.openedAt)) / 1000)],
  ];
  if (incident.alerts.total > 0) rows.push([t("Alerts", "アラート"), html`<${Alerts} alerts=${incident.alerts} />`]);
  return html`<div id="card">
    <h2>${incident.id} · ${incident.severity ?? t("SEV?", "重要度未設定")} <span class=${`phase ${incident.phase}`} id="card-phase">${label(incident.phase)}</span></h2>
    <div class="title"><strong>${incident.title}</strong></div>
    <dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
    <${Buttons} buttons=${incident.actions} room=${incident.room} />
  </div>`;
}

function Board({ claims }) {
  const open = claims.filter((c) => c.status === "open");
  const done = claims.filter((c) => c.status !== "open");
  return html`<h3>${t("Work board", "作業ボード")}</h3>
    <ul id="board">
      ${open.length === 0 && html`<li class="empty">${t("Nobody is working on anything claimed.", "担当中の作業はありません。")}</li>`}
      ${open.map((c) => html`<li>#${c.number} ${c.what} — @${c.owner} <small>${t("since", "開始")} ${when(c.since)}</small></li>`)}
    </ul>
    ${done.length > 0 && html`<details class="finished"><summary>${t(`Finished (${done.length})`, `終了した作業（${done.length}）`)}</summary><ul>
      ${done.map((c) => html`<li>#${c.number} ${c.what} — @${c.owner} <small>${label(c.status)} ${when(c.endedAt)}</small>${c.finding && html`<div class="finding">${c.finding}</div>`}</li>`)}
    </ul></details>`}`;
}

function Hypotheses({ hypotheses }) {
  return html`<h3>${t("Hypotheses", "仮説")}</h3>
    <ul id="hypotheses">
      ${hypotheses.length === 0 && html`<li class="empty">${t("None raised: /incident hypothesis <what you suspect>", "仮説はまだありません：/incident hypothesis <疑っていること>")}</li>`}
      ${hypotheses.map((h) => html`<li class=${`verdict ${h.verdict}`}>#${h.number} ${h.text} <span class="badge">${label(h.verdict)}</span>
        <small>@${h.raisedBy}${h.testedBy ? ` · ${t("tested by", "検証")} @${h.testedBy}` : ""}</small>${h.evidence && html`<div class="finding">${h.evidence}</div>`}</li>`)}
    </ul>`;
}

export function IncidentPanel({ id }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true, asked = 0, timer = null;
    // Only the newest request's answer is shown (an older one can arrive last), and a burst of
    // changes (an alert storm) refetches once.
    const load = async () => {
      const mine = ++asked;
      try {
        const { incident, timeline } = await getJson(`/api/incidents/${id}/view`);
        if (live && mine === asked) { (window.incidentbotTimes ??= {}).fetched ??= performance.now(); setData({ incident, timeline }); setError(null); }
      } catch (e) {
        if (live && mine === asked) setError(e.message);
      }
    };
    const soon = () => { clearTimeout(timer); timer = setTimeout(load, 150); };
    setData(null);
    load();
    const offChanged = listen("changed", (changed) => changed === id && soon());
    const offOpen = listen("open", soon);
    return () => { live = false; clearTimeout(timer); offChanged(); offOpen(); };
  }, [id]);
  useEffect(() => { if (data) window.incidentbotReady = performance.now(); }, [data]);

  if (error && !data) return html`<aside id="details"><p class="refused">${t(`Could not load ${id}: ${error}`, `${id} を読み込めませんでした：${error}`)}</p></aside>`;
  if (!data) return html`<aside id="details" aria-busy="true"><p class="empty">${t("Loading…", "読み込み中…")}</p></aside>`;
  const { incident, timeline } = data;
  return html`<aside id="details" aria-label=${t("incident", "インシデント")}>
    <nav class="jump">${[["card", t("Card", "カード")], ["work", t("Work", "作業")], ["runbooks-h", t("Runbooks", "ランブック")], ["checks-h", t("Checks", "確認")], ["pm", t("Postmortem", "ポストモーテム")], ["timeline-h", t("Timeline", "タイムライン")]]
      .map(([to, name]) => html`<a href=${`#${location.hash.slice(1).split("#")[0]}`} onClick=${(e) => { e.preventDefault(); const panel = document.getElementById("details"), target = document.getElementById(to); if (panel && target) panel.scrollTop += target.getBoundingClientRect().top - panel.getBoundingClientRect().top - 32; }}>${name}</a>`)}</nav>
    <${Card} incident=${incident} />
    <div id="work"><${Board} claims=${incident.claims} /><${Hypotheses} hypotheses=${incident.hypotheses} /></div>
    <${Runbooks} incident=${incident} />
    <${Checks} incident=${incident} />
    <${ActionItems} items=${incident.actionItems ?? []} />
    <${Postmortem} incident=${incident} />
    <${Timeline} entries=${timeline} />
  </aside>`;
}
