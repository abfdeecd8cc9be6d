// The postmortem editor on the incident page: pick a section, write it in Markdown, preview it as the
// draft will show it, save it (PUT /api/incidents/{id}/postmortem/sections/{section}, the same as
// /incident postmortem write). Uses app.js's state, $, escapeHtml and authHeaders.
"use strict";

const pm = { incident: null, sections: {}, dirty: false };

function pmShow(incident) {
  const form = $("pm-editor");
  form.hidden = !incident;
  if (!incident) return;
  const p = incident.postmortem || {};
  pm.sections = p.sections || {};
  const unwritten = (p.unwritten || []).length;
  $("pm-state").textContent = `${p.status || "draft"}${unwritten ? ` · ${unwritten} to write` : " · every required section written"}`;
  if (pm.incident !== incident.id) {
    pm.incident = incident.id;
    pm.dirty = false;
    $("pm-preview").innerHTML = "";
    $("pm-status").textContent = "";
  }
  if (!pm.dirty) $("pm-text").value = pm.sections[$("pm-section").value] || "";
}

async function pmPreview() {
  const response = await fetch("/api/postmortem/preview", {
    method: "POST",
    headers: { "Content-Type": "text/markdown", ...authHeaders },
    body: $("pm-text").value,
  });
  // The server renders with raw HTML disabled: people's words cannot become markup here.
  $("pm-preview").innerHTML = response.ok ? await response.text() : `<p class="refused">${escapeHtml(await response.text())}</p>`;
}

async function pmSave(event) {
  event.preventDefault();
  const section = $("pm-section").value;
  const user = encodeURIComponent($("user").value.trim());
  const response = await fetch(`/api/incidents/${pm.incident}/postmortem/sections/${section}?user=${user}`, {
    method: "PUT",
    headers: { "Content-Type": "text/markdown", ...authHeaders },
    body: $("pm-text").value,
  });
  let text;
  try {
    text = (await response.json()).text;
  } catch {
    text = `The bot answered ${response.status}.`;
  }
  $("pm-status").textContent = text;
  $("pm-status").className = response.ok ? "" : "refused";
  if (response.ok) pm.dirty = false;
}

$("pm-section").addEventListener("change", () => {
  pm.dirty = false;
  $("pm-text").value = pm.sections[$("pm-section").value] || "";
  $("pm-preview").innerHTML = "";
});
$("pm-text").addEventListener("input", () => { pm.dirty = true; });
$("pm-preview-button").addEventListener("click", pmPreview);
$("pm-editor").addEventListener("submit", pmSave);
