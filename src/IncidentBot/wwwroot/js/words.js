// The page speaks the bot's language (Bot__Locale) and shows every time one way: in the bot's time
// zone (Bot__TimeZone), as 2026-11-30 14:05, the way the bot's own messages and postmortems write it.
const settings = { locale: "en", zone: "UTC" };

export function configure({ locale, zone }) {
  settings.locale = locale === "ja" ? "ja" : "en";
  settings.zone = zone || "UTC";
  format = null;
  formatted.clear();
  document.documentElement.lang = settings.locale;
}

export const zone = () => settings.zone;

/** The English or the Japanese, as the bot's language is. */
export const t = (en, ja) => (settings.locale === "ja" ? ja : en);

// Building a formatter is slow and a busy timeline formats thousands of times: one per zone, and
// each time formatted once.
let format = null;
const formatted = new Map();
function parts(iso) {
  format ??= new Intl.DateTimeFormat("en-CA", {
    timeZone: settings.zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  let p = formatted.get(iso);
  if (!p) {
    p = Object.fromEntries(format.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    if (formatted.size > 20000) formatted.clear();
    formatted.set(iso, p);
  }
  return p;
}

/** 2026-11-30 14:05 in the bot's zone. */
export function when(iso) {
  if (!iso) return "";
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 14:05 in the bot's zone. */
export function clock(iso) {
  if (!iso) return "";
  const p = parts(iso);
  return `${p.hour}:${p.minute}`;
}

/** A span of seconds as people say it: 45s, 12m, 3h 20m, 2d 4h. */
export function span(seconds) {
  if (seconds == null) return "–";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.round((s % 86400) / 3600)}h`;
}

/** The display form of an API name (phase, role, status). */
const labels = {
  detected: ["detected", "検知"], triage: ["triage", "トリアージ"], recovering: ["recovering", "復旧対応中"],
  verifying: ["verifying", "復旧確認中"], reporting: ["reporting", "報告"], closed: ["closed", "クローズ"],
  dismissed: ["dismissed", "誤検知"], cancelled: ["cancelled", "取り消し"],
  "a draft": ["draft", "下書き"], "in review": ["in review", "レビュー中"], approved: ["approved", "承認済み"], published: ["published", "公開済み"],
  open: ["open", "未完了"], done: ["done", "完了"], confirmed: ["confirmed", "確認済み"], "ruled-out": ["ruled out", "否定"],
  passing: ["passing", "合格"], failing: ["failing", "不合格"], pending: ["pending", "判定待ち"], "timed out": ["timed out", "時間切れ"],
};
export const label = (name) => (labels[name] ? t(...labels[name]) : name);
