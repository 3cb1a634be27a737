// The sync bar: offline or not, how many writes wait (view events not counted), the refusals to read, an expired session.
import { staffId } from "./page.js";
import { CONFLICTS, QUEUE, all, isWrite, remove } from "./queue/store.js";
import { t } from "./strings.js";

const body = document.body;
const bar = document.getElementById("sync-bar");
let registration = null;  // the service worker's, once registered

export function setRegistration(reg) { registration = reg; }

// Offline the bar sticks under the top bar; what sticks below it (the round's seat counter) goes under the bar,
// not behind it: its height, kept in --sync-bar-height (0 when hidden or at the bottom, online).
function barHeight() {
  const height = bar && body.classList.contains("is-offline") && !bar.hidden ? bar.offsetHeight : 0;
  document.documentElement.style.setProperty("--sync-bar-height", `${height}px`);
}
if (bar && window.ResizeObserver) new ResizeObserver(barHeight).observe(bar);

export function setOnline(online) {
  body.classList.toggle("is-offline", !online || !navigator.onLine);
  barHeight();
  refresh();
}

export function showLogin() {
  const note = document.getElementById("sync-login");
  if (note) note.hidden = false;
}

// The session ended (a 401): the kept pages with other people's data go, as at logout; the queue stays,
// so that its writes are sent after the next login.
export function forgetPages() {  // the service worker forgets too, so a page still on its way is not kept after all
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (worker) worker.postMessage({ type: "clear" });
  if (window.caches) caches.delete("dagdeel-pages");
}

// "Opslag niet blijvend": shown while the browser may drop the queue, unless it was put away today.
const PERSIST_HIDDEN = "dagdeel-persist-hidden";
const today = () => new Date().toLocaleDateString("sv");  // the phone's own date, YYYY-MM-DD

export function persistNotice(granted) {
  const note = document.getElementById("sync-persist");
  if (!note) return;
  let hiddenOn = null;
  try { hiddenOn = localStorage.getItem(PERSIST_HIDDEN); } catch (error) { /* private mode: show it */ }
  note.hidden = !!granted || hiddenOn === today();
  const hide = document.getElementById("sync-persist-hide");
  if (hide && !hide.dataset.bound) {
    hide.dataset.bound = "1";
    hide.addEventListener("click", () => {
      try { localStorage.setItem(PERSIST_HIDDEN, today()); } catch (error) { /* hidden for this page only */ }
      note.hidden = true;
    });
  }
}

export function refresh() {
  return Promise.all([all(QUEUE), all(CONFLICTS)]).then(([queue, conflicts]) => {
    const mine = queue.filter((e) => e.staff === staffId && isWrite(e));  // a view event is not the user's to wait for
    const count = document.getElementById("sync-count");
    if (count) count.textContent = String(mine.length);
    const waiting = document.getElementById("sync-waiting");
    if (waiting) waiting.textContent = t(mine.length === 1 ? "waiting_one" : "waiting_many");
    if (bar) bar.hidden = mine.length === 0 && conflicts.length === 0 && !body.classList.contains("is-offline");
    body.classList.toggle("has-queue", mine.length > 0);
    barHeight();
    // A new version takes over only when nothing waits to be sent (the queue is in IndexedDB either way).
    if (!queue.length && registration && registration.waiting) registration.waiting.postMessage({ type: "skipWaiting" });
    const list = document.getElementById("sync-conflicts");
    if (list) {
      list.innerHTML = "";
      conflicts.forEach((c) => {
        const li = document.createElement("li");
        const text = document.createElement("span");
        text.textContent = (c.label ? c.label + ": " : "") + c.message;
        const ok = document.createElement("button");
        ok.type = "button"; ok.className = "btn btn-small"; ok.textContent = t("seen");
        ok.addEventListener("click", () => { remove(CONFLICTS, c.id).then(refresh); });
        li.appendChild(text); li.appendChild(ok); list.appendChild(li);
      });
    }
    return { queued: mine.length, conflicts: conflicts.length };
  });
}
