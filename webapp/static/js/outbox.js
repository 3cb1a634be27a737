// The durable queue of writes (in the spirit of Workbox's Queue): every write the server marked replay-safe
// becomes one entry here, with its client UUID and device time, stored before the first send and resent
// unchanged until the server answers. One entry builder, one send, one rule for what an answer means:
// - a 2xx naming the entry's UUID in Dagdeel-Applied: applied, it leaves the queue;
// - a 4xx other than 401: refused, it leaves the queue as a conflict carrying the server's reason;
// - anything else (a 401, a 5xx, no answer or a timeout, a captive portal's 200): it stays queued.
// A flush sends the queue in chunks to the server's batch (POST /offline/sync, webapp/offline/batch.py), which
// answers each entry as its own write would have been answered; the same rule then settles each entry. A server
// without the batch (a 404) or one that will not take a chunk (another 4xx) gets the entries one at a time.
import { staffId, SYNC_BYTES, SYNC_ENTRIES, SYNC_URL, TIMEOUT_MS, csrfToken } from "./page.js";
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

function post(url, body, headers) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  return fetch(url, {
    method: "POST", credentials: "same-origin", redirect: "manual", signal: controller.signal,
    headers: Object.assign({ "X-CSRFToken": csrfToken(), "Dagdeel-Replay": "1" }, headers), body,
  }).finally(() => clearTimeout(timer));
}

function bodyOf(entry) { return encode(entry.body, { offline: entry.offline ? "1" : "0" }); }

// Send an entry from the queue (htmx sends the ones whose button is still on screen itself).
export function send(entry, asHtmx = false) {
  return post(entry.url, bodyOf(entry), asHtmx ? { "HX-Request": "true" } : {});
}

// What an answer means for the entry: "applied", "refused" or "keep" (see the top of this file).
export function outcome(entry, status, applied) {
  if (status >= 200 && status < 300 && applied === entry.id) return "applied";
  if (status >= 400 && status < 500 && status !== 401) return "refused";
  return "keep";
}

// The server's refusal, and only that: every refusal carries its text in a role="alert" element (the
// rest of the answer is a page or a fragment, and its buttons are not part of the reason). The batch reads
// a refused entry's answer the same way on the server (webapp/offline/batch.py `alert_text`).
export function alertText(html) {
  const doc = new DOMParser().parseFromString(html || "", "text/html");
  const alert = doc.querySelector("[role=alert]");
  if (alert) alert.querySelectorAll("form, button, script, style").forEach((n) => n.remove());
  return alert ? alert.textContent.replace(/\s+/g, " ").trim() : "";
}

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

// Take an answered entry out of the queue; a refused one is kept as a conflict for the user to read.
export function conclude(entry, kind, reason, status) { return concludeAll([{ entry, kind, reason, status }]); }

// The same for many answered entries ({entry, kind, reason, status}): one write to the phone's disk, not one each.
async function concludeAll(settled) {
  if (settled.some((s) => s.kind === "applied")) keepThisPageFresh();
  const conflicts = settled.filter((s) => s.kind === "refused" && isWrite(s.entry)).map(({ entry, reason, status }) => ({
    id: entry.id, label: entry.label, page: entry.page, device_at: entry.device_at,
    message: (reason || t("refused", { status })).slice(0, 300) }));
  if (conflicts.length) await put(CONFLICTS, conflicts);
  const done = settled.filter((s) => s.kind !== "keep").map((s) => s.entry.id);
  if (done.length) await remove(QUEUE, done);
}

// The entries that leave the queue by their answers ({status, applied, reason, redirected}), in order, up to the
// first that stays queued (and with it everything after it): that one's answer may ask to log in again.
function settle(entries, answers) {
  const settled = [];
  for (const [i, answer] of answers.entries()) {
    const kind = outcome(entries[i], answer.status, answer.applied);
    if (kind === "keep") {  // 5xx, 401, portal 200 without our header: keep it and try again later
      if (answer.status === 401 || answer.redirected) showLogin();
      if (answer.status === 401) forgetPages();
      break;
    }
    settled.push({ entry: entries[i], kind, reason: answer.reason, status: answer.status });
  }
  return settled;
}

