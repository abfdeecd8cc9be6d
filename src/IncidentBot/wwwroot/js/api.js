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

/**
 * Sends a command as `user` from `room` under the idempotency `key` (the same key again never runs it
 * twice); resolves to the bot's reply. A reply the bot did not give (the request was refused before
 * it, or never arrived) carries no `room`: nothing was kept, so the page keeps it itself.
 */
export async function sendCommand(text, user, room, key) {
  try {
    const response = await fetch("/api/commands", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": key, ...authHeaders },
      body: JSON.stringify({ text, user, channel: room }),
    });
    const body = await response.json().catch(() => ({ title: `${response.status} ${response.statusText}` }));
    if (response.ok) return body;
    return { ok: false, visibility: "ephemeral", text: body.detail || body.title, buttons: [], fields: [], context: [] };
  } catch (error) {
    return { ok: false, visibility: "ephemeral", text: `${error.message}`, failed: true, buttons: [], fields: [], context: [] };
  }
}

/** A fresh idempotency key (randomUUID needs a secure context; plain http off loopback has none). */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// The stream says which incident changed ("changed") and which room has a new exchange ("said");
// "state" tells the page whether it is live ("live", "reconnecting", "closed").
const listeners = { changed: new Set(), said: new Set(), open: new Set(), state: new Set() };
let stream;
export function listen(kind, callback) {
  if (!stream) {
    stream = new EventSource(token ? `/api/changes?access_token=${encodeURIComponent(token)}` : "/api/changes");
    for (const name of ["changed", "said"]) {
      stream.addEventListener(name, (event) => listeners[name].forEach((f) => f(event.data)));
    }
    // After a reconnect the page may have missed notices: everything refetches.
    stream.addEventListener("open", () => { listeners.state.forEach((f) => f("live")); listeners.open.forEach((f) => f()); });
    // The browser retries by itself unless the bot refused the stream (a session that ended): then it says so.
    stream.addEventListener("error", () => listeners.state.forEach((f) => f(stream.readyState === EventSource.CLOSED ? "closed" : "reconnecting")));
  }
  listeners[kind].add(callback);
  return () => listeners[kind].delete(callback);
}
