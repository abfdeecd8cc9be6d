// The local war room: the same /incident commands and chat-neutral replies as Slack or Teams,
// through POST /api/commands. Incident card, work board and timeline refresh on server-sent events.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { channel: "web", incident: null, logs: { web: [] } };

// With Api__Token set, open the page as /?token=...; the token stays in this tab only.
const urlToken = new URLSearchParams(location.search).get("token");
if (urlToken) {
  sessionStorage.setItem("incidentbot.token", urlToken);
  history.replaceState(null, "", location.pathname);
}
const token = sessionStorage.getItem("incidentbot.token");
const authHeaders = token ? { Authorization: `Bearer ${token}` } : {};

function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Escapes first, then shows `code` spans; nothing a user typed becomes markup.
function rich(text) {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

// The bot's own links (they come beside the text, never inside it); only http(s) addresses.
function linksHtml(links) {
  return (links ?? []).filter((l) => /^https?:\/\//.test(l.url))
    .map((l) => `<a href="${escapeHtml(l.url)}" target="_blank" rel="noopener">${escapeHtml(l.title)}</a>`).join(" · ");
}

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

// A small line chart of datapoints, with the threshold as a dashed line when there is one.
function chart(points, threshold) {
  const width = 240, height = 48, pad = 2;
  const times = points.map((p) => Date.parse(p.at));
  const values = points.map((p) => p.value).concat(threshold == null ? [] : [threshold]);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (t) => pad + (t1 === t0 ? (width - 2 * pad) / 2 : ((t - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (v) => height - pad - (v1 === v0 ? (height - 2 * pad) / 2 : ((v - v0) / (v1 - v0)) * (height - 2 * pad));
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${points.length} datapoints from ${v0} to ${v1}`);
  const line = document.createElementNS(svg.namespaceURI, "polyline");
  line.setAttribute("points", points.map((p, i) => `${x(times[i]).toFixed(1)},${y(p.value).toFixed(1)}`).join(" "));
  line.setAttribute("class", "series");
  svg.append(line);
  if (threshold != null) {
    const rule = document.createElementNS(svg.namespaceURI, "line");
    rule.setAttribute("x1", pad); rule.setAttribute("x2", width - pad);
    rule.setAttribute("y1", y(threshold)); rule.setAttribute("y2", y(threshold));
    rule.setAttribute("class", "threshold");
    svg.append(rule);
  }
  return svg;
}

async function getJson(path) {
  const response = await fetch(path, { headers: authHeaders });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function send(text) {
  const user = $("user").value.trim() || "alice";
  localStorage.setItem("incidentbot.user", user);
  const channel = state.channel, said = { said: text, user };
  log(channel, said);
  let reply;
  try {
    const response = await fetch("/api/commands", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...authHeaders },
      body: JSON.stringify({ text, user, channel }),
    });
    reply = await response.json();
    if (!response.ok) reply = { ok: false, visibility: "ephemeral", text: reply.detail || reply.title, buttons: [], fields: [], context: [] };
  } catch (error) {
    reply = { ok: false, visibility: "ephemeral", text: `The bot did not answer (${error.message}). Nothing was recorded; send it again.`, buttons: [], fields: [], context: [] };
  }
  // The command and its reply belong to the room of the incident they concern (a start lands in the new room).
  const room = reply.ok && reply.incident ? reply.incident.toLowerCase() : channel;
  if (room !== channel) { state.logs[channel].splice(state.logs[channel].indexOf(said), 1); (state.logs[room] ??= []).push(said); }
  log(room, { reply });
  if (reply.ok && reply.incident && reply.incident !== state.incident) openIncident(reply.incident);
  await refresh();
}

function log(channel, entry) {
  (state.logs[channel] ??= []).push(entry);
  if (channel === state.channel) renderMessages();
}

function renderReply(reply) {
  const box = el("div", `reply${reply.ok ? "" : " refused"}${reply.visibility === "ephemeral" ? " ephemeral" : ""}`);
  if (reply.header) box.append(el("div", "header", rich(reply.header)));
  box.append(el("div", "text", rich(reply.text)));
  if (reply.fields?.length) {
    const dl = el("dl", "fields");
    for (const field of reply.fields) {
      dl.append(el("dt", "", escapeHtml(field.title)), el("dd", "", rich(field.value)));
    }
    box.append(dl);
  }
  for (const line of reply.context ?? []) box.append(el("div", "context", rich(line)));
  if (reply.links?.length) box.append(el("div", "context links", linksHtml(reply.links)));
  box.append(renderButtons(reply.buttons ?? []));
  return box;
}

function renderButtons(buttons) {
  const row = el("div", "buttons");
  for (const button of buttons) {
    const node = el("button", button.style, escapeHtml(button.label));
    node.type = "button";
    node.title = button.command;
    node.addEventListener("click", () => {
      if (button.needsInput) {
        // The command needs words only a person can give: put it in the box with the placeholder selected.
        const input = $("command");
        input.value = button.command;
        const start = button.command.indexOf("<");
        input.focus();
        input.setSelectionRange(start, button.command.indexOf(">", start) + 1);
      } else {
        send(button.command);
      }
    });
    row.append(node);
  }
  return row;
}

function renderMessages() {
  const list = $("messages");
  list.replaceChildren();
  for (const entry of state.logs[state.channel] ?? []) {
    const item = el("li");
    if (entry.said) item.append(el("div", "said", `<b>@${escapeHtml(entry.user)}</b> ${escapeHtml(entry.said)}`));
    else item.append(renderReply(entry.reply));
    list.append(item);
  }
  list.scrollTop = list.scrollHeight;
  $("channel-name").textContent = `#${state.channel}`;
  for (const room of document.querySelectorAll(".room")) {
    room.classList.toggle("active", room.dataset.channel === state.channel);
  }
}

function openIncident(id) {
  state.incident = id;
  state.channel = id.toLowerCase();
  renderMessages();
  refresh();
}

async function refresh() {
  await Promise.all([refreshList(), refreshIncident()]);
}

async function refreshList() {
  const all = await getJson("/api/incidents");
  const showAll = $("show-all").checked;
  const finished = new Set(["closed", "dismissed", "cancelled"]);
  const list = $("incidents");
  list.replaceChildren();
  for (const incident of all.filter((i) => showAll || !finished.has(i.phase))) {
    const item = el("li");
    const button = el("button", "room",
      `${escapeHtml(incident.id)} <small>${escapeHtml(incident.severity ?? "SEV?")} · ${escapeHtml(incident.phase)}</small><br>${escapeHtml(incident.title)}`);
    button.dataset.channel = incident.id.toLowerCase();
    button.addEventListener("click", () => openIncident(incident.id));
    item.append(button);
    list.append(item);
  }
  renderMessages();
}

// What the alerts say: the first firing one (else the first), its words, labels and links, then the counts.
function alertsHtml(alerts) {
  const shown = alerts.firingAlerts[0] ?? alerts.first;
  const parts = [];
  if (shown) {
    const where = shown.labels.instance ?? shown.labels.service ?? shown.labels.job;
    const words = shown.annotations.description ?? shown.annotations.summary;
    parts.push(`${shown.status === "firing" ? "🔥" : "✅"} <strong>${escapeHtml(shown.name)}</strong>${where ? ` (${escapeHtml(where)})` : ""}${words ? ": " + escapeHtml(words) : ""}`);
    const labels = Object.entries(shown.labels).filter(([k]) => k !== "alertname").map(([k, v]) => `${k}=${v}`).join(", ");
    if (labels) parts.push(`<span class="labels">${escapeHtml(labels)}</span>`);
    const links = [];
    if (shown.links[0]) links.push(["source", shown.links[0]]);
    if (/^https?:\/\//.test(shown.annotations.runbook_url ?? "")) links.push(["runbook", shown.annotations.runbook_url]);
    if (shown.silenceUrl) links.push(["silence", shown.silenceUrl]);
    if (links.length) parts.push(links.map(([t, u]) => `<a href="${escapeHtml(u)}" target="_blank" rel="noopener">${t}</a>`).join(" · "));
  }
  const counts = [`${alerts.firing} firing`, `${alerts.resolved} resolved`];
  if (alerts.unlisted > 0) counts.push(`${alerts.unlisted} not listed by Alertmanager`);
  parts.push(counts.join(" · "));
  return parts.join("<br>");
}

async function refreshIncident() {
  if (!state.incident) return;
  const [incident, timeline] = await Promise.all([
    getJson(`/api/incidents/${state.incident}`),
    getJson(`/api/incidents/${state.incident}/timeline`),
  ]);
  if (typeof pmShow === "function") pmShow(incident);
  const roles = incident.roles;
  const person = (user) => (user ? `@${escapeHtml(user)}` : "<span class=empty>nobody yet</span>");
  const card = $("card");
  card.replaceChildren(
    el("h2", "", `${escapeHtml(incident.id)} · ${escapeHtml(incident.severity ?? "SEV?")} <span class="phase" id="card-phase">${escapeHtml(incident.phase)}</span>`),
    el("div", "", `<strong>${escapeHtml(incident.title)}</strong>`),
    el("dl", "", [
      ["Commander", person(roles.commander)],
      ["Comms", person(roles.communications)],
      ["Scribe", person(roles.scribe)],
      ["Investigators", roles.investigators.map((u) => `@${escapeHtml(u)}`).join(", ") || "<span class=empty>none</span>"],
      ["Impact", escapeHtml(incident.impact ?? "not recorded")],
      ["Opened", `${new Date(incident.openedAt).toLocaleString()} by @${escapeHtml(incident.openedBy)}`],
      ...(incident.alerts.total > 0 ? [["Alerts", alertsHtml(incident.alerts)]] : []),
    ].map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")),
    renderButtons(incident.actions),
  );
  const runbooks = $("runbooks");
  runbooks.replaceChildren();
  for (const runbook of incident.runbooks) {
    const where = runbook.finished ? "finished" : `step ${runbook.current}/${runbook.steps.length}: ${escapeHtml(runbook.steps[runbook.current - 1])}`;
    const item = el("li", "", `<code>${escapeHtml(runbook.id)}</code> ${where}`);
    if (!runbook.finished) item.append(renderButtons([{ label: "Show step", command: `/incident runbook ${runbook.id} ${incident.id}`, style: "default" }]));
    runbooks.append(item);
  }
  const waiting = incident.proposals.filter((p) => !incident.runbooks.some((r) => r.id === p.id));
  for (const proposal of waiting) {
    const item = el("li", "empty", `proposed: <code>${escapeHtml(proposal.id)}</code> — ${escapeHtml(proposal.reasons.join("; "))}`);
    item.append(renderButtons([{ label: `Run ${proposal.id}`, command: `/incident runbook ${proposal.id} ${incident.id}`, style: "default" }]));
    runbooks.append(item);
  }
  if (!runbooks.children.length) runbooks.append(el("li", "empty", "No runbook running or proposed."));
  const checks = $("checks");
  checks.replaceChildren();
  for (const check of incident.checks) {
    const item = el("li", `check ${check.outcome.replace(" ", "-")}`, `#${check.number} <code>${escapeHtml(check.condition)}</code> (${escapeHtml(check.source)}): <strong>${escapeHtml(check.outcome)}</strong>${check.detail ? " — " + escapeHtml(check.detail) : ""}`);
    if (check.points.length) item.append(chart(check.points, check.threshold));
    checks.append(item);
  }
  for (const snapshot of incident.snapshots) {
    const item = el("li", "snapshot", `Evidence: <code>${escapeHtml(snapshot.metric)}</code> ${escapeHtml(snapshot.why)}${snapshot.problem ? " — " + escapeHtml(snapshot.problem) : ""}`);
    if (snapshot.points.length) item.append(chart(snapshot.points, null));
    checks.append(item);
  }
  if (!checks.children.length) checks.append(el("li", "empty", "No checks: <code>/incident check add &lt;Namespace&gt; &lt;Metric&gt; [Name=Value] &lt; 70 for 10m</code>"));
  const board = $("board");
  board.replaceChildren();
  const open = incident.claims.filter((c) => c.status === "open");
  if (open.length === 0) board.append(el("li", "empty", "Nobody has claimed work."));
  for (const claim of open) {
    board.append(el("li", "", `#${claim.number} ${escapeHtml(claim.what)} — @${escapeHtml(claim.owner)} since ${new Date(claim.since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`));
  }
  const list = $("timeline");
  list.replaceChildren();
  for (const entry of timeline) {
    const when = new Date(entry.occurredAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const text = entry.correctedText
      ? `<span class="superseded">${escapeHtml(entry.text)}</span> ${escapeHtml(entry.correctedText)}`
      : escapeHtml(entry.text);
    // Only links the bot built (chat permalinks) are links; people's words stay text.
    const link = entry.link && /^https:\/\//.test(entry.link) ? ` <a href="${escapeHtml(entry.link)}" target="_blank" rel="noopener">↗</a>` : "";
    list.append(el("li", entry.key ? "key" : "", `<span class="when">${when}${entry.backdated ? "*" : ""}</span> ${entry.key ? "📌 " : ""}@${escapeHtml(entry.actor)}: ${text}${link}`));
  }
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("command").value.trim();
  if (!text) return;
  $("command").value = "";
  send(text.startsWith("/") ? text : `/incident ${text}`);
});
$("lobby").addEventListener("click", () => { state.channel = "web"; renderMessages(); });
$("show-all").addEventListener("change", refreshList);
$("user").value = localStorage.getItem("incidentbot.user") || "alice";

// Server-sent events say which incident changed; the page refetches what it shows.
const changes = new EventSource(token ? `/api/changes?access_token=${encodeURIComponent(token)}` : "/api/changes");
changes.addEventListener("changed", () => refresh().catch(() => {}));

refresh().catch(() => {});
