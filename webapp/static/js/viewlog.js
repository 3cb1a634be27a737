// Views of people's data the phone showed from its cache: the service worker marks a kept page it answered because
// the network failed (data-from-cache on <body>); this page then queues one view event for the access log (the
// page, the workers the server rendered on it in #offline-view, the device time), sent on sync like any write and
// logged there as "offline bekeken" (webapp/offline/viewlog.py). A reload storm is one event per page per minute.
import { staffId } from "./page.js";
import { entryFor } from "./outbox.js";
import { QUEUE, VIEW, put } from "./queue/store.js";

const SEEN = "dagdeel-viewed";  // local storage: {"<staff> <page>": "<minute>"} of the events queued this minute

function firstThisMinute(key) {
  const minute = new Date().toISOString().slice(0, 16);
  try {
    const seen = JSON.parse(localStorage.getItem(SEEN) || "{}");
    if (seen[key] === minute) return false;
    localStorage.setItem(SEEN, JSON.stringify({ [key]: minute }));  // older minutes need not be kept
  } catch (error) { /* private mode: every showing is logged */ }
  return true;
}

// Queue the view event when this page came from the cache; resolves to whether it did.
export function logCachedView() {
  const shown = document.getElementById("offline-view");
  if (document.body.dataset.fromCache !== "1" || !staffId || !shown) return Promise.resolve(false);
  const workers = shown.dataset.workers.split(" ").filter(Boolean);
  const page = location.pathname + location.search;
  if (!workers.length || !firstThisMinute(`${staffId} ${page}`)) return Promise.resolve(false);
  const entry = entryFor(shown.dataset.url, { page, worker: workers }, page);
  entry.kind = VIEW;
  return put(QUEUE, entry).then(() => true);
}
