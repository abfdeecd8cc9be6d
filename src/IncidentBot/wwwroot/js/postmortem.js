// The incident's action items and its postmortem: status, what is still unwritten, the draft as
// links, and the Markdown editor (PUT /api/incidents/{id}/postmortem/sections/{section}, the same as
// /incident postmortem write), with a preview rendered by the server with raw HTML disabled.
import { html, useEffect, useRef, useState } from "./ui.js";
import { authHeaders } from "./api.js";
import { me, session } from "./session.js";
import { label, t } from "./words.js";

const SECTIONS = ["summary", "impact", "root-cause", "trigger", "detection", "went-well", "went-badly", "lucky", "notes"];

export function ActionItems({ items }) {
  return html`<h3>${t("Action items", "アクションアイテム")}</h3>
    <ul id="actions">
      ${items.length === 0 && html`<li class="empty">${t("None yet: /incident action <what> @owner due <YYYY-MM-DD>", "まだありません：/incident action <内容> @担当者 due <YYYY-MM-DD>")}</li>`}
      ${items.map((a) => html`<li class=${`action ${a.status}`}>#${a.number} ${a.text} — @${a.owner} <small>${t("due", "期限")} ${a.due} · ${label(a.status)}</small>
        ${a.ticketUrl && /^https?:\/\//.test(a.ticketUrl) ? html` <a href=${a.ticketUrl} target="_blank" rel="noopener">${a.ticket}</a>` : a.ticket ? ` ${a.ticket}` : ""}</li>`)}
    </ul>`;
}

export function Postmortem({ incident }) {
  const p = incident.postmortem ?? {};
  const [section, setSection] = useState("summary");
  const [status, setStatus] = useState({ text: "", refused: false });
  const [preview, setPreview] = useState(null);
  const text = useRef(null);
  const dirty = useRef(false);
  // Someone else's save shows here unless this person is in the middle of writing.
  useEffect(() => { if (!dirty.current && text.current) text.current.value = p.sections?.[section] ?? ""; }, [incident.version, section]);
  useEffect(() => { dirty.current = false; setPreview(null); setStatus({ text: "", refused: false }); }, [incident.id]);

  const showPreview = async () => {
    const response = await fetch("/api/postmortem/preview", { method: "POST", headers: { "Content-Type": "text/markdown", ...authHeaders }, body: text.current.value });
    setPreview({ html: response.ok ? await response.text() : "", refused: response.ok ? null : await response.text() });
  };
  const save = async (event) => {
    event.preventDefault();
    const response = await fetch(`/api/incidents/${incident.id}/postmortem/sections/${section}?user=${encodeURIComponent(me())}`, {
      method: "PUT", headers: { "Content-Type": "text/markdown", ...authHeaders }, body: text.current.value,
    });
    let said;
    try { const body = await response.json(); said = body.text ?? body.detail; } catch { said = t(`The bot answered ${response.status}.`, `ボットの応答は ${response.status} でした。`); }
    setStatus({ text: said, refused: !response.ok });
    if (response.ok) dirty.current = false;
  };
  const unwritten = p.unwritten ?? [];
  return html`<h3 id="pm">${t("Postmortem", "ポストモーテム")} <small id="pm-state">${label(p.status ?? "draft")}${unwritten.length ? t(` · ${unwritten.length} to write`, ` · 未記入 ${unwritten.length}`) : t(" · every required section written", " · 必須の項目はすべて記入済み")}</small></h3>
    <p class="pm-links">${t("Draft", "下書き")}: <a href=${`/api/incidents/${incident.id}/postmortem?format=html`} target="_blank" rel="noopener">HTML</a> · <a href=${`/api/incidents/${incident.id}/postmortem?format=md`} target="_blank" rel="noopener">Markdown</a>
      ${unwritten.length > 0 && html`<br />${t("Still to write", "未記入")}: ${unwritten.map((s, i) => html`${i ? ", " : ""}<code>${s}</code>`)}`}
      ${(p.approvals ?? []).length > 0 && html`<br />${t("Approved by", "承認")}: ${p.approvals.map((a) => `@${a}`).join(", ")}`}</p>
    <form id="pm-editor" onSubmit=${save}>
      <label>${t("Section", "項目")} <select id="pm-section" value=${section} onChange=${(e) => { dirty.current = false; setSection(e.target.value); setPreview(null); }}>
        ${SECTIONS.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
      <textarea id="pm-text" ref=${text} rows="6" onInput=${() => { dirty.current = true; }} disabled=${!session.canWrite}
        placeholder=${t("In your words, Markdown; n/a <reason> when it does not apply", "自分の言葉で（Markdown）。該当しない場合は n/a <理由>")} aria-label=${t("section text (Markdown)", "項目の本文（Markdown）")}></textarea>
      <div class="pm-actions"><button type="button" id="pm-preview-button" onClick=${showPreview}>${t("Preview", "プレビュー")}</button> <button type="submit" disabled=${!session.canWrite}>${t("Save section", "項目を保存")}</button></div>
      <p id="pm-status" role="status" class=${status.refused ? "refused" : ""}>${status.text}</p>
      ${preview?.refused && html`<p class="refused">${preview.refused}</p>`}
      <div id="pm-preview" class="pm-preview" aria-label=${t("preview", "プレビュー")} dangerouslySetInnerHTML=${{ __html: preview?.html ?? "" }}></div>
    </form>`;
}
