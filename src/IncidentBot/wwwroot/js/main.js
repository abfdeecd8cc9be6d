// The war room app: one page, routed by the address's #fragment.
//   #/                 the lobby (#web) and its conversation
//   #/incidents/INC-7  an incident's room: its conversation beside its card, work, runbooks, checks...
//   #/incidents        every incident, with filters        #/metrics   MTTA, MTTR, phases over time
//   #/runbooks[/id]    the runbook catalogue
// Below 900 px one column shows one of rooms, conversation and incident at a time, chosen by tabs.
import { html, render, useEffect, useState } from "./ui.js";
import { getJson } from "./api.js";
import { Catalogue } from "./catalogue.js";
import { Chat } from "./chat.js";
import { IncidentPanel } from "./incident.js";
import { IncidentList, Rooms } from "./list.js";
import { MetricsPage } from "./metrics.js";
import { loadSession, me, session, setName } from "./session.js";
import { configure, t } from "./words.js";

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (parts[0] === "incidents" && parts[1]) return { page: "room", room: parts[1].toLowerCase(), incident: parts[1].toUpperCase() };
  if (parts[0] === "incidents") return { page: "list" };
  if (parts[0] === "metrics") return { page: "metrics" };
  if (parts[0] === "runbooks") return { page: "runbooks", id: parts[1] };
  return { page: "room", room: "web" };
}

function Who({ onName }) {
  if (session.signedIn) {
    return html`<span class="who" id="who">${t("Signed in as", "サインイン中：")} <b>@${session.name}</b>${session.signOut && html` · <a href=${session.signOut}>${t("Sign out", "サインアウト")}</a>`}</span>`;
  }
  if (!session.canWrite) return html`<span class="who" id="who">${t("Read-only", "閲覧のみ")}</span>`;
  return html`<label class="who">${t("You are", "名前")} <input id="user" value=${me()} maxlength="80" autocomplete="off"
    aria-label=${t("your name", "あなたの名前")} onChange=${(e) => { setName(e.target.value.trim() || "alice"); onName(me()); }} /></label>`;
}

function App() {
  const [where, setWhere] = useState(route());
  const [tab, setTab] = useState("chat");
  const [viewer, setViewer] = useState(me());
  useEffect(() => {
    const moved = () => { setWhere(route()); setTab("chat"); };
    // A reply about another room (a start answered in the new incident's room) takes the page there.
    const replied = (e) => {
      const { reply, room } = e.detail;
      if (reply.room && reply.room !== room && reply.room === reply.incident?.toLowerCase()) location.hash = `#/incidents/${reply.incident}`;
    };
    // On a phone, a button pressed on the incident tab shows its command and reply where they happen.
    const toChat = () => setTab("chat");
    addEventListener("hashchange", moved);
    addEventListener("incidentbot:reply", replied);
    addEventListener("incidentbot:fill", toChat);
    addEventListener("incidentbot:sending", toChat);
    return () => {
      removeEventListener("hashchange", moved); removeEventListener("incidentbot:reply", replied);
      removeEventListener("incidentbot:fill", toChat); removeEventListener("incidentbot:sending", toChat);
    };
  }, []);
  const current = where.page === "room" ? where.room : null;
  const links = [["#/", t("War room", "ウォールーム"), "room"], ["#/incidents", t("Incidents", "インシデント"), "list"], ["#/metrics", t("Metrics", "メトリクス"), "metrics"], ["#/runbooks", t("Runbooks", "ランブック"), "runbooks"]];
  const tabs = [["rooms", t("Rooms", "ルーム")], ["chat", where.page === "room" ? t("Conversation", "会話") : t("Page", "ページ")], ...(where.incident ? [["details", where.incident]] : [])];
  return html`
    <header>
      <h1>IncidentBot</h1>
      <nav class="pages" aria-label=${t("pages", "ページ")}>${links.map(([href, name, page]) => html`<a href=${href} aria-current=${where.page === page ? "page" : null}>${name}</a>`)}</nav>
      <${Who} onName=${setViewer} />
    </header>
    <div class="tabs" role="tablist">${tabs.map(([id, name]) => html`<button type="button" role="tab" id=${`tab-${id}`} aria-controls=${id === "rooms" ? "rooms" : id === "details" ? "details" : "chat"} aria-selected=${tab === id} onClick=${() => setTab(id)}>${name}</button>`)}</div>
    <main class=${`layout ${where.incident ? "with-details" : ""}`} data-tab=${tab}>
      <${Rooms} current=${current} onPick=${() => setTab("chat")} />
      ${where.page === "room" && html`<${Chat} room=${where.room} key=${`${where.room} ${viewer}`} />`}
      ${where.incident && html`<${IncidentPanel} id=${where.incident} key=${where.incident} />`}
      ${where.page === "list" && html`<${IncidentList} />`}
      ${where.page === "metrics" && html`<${MetricsPage} />`}
      ${where.page === "runbooks" && html`<${Catalogue} id=${where.id} />`}
    </main>`;
}

(window.incidentbotTimes ??= {}).modules = performance.now();
const [about] = await Promise.all([getJson("/api/war-room").catch(() => ({ locale: "en", zone: "UTC" })), loadSession()]);
configure(about);
document.title = t("IncidentBot · war room", "IncidentBot · ウォールーム");
const root = document.getElementById("app");
root.replaceChildren();
render(html`<${App} />`, root);
