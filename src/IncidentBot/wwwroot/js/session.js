// Who is using the page and what they may do (GET /api/me), and sending a command as them. A sent
// command's reply is kept by the server in the room it concerns; the page follows it there.
import { getJson, newKey, sendCommand } from "./api.js";

export const session = { name: null, signedIn: false, canWrite: true, why: null, signOut: null };

export async function loadSession() {
  try {
    Object.assign(session, await getJson("/api/me"));
  } catch {
    // An older bot without /api/me: the local name box, as before.
  }
}

/** The name commands are sent as: the signed-in name, else the name box's. */
export function me() {
  if (session.signedIn && session.name) return session.name;
  return localStorage.getItem("incidentbot.user") || "alice";
}

export function setName(name) {
  localStorage.setItem("incidentbot.user", name);
}

/**
 * Sends `text` from `room`; every open part of the page hears of it ("incidentbot:sending", then
 * "incidentbot:reply"). `key` resends an earlier attempt: the bot runs a key once, however often it comes.
 */
export async function send(text, room, key = newKey()) {
  const command = /^[/／]/.test(text) ? text : `/incident ${text}`;
  const detail = { text: command, room, user: me(), key };
  window.dispatchEvent(new CustomEvent("incidentbot:sending", { detail }));
  const reply = await sendCommand(command, me(), room, key);
  window.dispatchEvent(new CustomEvent("incidentbot:reply", { detail: { ...detail, reply } }));
  return reply;
}
