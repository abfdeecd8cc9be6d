// The runbook catalogue: every runbook the bot has loaded, and one runbook's steps in full, each
// command in monospace with a copy button, destructive steps marked.
import { html, useEffect, useState } from "./ui.js";
import { getJson } from "./api.js";
import { Step } from "./panels.js";
import { t } from "./words.js";

function Source({ runbook }) {
  const url = runbook.sourceUrl;
  return url && /^https?:\/\//.test(url)
    ? html`<a href=${url} target="_blank" rel="noopener">${runbook.source}</a>`
    : html`<code>${runbook.source}</code>`;
}

export function Catalogue({ id }) {
  const [runbooks, setRunbooks] = useState(null);
  useEffect(() => { getJson("/api/runbooks").then(setRunbooks).catch(() => setRunbooks([])); }, []);
  if (!runbooks) return html`<section class="page" aria-busy="true"><p class="empty">${t("Loading…", "読み込み中…")}</p></section>`;
  const one = id && runbooks.find((r) => r.id === id);
  if (one) {
    return html`<section class="page" id="runbook" aria-label=${one.title}>
      <p><a href="#/runbooks">← ${t("All runbooks", "ランブック一覧")}</a></p>
      <h2><code>${one.id}</code> ${one.title}</h2>
      ${one.summary && html`<p class="summary">${one.summary}</p>`}
      <p class="context">${t("Services", "サービス")}: ${(one.services ?? []).join(", ") || "–"} · ${t("Source", "ファイル")}: <${Source} runbook=${one} /></p>
      <p class="context">${t("Run it in an incident's room:", "インシデントのルームで実行：")} <code>/incident runbook ${one.id}</code></p>
      <ol class="steps">${one.steps.map((s) => html`<li><${Step} step=${s} /></li>`)}</ol>
    </section>`;
  }
  return html`<section class="page" id="catalogue" aria-label=${t("runbooks", "ランブック")}>
    <h2>${t("Runbooks", "ランブック")} <small>${runbooks.length}</small></h2>
    ${id && html`<p class="refused">${t(`There is no runbook '${id}'.`, `ランブック「${id}」はありません。`)}</p>`}
    <ul class="catalogue">${runbooks.map((r) => html`<li><a href=${`#/runbooks/${encodeURIComponent(r.id)}`}><code>${r.id}</code> ${r.title}</a>
      <small>${(r.services ?? []).join(", ")} · ${t(`${r.steps.length} steps`, `${r.steps.length} ステップ`)}</small></li>`)}</ul>
  </section>`;
}
