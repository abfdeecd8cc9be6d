// The incident's runbooks (the current step in full, its commands ready to copy) and verification
// checks (each with a chart of what was read and its threshold).
import { html, useEffect, useState } from "./ui.js";
import { getJson } from "./api.js";
import { Buttons } from "./buttons.js";
import { CodeBlock, Rich } from "./rich.js";
import { label, t, when } from "./words.js";

const catalogue = new Map();
function useRunbook(id) {
  const [runbook, setRunbook] = useState(catalogue.get(id) ?? null);
  useEffect(() => {
    if (catalogue.has(id)) return;
    getJson(`/api/runbooks/${encodeURIComponent(id)}`).then((r) => { catalogue.set(id, r); setRunbook(r); }).catch(() => {});
  }, [id]);
  return runbook;
}

export function Step({ step }) {
  const commands = step.commands?.length ? step.commands : step.command ? [step.command] : [];
  return html`<div class=${`step${step.destructive ? " destructive" : ""}`}>
    <div class="step-title">${step.destructive ? "⚠️ " : ""}${step.number}. ${step.title}</div>
    ${(step.text ?? step.action) && html`<p class="action"><${Rich} text=${step.text ?? step.action} /></p>`}
    ${commands.map((c) => html`<${CodeBlock} code=${c} />`)}
    ${step.expect && html`<p><b>${t("Expect", "期待される結果")}:</b> <${Rich} text=${step.expect} /></p>`}
    ${step.ifNot && html`<p><b>${t("If not", "そうでなければ")}:</b> <${Rich} text=${step.ifNot} /></p>`}
  </div>`;
}

function Running({ run, incident }) {
  const runbook = useRunbook(run.id);
  const step = runbook?.steps?.find((s) => s.number === run.current);
  return html`<li class="runbook">
    <div><a href=${`#/runbooks/${encodeURIComponent(run.id)}`}><code>${run.id}</code></a> ${run.title}</div>
    <progress max=${run.steps.length} value=${run.finished ? run.steps.length : run.current - 1}></progress>
    ${run.finished
      ? html`<span>${t("finished", "完了")}</span>`
      : html`<span>${t(`step ${run.current}/${run.steps.length}: ${run.steps[run.current - 1]}`, `ステップ ${run.current}/${run.steps.length}：${run.steps[run.current - 1]}`)}</span>
        ${step && html`<${Step} step=${step} />`}
        <${Buttons} buttons=${[{ label: t("Show step in the room", "ルームにステップを表示"), command: `/incident runbook ${run.id} ${incident.id}`, style: "default" }]} room=${incident.room} />`}
  </li>`;
}

export function Runbooks({ incident }) {
  const waiting = incident.proposals.filter((p) => !incident.runbooks.some((r) => r.id === p.id));
  return html`<h3 id="runbooks-h">${t("Runbooks", "ランブック")}</h3>
    <ul id="runbooks">
      ${incident.runbooks.length + waiting.length === 0 && html`<li class="empty">${t("No runbook running or proposed.", "実行中・提案中のランブックはありません。")} <a href="#/runbooks">${t("Catalogue", "一覧")}</a></li>`}
      ${incident.runbooks.map((run) => html`<${Running} key=${run.id} run=${run} incident=${incident} />`)}
      ${waiting.map((p) => html`<li class="empty">${t("proposed", "提案")}: <code>${p.id}</code> — ${p.reasons.join("; ")}
        <${Buttons} buttons=${[{ label: t(`Run ${p.id}`, `${p.id} を実行`), command: `/incident runbook ${p.id} ${incident.id}`, style: "default" }]} room=${incident.room} /></li>`)}
    </ul>`;
}

/** A small line chart of datapoints, with the threshold as a dashed line when there is one. */
export function Chart({ points, threshold }) {
  const width = 240, height = 48, pad = 2;
  const times = points.map((p) => Date.parse(p.at));
  const values = points.map((p) => p.value).concat(threshold == null ? [] : [threshold]);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (v) => pad + (t1 === t0 ? (width - 2 * pad) / 2 : ((v - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (v) => height - pad - (v1 === v0 ? (height - 2 * pad) / 2 : ((v - v0) / (v1 - v0)) * (height - 2 * pad));
  const line = points.map((p, i) => `${x(times[i]).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  return html`<svg class="chart" viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${`${points.length} datapoints from ${v0} to ${v1}`}>
    <polyline class="series" points=${line} />
    ${threshold != null && html`<line class="threshold" x1=${pad} x2=${width - pad} y1=${y(threshold)} y2=${y(threshold)} />`}
  </svg>`;
}

export function Checks({ incident }) {
  const none = incident.checks.length + incident.snapshots.length === 0;
  return html`<h3 id="checks-h">${t("Verification checks", "復旧確認のチェック")}</h3>
    <ul id="checks">
      ${none && html`<li class="empty">${t("No checks:", "チェックはありません：")} <code>${"/incident check add <Namespace> <Metric> [Name=Value] < 70 for 10m"}</code></li>`}
      ${incident.checks.map((c) => html`<li class=${`check ${c.outcome.replace(" ", "-")}`}>#${c.number} <code>${c.condition}</code> (${c.source}): <strong>${label(c.outcome)}</strong>${c.detail ? ` — ${c.detail}` : ""}
        ${c.readAt && html` <small>${when(c.readAt)}</small>`}
        ${c.points.length > 0 && html`<${Chart} points=${c.points} threshold=${c.threshold} />`}</li>`)}
      ${incident.snapshots.map((s) => html`<li class="snapshot">${t("Evidence", "証跡")}: <code>${s.metric}</code> ${s.why}${s.problem ? ` — ${s.problem}` : ""}
        ${s.points.length > 0 && html`<${Chart} points=${s.points} threshold=${null} />`}</li>`)}
    </ul>`;
}
