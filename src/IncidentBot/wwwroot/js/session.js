// Who is using the page and what they may do (GET /api/me), and sending a command as them. A sent
// command's reply is kept by the server in the room it concerns; the page follows it there.
import { getJson, sendCommand } from "./api.js";

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

/** Sends `text` from `room`; every open part of the page hears of the reply ("incidentbot:reply"). */
export async function send(text, room) {
  const command = /^[/／]/.test(text) ? text : `/incident ${text}`;
  window.dispatchEvent(new CustomEvent("incidentbot:sending", { detail: { text: command, room, user: me() } }));
  const reply = await sendCommand(command, me(), room);
  window.dispatchEvent(new CustomEvent("incidentbot:reply", { detail: { text: command, room, reply, user: me() } }));
  return reply;
}
