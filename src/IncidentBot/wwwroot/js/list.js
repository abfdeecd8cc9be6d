// The incidents, open first then newest: filters by phase, severity, service and the day it opened.
// The side list (rooms) shows the open ones; the list page shows all with their filters.
import { html, useEffect, useState } from "./ui.js";
import { getJson, listen } from "./api.js";
import { label, span, t, when } from "./words.js";

const FINISHED = new Set(["closed", "dismissed", "cancelled"]);

/** Incidents from the API, refetched on any change; `query` is the list endpoint's query string. */
export function useIncidents(query) {
  const [incidents, setIncidents] = useState(null);
  useEffect(() => {
    let live = true, timer = null;
    const load = () => getJson(`/api/incidents?${query}`).then((list) => live && setIncidents(list)).catch(() => {});
    // Bursts of changes (an alert storm) refetch once.
    const soon = () => { clearTimeout(timer); timer = setTimeout(load, 250); };
    load();
    const off = [listen("changed", soon), listen("open", load)];
    return () => { live = false; clearTimeout(timer); off.forEach((f) => f()); };
  }, [query]);
  return incidents;
}

/** The open incidents as rooms to go to, beside every page. */
export function Rooms({ current, onPick }) {
  const incidents = useIncidents("open=true&limit=100") ?? [];
  return html`<nav id="rooms" aria-label=${t("rooms", "ルーム")}>
    <h2>${t("Rooms", "ルーム")}</h2>
    <a id="lobby" class=${`room${current === "web" ? " active" : ""}`} data-channel="web" href="#/" onClick=${onPick}>#web <small>${t("lobby", "ロビー")}</small></a>
    <h2>${t("Open incidents", "対応中のインシデント")}</h2>
    <ul id="incidents">
      ${incidents.length === 0 && html`<li class="empty">${t("None open.", "対応中のものはありません。")}</li>`}
      ${incidents.map((i) => html`<li key=${i.id}><a class=${`room${current === i.id.toLowerCase() ? " active" : ""}`} data-channel=${i.id.toLowerCase()} href=${`#/incidents/${i.id}`} onClick=${onPick}>
        ${i.id} <small>${i.severity ?? t("SEV?", "重要度未設定")} · ${label(i.phase)}</small><br />${i.title}</a></li>`)}
    </ul>
    <a class="all" href="#/incidents">${t("All incidents, with filters →", "すべてのインシデント（絞り込み）→")}</a>
  </nav>`;
}

export function IncidentList() {
  const all = useIncidents("limit=500&stats=true");
  const [filter, setFilter] = useState({ phase: "", severity: "", service: "", from: "", to: "" });
  const set = (key) => (e) => setFilter({ ...filter, [key]: e.target.value });
  if (!all) return html`<section class="page" aria-busy="true"><p class="empty">${t("Loading…", "読み込み中…")}</p></section>`;
  const services = [...new Set(all.flatMap((i) => i.services ?? []))].sort();
  const shown = all
    .filter((i) => (filter.phase === "open" ? !FINISHED.has(i.phase) : !filter.phase || i.phase === filter.phase))
    .filter((i) => !filter.severity || (i.severity ?? "unset") === filter.severity)
    .filter((i) => !filter.service || (i.services ?? []).includes(filter.service))
    .filter((i) => !filter.from || when(i.openedAt).slice(0, 10) >= filter.from)
    .filter((i) => !filter.to || when(i.openedAt).slice(0, 10) <= filter.to)
    .sort((a, b) => FINISHED.has(a.phase) - FINISHED.has(b.phase) || b.number - a.number);
  const phases = ["detected", "triage", "recovering", "verifying", "reporting", "closed", "dismissed", "cancelled"];
  return html`<section class="page" id="incident-list" aria-label=${t("incidents", "インシデント")}>
    <h2>${t("Incidents", "インシデント")} <small>${shown.length} / ${all.length}</small></h2>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <label>${t("Phase", "フェーズ")} <select id="filter-phase" onChange=${set("phase")}><option value="">${t("any", "すべて")}</option><option value="open">${t("open", "対応中")}</option>
        ${phases.map((p) => html`<option value=${p}>${label(p)}</option>`)}</select></label>
      <label>${t("Severity", "重要度")} <select id="filter-severity" onChange=${set("severity")}><option value="">${t("any", "すべて")}</option>
        ${["SEV1", "SEV2", "SEV3", "SEV4"].map((s) => html`<option value=${s}>${s}</option>`)}<option value="unset">${t("not set", "未設定")}</option></select></label>
      <label>${t("Service", "サービス")} <select id="filter-service" onChange=${set("service")}><option value="">${t("any", "すべて")}</option>
        ${services.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
      <label>${t("From", "開始日")} <input type="date" id="filter-from" onChange=${set("from")} /></label>
      <label>${t("To", "終了日")} <input type="date" id="filter-to" onChange=${set("to")} /></label>
    </form>
    <table class="incidents">
      <thead><tr><th>${t("Incident", "インシデント")}</th><th>${t("Severity", "重要度")}</th><th>${t("Phase", "フェーズ")}</th><th>${t("Services", "サービス")}</th><th>${t("Opened", "開始")}</th><th>${t("Resolved in", "解決まで")}</th></tr></thead>
      <tbody>${shown.map((i) => html`<tr class=${FINISHED.has(i.phase) ? "finished" : ""}>
        <td><a href=${`#/incidents/${i.id}`}>${i.id}</a> ${i.title}</td><td>${i.severity ?? "–"}</td><td>${label(i.phase)}</td>
        <td>${(i.services ?? []).join(", ")}</td><td>${when(i.openedAt)}</td>
        <td>${i.resolvedAt ? span((Date.parse(i.resolvedAt) - Date.parse(i.openedAt)) / 1000) : "–"}</td></tr>`)}</tbody>
    </table>
    ${shown.length === 0 && html`<p class="empty">${t("No incident matches these filters.", "条件に合うインシデントはありません。")}</p>`}
  </section>`;
}
