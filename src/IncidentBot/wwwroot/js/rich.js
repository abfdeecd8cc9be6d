// The bot's text as people should read it: `code` in a monospace span that never breaks mid-token,
// and a command or code line as a block with a copy button. Nothing anyone typed becomes markup:
// preact escapes every string.
import { html, useRef, useState } from "./ui.js";
import { t } from "./words.js";

/** Text with `code` spans; line breaks kept by the stylesheet. */
export function Rich({ text }) {
  const pieces = String(text ?? "").split(/`([^`]+)`/);
  return pieces.map((piece, i) => (i % 2 ? html`<code>${piece}</code>` : piece));
}

/** A command or a line of code to run: monospace, scrolls rather than wraps, with a copy button. */
export function CodeBlock({ code }) {
  const [copied, setCopied] = useState(false);
  const pre = useRef(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
    } catch {
      // Without clipboard access (plain http off loopback), select the text so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(pre.current);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return html`<div class="codeblock"><pre ref=${pre}><code>${code}</code></pre>
    <button type="button" class="copy" onClick=${copy} aria-label=${t("Copy the command", "コマンドをコピー")}>${copied ? t("Copied", "コピーしました") : t("Copy", "コピー")}</button></div>`;
}

/** Only http(s) links the bot built are links. */
export function Links({ links }) {
  const safe = (links ?? []).filter((l) => /^https?:\/\//.test(l.url));
  return safe.map((l, i) => html`${i ? " · " : ""}<a href=${l.url} target="_blank" rel="noopener">${l.title}</a>`);
}
