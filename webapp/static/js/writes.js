// htmx's writes and the queue. A write the server marked replay-safe (`data-queue`, rendered only next to an
// @idempotent endpoint) becomes a queue entry before it is sent; htmx sends it while its element is on screen,
// and its answer settles the entry by the outbox's one rule. Any other htmx POST goes straight to the server;
// if it cannot get there, the form keeps what was typed and says so.
import { TIMEOUT_MS, staffId } from "./page.js";
import { parameters } from "./dom.js";
import { alertText, conclude, entryFor, flush, inFlight, keepThisPageFresh, outcome, send } from "./outbox.js";
import { QUEUE, put, remove } from "./queue/store.js";
import { t } from "./strings.js";
import { forgetPages, refresh, setOnline } from "./syncbar.js";
import { describe, showOffline } from "./optimistic/index.js";
import { tally } from "./optimistic/floor.js";
import { SENDING, WAITING, markPending } from "./optimistic/pending.js";
import { askOffline } from "./optimistic/round.js";
import { confirmed } from "./confirm.js";

// A tap reaches the phone's disk a few milliseconds after the click. A link followed inside that window
// would unload the page and the tap with it, so such a link waits until the disk has it.
const writing = [];
function onDisk(promise) {
  writing.push(promise);
  const done = () => writing.splice(writing.indexOf(promise), 1);
  promise.then(done, done);
  return promise;
}

// What the queue calls a write (the action and the person, rendered by the server), shown if it is refused later.
// A row's button of a list's one form names the action; its row (or the button itself: a sign-up's
// data-worker-name) names the person, after the action or where the form's label holds the stand-in name (its
// data-name: "Betalen NAME ma 23 nov").
function labelOf(elt, params) {
  let label = elt.getAttribute("data-label") || "";
  if (elt.hasAttribute("data-first-timer") && params.name) label += " " + params.name;
  const row = elt.form && elt.form.hasAttribute("data-rows") && elt.closest("[data-name]");
  const name = row ? row.dataset.listName || row.dataset.name
    : elt.form && elt.form.hasAttribute("data-row-post") && (elt.dataset.workerListName || elt.dataset.workerName);
  if (name) {
    const stand = elt.form.dataset.name;
    label = stand && label.indexOf(stand) >= 0 ? label.split(stand).join(name) : label + " " + name;
  }
  return label;
}

function queue(event) {
  const d = event.detail, elt = d.elt, asks = elt.hasAttribute("hx-confirm");
  if (asks) event.preventDefault();  // the button asks itself (confirm.js), not the browser
  if (asks && !confirmed(elt)) return;
  if (d.verb === "get" || !staffId || !elt.hasAttribute("data-queue")) {
    if (asks) d.issueRequest(true);
    return;
  }
  event.preventDefault();
  const params = parameters(elt);
  if (!askOffline(elt, params)) return;
  const entry = entryFor(d.path, params, labelOf(elt, params));
  describe(elt, params, entry);
  elt._dagdeelEntry = entry;
  if (navigator.onLine) {
    inFlight[entry.id] = true;
    setTimeout(() => { delete inFlight[entry.id]; }, TIMEOUT_MS + 2000);  // htmx gave up or was cancelled
  }
  // Feedback at once, before the disk: offline always; online where the answer replaces just this row
  // (a board or pay row), so a fast next tap elsewhere is not swapped away under the finger.
  if (!navigator.onLine) markPending(elt, d.target, entry, WAITING);
  else if (d.target && d.target.tagName === "LI" && d.target.contains(elt)) markPending(elt, d.target, entry, SENDING);
  const targetId = d.target && d.target.id, swapStyle = (elt.closest("[hx-swap]") || elt).getAttribute("hx-swap") || "outerHTML";
  onDisk(put(QUEUE, entry)).then(() => {
    refresh();
    if (!navigator.onLine) showOffline();
    else if (elt.isConnected) d.issueRequest(true);
    else sendDetached(entry, targetId, swapStyle);  // an earlier answer replaced the button meanwhile
  });
}

// A fast second tap can lose its button to the answer to the first before its turn to be sent: send it
// from the queue and put the answer where the button's target is now.
function sendDetached(entry, targetId, swapStyle) {
  delete inFlight[entry.id];
  send(entry, true).then((response) => {
    if (outcome(entry, response.status, response.headers.get("Dagdeel-Applied")) !== "applied") return flush();
    return response.text().then((html) => {
      const target = targetId && document.getElementById(targetId);
      if (target && html && swapStyle !== "none") htmx.swap(target, html, { swapStyle: swapStyle.split(" ")[0] });
      else if (response.headers.get("HX-Location")) location.assign(response.headers.get("HX-Location"));
      return remove(QUEUE, entry.id).then(refresh);
    });
  }, () => setOnline(false));
}