// One entry sent alone: its answer.
async function sendOne(entry) {
  const response = await send(entry);
  const answer = { status: response.status, applied: response.headers.get("Dagdeel-Applied"),
                   redirected: response.type === "opaqueredirect" };
  if (outcome(entry, answer.status, answer.applied) === "refused") answer.reason = alertText(await response.text());
  return [answer];
}

// The oldest entries that fit in one batch (at least one: the server refuses one too big, and it goes alone).
const utf8 = new TextEncoder();
function chunkOf(entries) {
  const chunk = [];
  let bytes = 16;  // {"entries":[…]}
  for (const entry of entries) {
    const item = { id: entry.id, url: entry.url, body: bodyOf(entry).toString() };
    bytes += utf8.encode(JSON.stringify(item)).length + 1;
    if (chunk.length && (chunk.length >= SYNC_ENTRIES || bytes > SYNC_BYTES)) break;
    chunk.push(item);
  }
  return chunk;
}

// A chunk sent to the batch: the answers of the entries it attempted, in order; null when the server will not
// take a batch (an older server's 404, or one too big), so the entries go one at a time. A 401, a 5xx or a
// captive portal's page is the first entry's answer: it stays queued, and everything after it.
async function sendBatch(chunk) {
  const response = await post(SYNC_URL, JSON.stringify({ entries: chunk }), { "Content-Type": "application/json" });
  const status = response.status;
  if (status >= 400 && status < 500 && status !== 401) return null;
  const json = status === 200 && /json/.test(response.headers.get("Content-Type") || "");
  const results = json ? ((await response.json().catch(() => ({}))).results || []) : [];
  const answers = [];
  for (const [i, r] of results.entries()) {
    if (!chunk[i] || r.id !== chunk[i].id || r.outcome === "not attempted") break;
    answers.push({ status: r.status, applied: r.applied || null, reason: r.reason || "" });
  }
  return answers.length ? answers : [{ status, applied: null, redirected: response.type === "opaqueredirect" }];
}

// Send what waits, oldest first, a batch at a time; stop at the first entry that must stay queued. A screen that
// showed waiting writes reloads to the server's truth afterwards, unless the user is leaving it (logging out).
let leaving = false;
export function flush({ leave = false } = {}) {
  leaving = leaving || leave;
  if (flushing) return flushing;
  flushing = (async () => {
    // Another user's entries are kept until they log in; the ones htmx is sending now are left to it.
    const waiting = (await all(QUEUE)).filter((e) => e.staff === staffId && !inFlight[e.id]);
    let sent = 0, batched = Boolean(SYNC_URL);
    while (waiting.length) {
      let answers;
      try { answers = batched ? await sendBatch(chunkOf(waiting)) : await sendOne(waiting[0]); } catch (error) { setOnline(false); break; }
      setOnline(true);
      if (answers === null) { batched = false; continue; }
      const settled = settle(waiting, answers);
      await concludeAll(settled);
      waiting.splice(0, settled.length);
      sent += settled.length;
      if (settled.length < answers.length) break;
    }
    return sent;
  })().then((sent) => {
    flushing = null;
    const staying = !leaving;
    leaving = false;
    return refresh().then((state) => {
      if (sent && staying && state.queued === 0 && document.querySelector(".pending:not(.sending)")) {
        location.reload();  // the screen showed what was waiting: now show the server's truth
        return new Promise(() => {});  // and this page goes: nothing after the sync runs on it
      }
      return sent;
    });
  }, () => { flushing = null; leaving = false; return refresh(); });
  return flushing;
}

// Queue a write without a form (the same path the htmx writes take, used by the tests).
export function submit(url, params) {
  const body = Object.assign({}, params);
  delete body.label;
  const entry = entryFor(url, body, params.label || url);
  return put(QUEUE, entry).then(refresh).then(() => entry.id);
}
