// Talking to the bot: the API token (when Api__Token is set, the page is opened as /?token=...), JSON
// reads, commands, and one server-sent event stream shared by everything on the page.
const urlToken = new URLSearchParams(location.search).get("token");
if (urlToken) {
  sessionStorage.setItem("incidentbot.token", urlToken);
  history.replaceState(null, "", location.pathname + location.hash);
}
const token = sessionStorage.getItem("incidentbot.token");
export const authHeaders = token ? { Authorization: `Bearer ${token}` } : {};

export async function getJson(path) {
  const response = await fetch(path, { headers: authHeaders });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** Sends a command as `user` from `room`; resolves to the bot's reply (a refusal when it did not answer). */
export async function sendCommand(text, user, room) {
  try {
    const response = await fetch("/api/commands", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...authHeaders },
      body: JSON.stringify({ text, user, channel: room }),
    });
    const body = await response.json();
    if (response.ok) return body;
    return { ok: false, visibility: "ephemeral", room, text: body.detail || body.title, buttons: [], fields: [], context: [] };
  } catch (error) {
    return { ok: false, visibility: "ephemeral", room, text: `${error.message}`, failed: true, buttons: [], fields: [], context: [] };
  }
}

// The stream says which incident changed ("changed") and which room has a new exchange ("said").
const listeners = { changed: new Set(), said: new Set(), open: new Set() };
let stream;
export function listen(kind, callback) {
  if (!stream) {
    stream = new EventSource(token ? `/api/changes?access_token=${encodeURIComponent(token)}` : "/api/changes");
    for (const name of ["changed", "said"]) {
      stream.addEventListener(name, (event) => listeners[name].forEach((f) => f(event.data)));
    }
    // After a reconnect the page may have missed notices: everything refetches.
    stream.addEventListener("open", () => listeners.open.forEach((f) => f()));
  }
  listeners[kind].add(callback);
  return () => listeners[kind].delete(callback);
}
