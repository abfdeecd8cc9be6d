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
    let done = false;
    try {
      await navigator.clipboard.writeText(code);
      done = true;
    } catch {
      // Without the clipboard API (plain http off loopback) the browser's own copy of a selection may
      // still work; if even that fails, the text stays selected and the button says to press Ctrl+C.
      const range = document.createRange();
      range.selectNodeContents(pre.current);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      done = document.execCommand?.("copy") === true;
    }
    setCopied(done ? "copied" : "selected");
    setTimeout(() => setCopied(false), done ? 1500 : 6000);
  };
  return html`<div class="codeblock"><pre ref=${pre}><code>${code}</code></pre>
    <button type="button" class="copy" onClick=${copy} title=${t("Copy the command", "コマンドをコピー")}>${copied === "copied" ? t("Copied", "コピーしました")
      : copied === "selected" ? t("Selected: press Ctrl+C", "選択しました：Ctrl+C でコピー") : t("Copy", "コピー")}</button>
    <span class="visually-hidden" role="status">${copied === "copied" ? t("Copied", "コピーしました") : ""}</span></div>`;
}

/** Only http(s) links the bot built are links. */
export function Links({ links }) {
  const safe = (links ?? []).filter((l) => /^https?:\/\//.test(l.url));
  return safe.map((l, i) => html`${i ? " · " : ""}<a href=${l.url} target="_blank" rel="noopener">${l.title}</a>`);
}
