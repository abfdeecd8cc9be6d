// The metrics page: incidents, MTTA and MTTR, and each phase's median duration, week by week (or day
// or month), as charts (uPlot, loaded only here) and as a table with the same numbers.
import { html, useEffect, useRef, useState } from "./ui.js";
import { getJson } from "./api.js";
import { span, t, when } from "./words.js";

let uplotLoading;
function loadUplot() {
  uplotLoading ??= new Promise((resolve, reject) => {
    const css = Object.assign(document.createElement("link"), { rel: "stylesheet", href: "vendor/uplot/uPlot.min.css" });
    const script = Object.assign(document.createElement("script"), { src: "vendor/uplot/uPlot.iife.min.js", onload: () => resolve(window.uPlot), onerror: reject });
    document.head.append(css, script);
  });
  return uplotLoading;
}

const minutes = (s) => (s == null ? null : s / 60);

function Plot({ title, id, xs, series }) {
  const box = useRef(null);
  useEffect(() => {
    let plot, live = true;
    loadUplot().then((uPlot) => {
      if (!live) return;
      const width = Math.max(280, Math.min(760, box.current.clientWidth));
      plot = new uPlot({
        title, width, height: 220,
        scales: { x: { time: true } },
        axes: [{}, { label: series[0].unit, size: 60 }],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: true }, spanGaps: false }))],
      }, [xs, ...series.map((s) => s.values)], box.current);
    }).catch(() => { if (box.current) box.current.textContent = t("The chart library could not be loaded.", "グラフを読み込めませんでした。"); });
    return () => { live = false; plot?.destroy(); };
  }, [xs, series]);
  return html`<figure class="plot" id=${id} ref=${box} aria-label=${title}></figure>`;
}

export function MetricsPage() {
  const [bucket, setBucket] = useState("week");
  const [series, setSeries] = useState(null);
  useEffect(() => {
    setSeries(null);
    getJson(`/api/metrics/incidents/series?bucket=${bucket}&count=${bucket === "day" ? 30 : 12}`).then(setSeries).catch(() => setSeries([]));
  }, [bucket]);
  if (!series) return html`<section class="page" aria-busy="true"><p class="empty">${t("Loading…", "読み込み中…")}</p></section>`;
  const xs = series.map((r) => Date.parse(r.from) / 1000);
  const phase = (name) => series.map((r) => minutes(r.phases[name]?.p50));
  return html`<section class="page" id="metrics-page" aria-label=${t("metrics", "メトリクス")}>
    <h2>${t("Metrics", "メトリクス")}</h2>
    <label>${t("Per", "集計単位")} <select id="bucket" value=${bucket} onChange=${(e) => setBucket(e.target.value)}>
      <option value="day">${t("day", "日")}</option><option value="week">${t("week", "週")}</option><option value="month">${t("month", "月")}</option></select></label>
    <${Plot} id="plot-mttx" title=${t("Mean time to acknowledge and to resolve (minutes)", "平均確認時間と平均解決時間（分）")} xs=${xs} series=${[
      { label: "MTTA", unit: t("min", "分"), color: "#1f6feb", values: series.map((r) => minutes(r.mtta)) },
      { label: "MTTR", unit: t("min", "分"), color: "#d1242f", values: series.map((r) => minutes(r.mttr)) },
    ]} />
    <${Plot} id="plot-phases" title=${t("Median time from opening to each milestone (minutes)", "開始から各段階までの中央値（分）")} xs=${xs} series=${[
      { label: t("acknowledged", "確認"), unit: t("min", "分"), color: "#1f6feb", values: phase("acknowledge") },
      { label: t("mitigated", "緩和"), unit: t("min", "分"), color: "#bf8700", values: phase("mitigate") },
      { label: t("resolved", "解決"), unit: t("min", "分"), color: "#d1242f", values: phase("resolve") },
      { label: t("closed", "クローズ"), unit: t("min", "分"), color: "#8250df", values: phase("close") },
    ]} />
    <${Plot} id="plot-count" title=${t("Incidents opened", "発生したインシデント数")} xs=${xs} series=${[
      { label: t("incidents", "件数"), unit: t("count", "件"), color: "#1a7f37", values: series.map((r) => r.incidents) },
    ]} />
    <table class="incidents" id="metrics-table">
      <thead><tr><th>${t("From", "期間の開始")}</th><th>${t("Incidents", "件数")}</th><th>MTTA</th><th>MTTR</th><th>${t("Postmortems published", "公開済みポストモーテム")}</th></tr></thead>
      <tbody>${series.map((r) => html`<tr><td>${when(r.from).slice(0, 10)}</td><td>${r.incidents}</td><td>${span(r.mtta)}</td><td>${span(r.mttr)}</td>
        <td>${r.postmortemsRequired ? `${r.postmortemsPublished}/${r.postmortemsRequired}` : "–"}</td></tr>`)}</tbody>
    </table>
  </section>`;
}