// Settle the entry when the answer is in, before htmx swaps it in: the swap may remove the element, and
// events on a removed element never reach this document. afterRequest covers no answer at all.
function settle(event) {
  const elt = event.detail.elt, entry = elt._dagdeelEntry, xhr = event.detail.xhr;
  if (!entry) return;
  delete elt._dagdeelEntry;
  delete inFlight[entry.id];
  const status = xhr ? xhr.status : 0;
  const kind = outcome(entry, status, xhr && xhr.getResponseHeader("Dagdeel-Applied"));
  if (kind === "applied") keepThisPageFresh();
  if (kind === "applied" || (kind === "refused" && shownInPlace(elt, xhr))) {
    remove(QUEUE, entry.id).then(refresh).then(showOffline);  // done, or refused and htmx shows the refusal here
  } else if (kind === "refused") {
    conclude(entry, kind, alertText(xhr.responseText), status).then(refresh);
  } else {
    entry.offline = true;
    put(QUEUE, entry).then(refresh);
    markPending(elt, event.detail.target, entry);
  }
}

// A 422 that htmx swaps into the page shows the refusal where the tap was (with what to do next, such as
// "Toch aanmelden?"); any other refusal would go unseen and becomes a conflict under the sync bar.
function shownInPlace(elt, xhr) {
  const swap = xhr.getResponseHeader("HX-Reswap") || (elt.closest("[hx-swap]") || elt).getAttribute("hx-swap") || "";
  return xhr.status === 422 && !swap.startsWith("none");
}

// A write that is not queued and did not reach the server: the form keeps what was typed, and says so.
function unsent(event, text) {
  const elt = event.detail.elt, config = event.detail.requestConfig;
  if (!elt || elt.hasAttribute("data-queue") || !config || config.verb === "get") return;
  const place = elt.closest("form") || elt.parentNode;
  const note = place.querySelector(".unsent") || document.createElement("p");
  note.className = "error unsent";
  note.setAttribute("role", "alert");
  note.textContent = text;
  if (!note.isConnected) place.appendChild(note);
}

// A search (a GET into a result list) that found no network says so above what the list still shows; the
// element may name what works without a connection instead (data-offline-note).
function unanswered(event) {
  const elt = event.detail.elt, config = event.detail.requestConfig, target = event.detail.target;
  if (!elt || !config || config.verb !== "get" || !target || target === document.body || target.id === "main") return;
  const note = target.querySelector(":scope > .unanswered") || document.createElement("p");
  note.className = "muted unanswered";
  note.setAttribute("role", "status");
  note.textContent = elt.getAttribute("data-offline-note") || t("needs_connection");
  target.prepend(note);
}

// "Intrekken" on a sign-up that waits on the phone (optimistic/pending.js): out of the queue before it was ever
// sent, and the row a plain one-tap row again; the screens that counted it count again (showOffline).
function cancelWaiting(event) {
  const cancel = event.target.closest && event.target.closest(".cancel-waiting");
  if (!cancel) return;
  const place = cancel.parentElement, button = place.querySelector("button[disabled]:not(.cancel-waiting)");
  remove(QUEUE, cancel.dataset.entry).then(() => {
    place.classList.remove("pending", "sending");
    place.querySelectorAll(":scope > .pending-badge, :scope > .cancel-waiting").forEach((el) => el.remove());
    if (button) { button.disabled = false; delete button._dagdeelEntry; button.focus(); }
    refresh();
    showOffline();
  });
}

export function listen() {
  document.addEventListener("click", cancelWaiting);
  document.addEventListener("htmx:confirm", queue);
  document.addEventListener("htmx:sendError", (e) => unsent(e, t("unsent_offline")));
  document.addEventListener("htmx:timeout", (e) => unsent(e, t("unsent_timeout")));
  document.addEventListener("htmx:sendError", unanswered);
  document.addEventListener("htmx:timeout", unanswered);
  document.addEventListener("htmx:responseError", (e) => {
    if (e.detail.xhr && e.detail.xhr.status >= 500) unsent(e, t("unsent_error"));
  });
  document.addEventListener("htmx:beforeRequest", (e) => {
    const place = e.detail.elt && (e.detail.elt.closest("form") || e.detail.elt.parentNode);
    const note = place && place.querySelector(".unsent");
    if (note) note.remove();
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!writing.length || !link || event.defaultPrevented || link.target || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation();
    Promise.all(writing.map((p) => p.catch(() => {}))).then(() => location.assign(link.href));
  }, true);
  document.addEventListener("htmx:configRequest", (event) => {
    const entry = event.detail.elt._dagdeelEntry;
    if (!entry) return;
    event.detail.parameters.client_id = entry.id;
    event.detail.parameters.device_at = entry.device_at;
  });
  document.addEventListener("htmx:beforeOnLoad", settle);
  document.addEventListener("htmx:afterRequest", settle);
  // htmx gives up on a stalled request after its timeout; the write stays queued.
  document.addEventListener("htmx:timeout", () => setOnline(false));
  document.addEventListener("htmx:sendError", () => setOnline(false));
  // A refused tap's answer puts the server's row back after the queue has already counted the tapped one:
  // count again once htmx has swapped, so the tally never counts a tap the server refused.
  document.addEventListener("htmx:afterSettle", () => tally());
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.xhr && event.detail.xhr.status === 401) forgetPages();
  });
  document.addEventListener("htmx:configRequest", (event) => {
    if (event.detail.verb !== "get" && !event.detail.parameters.device_at) {
      event.detail.parameters.device_at = new Date().toISOString();
    }
  });
}
