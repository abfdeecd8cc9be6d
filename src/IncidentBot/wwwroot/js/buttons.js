// A reply's or the card's buttons. A button whose command needs words only a person can give puts
// the command in the typing box with the placeholder selected; the others send it at once.
import { html } from "./ui.js";
import { send, session } from "./session.js";
import { t } from "./words.js";

export function fill(command) {
  window.dispatchEvent(new CustomEvent("incidentbot:fill", { detail: command }));
}

/** `stale`: the buttons of an older reply, shown but not pressable (the newest reply and the card are current). */
export function Buttons({ buttons, room, stale, disabled = !session.canWrite }) {
  if (!buttons?.length) return null;
  const press = (button) => (button.needsInput ? fill(button.command) : send(button.command, room));
  const why = stale ? t("An older reply: use the newest reply or the card", "古い返信です。最新の返信かカードのボタンを使ってください") : null;
  return html`<div class=${`buttons${stale ? " stale" : ""}`}>
    ${buttons.map((b) => html`<button type="button" class=${b.style} disabled=${stale || disabled} title=${b.command}
      onClick=${() => press(b)}>${b.label}</button>`)}
    ${stale && html`<small class="stale-why" title=${why}>${t("older reply: use the newest or the card", "古い返信：最新の返信かカードを使用")}</small>`}
  </div>`;
}
