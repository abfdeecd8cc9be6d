// The incident's timeline, newest last; key events can be shown alone. Only links the bot built
// (chat permalinks) are links; people's words stay text. A long timeline shows its newest rows at
// once and the earlier ones a batch per frame after, so a busy incident's page is usable at once.
import { html, useEffect, useState } from "./ui.js";

const FIRST = 300, BATCH = 600;
import { t, when } from "./words.js";

export function Timeline({ entries }) {
  const [keyOnly, setKeyOnly] = useState(false);
  const [limit, setLimit] = useState(FIRST);
  useEffect(() => {
    if (limit >= entries.length) return undefined;
    const frame = requestAnimationFrame(() => setLimit(limit + BATCH));
    return () => cancelAnimationFrame(frame);
  }, [limit, entries.length]);
  const all = keyOnly ? entries.filter((e) => e.key) : entries;
  const shown = all.length > limit ? all.slice(all.length - limit) : all;
  return html`<h3 id="timeline-h">${t("Timeline", "タイムライン")} <small>${entries.length}</small>
      <label class="toggle"><input type="checkbox" checked=${keyOnly} onChange=${(e) => setKeyOnly(e.target.checked)} /> ${t("key events only", "重要な出来事のみ")}</label></h3>
    <ol id="timeline" start=${all.length - shown.length + 1}>
      ${shown.map((e) => html`<li key=${e.sequence} class=${e.key ? "key" : ""}>
        <time class="when" title=${e.backdated ? t(`recorded ${when(e.recordedAt)}`, `記録 ${when(e.recordedAt)}`) : null}>${when(e.occurredAt)}${e.backdated ? "*" : ""}</time>
        ${e.key ? " 📌" : ""} @${e.actor}: ${e.correctedText ? html`<span class="superseded">${e.text}</span> ${e.correctedText}` : e.text}
        ${e.link && /^https:\/\//.test(e.link) && html` <a href=${e.link} target="_blank" rel="noopener">↗</a>`}
      </li>`)}
    </ol>`;
}
