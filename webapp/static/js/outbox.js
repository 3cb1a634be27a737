// The durable queue of writes (in the spirit of Workbox's Queue): every write the server marked replay-safe
// becomes one entry here, with its client UUID and device time, stored before the first send and resent
// unchanged until the server answers. One entry builder, one send, one rule for what an answer means:
// - a 2xx naming the entry's UUID in Dagdeel-Applied: applied, it leaves the queue;
// - a 4xx other than 401: refused, it leaves the queue as a conflict carrying the server's reason;
// - anything else (a 401, a 5xx, no answer or a timeout, a captive portal's 200): it stays queued.
import { staffId, TIMEOUT_MS, csrfToken } from "./page.js";
import { CONFLICTS, QUEUE, all, isWrite, put, remove } from "./queue/store.js";
import { t } from "./strings.js";
import { forgetPages, refresh, setOnline, showLogin } from "./syncbar.js";

export const inFlight = {};  // ids htmx is sending right now: a replay must not send them a second time alongside
let flushing = null;

function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => (Math.random() * 16 | 0).toString(16));
}

// A write as the queue keeps it; `params` becomes its body, with the client UUID and device time it keeps.
export function entryFor(url, params, label) {
  const id = params.client_id || uuid(), deviceAt = new Date().toISOString();
  params.client_id = id;
  params.device_at = deviceAt;
  return { id, seq: Date.now() + Math.random(), url, staff: staffId, device_at: deviceAt, label,
           page: location.pathname, offline: !navigator.onLine, body: params };
}

export function mine(entries) { return entries.filter((e) => e.staff === staffId); }

function encode(params, extra) {
  const data = new URLSearchParams();
  Object.keys(params).forEach((key) => { [].concat(params[key]).forEach((v) => data.append(key, v)); });
  Object.keys(extra || {}).forEach((key) => data.set(key, extra[key]));
  return data;
}

// Send an entry from the queue (htmx sends the ones whose button is still on screen itself).
export function send(entry, asHtmx = false) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  return fetch(entry.url, {
    method: "POST", credentials: "same-origin", redirect: "manual", signal: controller.signal,
    headers: Object.assign({ "X-CSRFToken": csrfToken(), "Dagdeel-Replay": "1" }, asHtmx ? { "HX-Request": "true" } : {}),
    body: encode(entry.body, { offline: entry.offline ? "1" : "0" }),
  }).finally(() => clearTimeout(timer));
}

// What an answer means for the entry: "applied", "refused" or "keep" (see the top of this file).
export function outcome(entry, status, applied) {
  if (status >= 200 && status < 300 && applied === entry.id) return "applied";
  if (status >= 400 && status < 500 && status !== 401) return "refused";
  return "keep";
}

// The server's refusal, and only that: every refusal carries its text in a role="alert" element (the
// rest of the answer is a page or a fragment, and its buttons are not part of the reason).
function messageOf(text, status) {
  const doc = new DOMParser().parseFromString(text || "", "text/html");
  const alert = doc.querySelector("[role=alert]");
  if (alert) alert.querySelectorAll("form, button, script, style").forEach((n) => n.remove());
  const reason = alert ? alert.textContent.replace(/\s+/g, " ").trim() : "";
  return (reason || t("refused", { status })).slice(0, 300);
}

// Take an answered entry out of the queue; a refused one is kept as a conflict for the user to read.
// After a write the server applied, the phone's kept copy of this page is older than the screen: ask the
// service worker to keep the server's version again (once the taps pause), so a reload offline shows it.
let freshTimer = null;
export function keepThisPageFresh() {
  clearTimeout(freshTimer);
  freshTimer = setTimeout(() => {
    const controller = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (controller && navigator.onLine) controller.postMessage({ type: "prefetch", urls: [location.pathname + location.search] });
  }, 1500);
}

export async function conclude(entry, kind, text, status) {
  if (kind === "applied") keepThisPageFresh();
  if (kind === "refused" && isWrite(entry)) {
    await put(CONFLICTS, { id: entry.id, label: entry.label, page: entry.page, device_at: entry.device_at,
                           message: messageOf(text, status) });
  }
  if (kind !== "keep") await remove(QUEUE, entry.id);
}

// Send what waits, oldest first; stop at the first entry that must stay queued.
export function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    let sent = 0;
    for (const entry of await all(QUEUE)) {
      if (entry.staff !== staffId || inFlight[entry.id]) continue;  // another user's (kept until they log in), or being sent
      let response;
      try { response = await send(entry); } catch (error) { setOnline(false); break; }
      setOnline(true);
      const kind = outcome(entry, response.status, response.headers.get("Dagdeel-Applied"));
      if (kind !== "keep") {
        await conclude(entry, kind, kind === "refused" ? await response.text() : "", response.status);
        sent++;
        continue;
      }
      if (response.status === 401 || response.type === "opaqueredirect") showLogin();
      if (response.status === 401) forgetPages();
      break;  // 5xx, 401, portal 200 without our header: keep it and try again later
    }
    return sent;
  })().then((sent) => {
    flushing = null;
    return refresh().then((state) => {
      if (sent && state.queued === 0 && document.querySelector(".pending:not(.sending)")) {
        location.reload();  // the screen showed what was waiting: now show the server's truth
      }
      return sent;
    });
  }, () => { flushing = null; return refresh(); });
  return flushing;
}

// Queue a write without a form (the same path the htmx writes take, used by the tests).
export function submit(url, params) {
  const body = Object.assign({}, params);
  delete body.label;
  const entry = entryFor(url, body, params.label || url);
  return put(QUEUE, entry).then(refresh).then(() => entry.id);
}
