// Dagdeel's own scripts, as native ES modules with one job each (no inline scripts: the CSP forbids them;
// each module's fingerprinted URL comes from the page's import map, webapp/assets.py):
//   queue/store.js  IndexedDB: the queue and the conflicts
//   outbox.js       the durable queue: one entry builder, one send, one rule for what an answer means
//   writes.js       htmx's writes through the queue; unsent notes for writes that are not queued
//   syncbar.js      the sync bar: offline, how many wait, refusals to read, an expired session
//   logout.js       logging out: warn about unsent writes, then forget everything
//   offline_page.js the offline page: a way back, links to the screens this phone kept
//   statusmenu.js   the board's status menu: opens on the current status, closes on cancel/Escape/outside/back
//   undo.js         the board's undo: "Ongedaan maken" in the row for a few seconds after a tap
//   confirm.js      a write that asks first asks on its own button ("Ja, intrekken"), not in a browser dialog
//   rows.js         a list's one form: each row's button becomes a write of its own
//   optimistic/     what the phone shows before the server knows: round.js, floor.js, pay.js, people.js,
//                   pending.js (the "wacht op verzending" mark), index.js (all of them at once)
//   strings.js      the user-facing texts, from the catalogue the server renders
//   page.js         what the server says about this page (data- attributes on <body>)
//   stops.js        the round's stops: one open at a time
//   viewlog.js      a kept page shown from the cache offline: queue a view event for the access log
// Every write the server marked replay-safe goes through a durable queue in IndexedDB; it is replayed on
// `online`, on opening the app, on becoming visible and every 30 s (no Background Sync API).
import { SW_URL, staffId } from "./page.js";
import { flush, submit } from "./outbox.js";
import { logout } from "./logout.js";
import { CONFLICTS, QUEUE, all, isWrite } from "./queue/store.js";
import { persistNotice, refresh, setOnline, setRegistration } from "./syncbar.js";
import { showOffline } from "./optimistic/index.js";
import { guardPay, payReadiness } from "./optimistic/pay.js";
import { offlinePage } from "./offline_page.js";
import { foldStops } from "./stops.js";
import { listen } from "./writes.js";
import { listenStatusMenus } from "./statusmenu.js";
import { listenUndo } from "./undo.js";
import { listenRows } from "./rows.js";
import { logCachedView } from "./viewlog.js";

listenRows();
listen();
guardPay();
offlinePage();
foldStops();
listenStatusMenus();
listenUndo();

if (staffId) {
  const sendNow = document.getElementById("sync-now");
  if (sendNow) sendNow.addEventListener("click", () => { flush(); });
  document.querySelectorAll("form[data-logout]").forEach((f) => f.addEventListener("submit", logout));
  window.addEventListener("online", () => { setOnline(true); flush(); });
  window.addEventListener("offline", () => setOnline(false));
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") flush(); });
  setInterval(() => { if (navigator.onLine) flush(); payReadiness(); }, 30000);
  setOnline(navigator.onLine);
  logCachedView().catch(() => false).then(refresh).then(showOffline).then(() => { if (navigator.onLine) flush(); });
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persisted().then((already) => already || navigator.storage.persist()).then(persistNotice);
  }
}

if ("serviceWorker" in navigator && SW_URL) {
  navigator.serviceWorker.register(SW_URL).then((reg) => {
    setRegistration(reg);
    const prefetch = document.querySelector("meta[name=dagdeel-prefetch]");
    const urls = prefetch ? prefetch.content.split(" ").filter(Boolean) : [];
    const post = () => {
      const controller = navigator.serviceWorker.controller;
      if (controller && urls.length && navigator.onLine) controller.postMessage({ type: "prefetch", urls });
    };
    if (navigator.serviceWorker.controller) post(); else navigator.serviceWorker.addEventListener("controllerchange", post, { once: true });
    // A new version takes over only when nothing waits to be sent (the queue is in IndexedDB either way).
    reg.addEventListener("updatefound", () => {
      const worker = reg.installing;
      if (worker) worker.addEventListener("statechange", () => { if (worker.state === "installed") refresh(); });
    });
    refresh();
  });
}

// `queued`: the writes that wait (what the sync bar counts); `views`: the view events that wait.
window.Dagdeel = { flush, submit, queued: () => all(QUEUE).then((q) => q.filter(isWrite)),
                   views: () => all(QUEUE).then((q) => q.filter((e) => !isWrite(e))), conflicts: () => all(CONFLICTS) };
