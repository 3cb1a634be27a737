// Undo a wrong tap on the Werkvloer board. The board renders the undo once for the list (<template id="undo-sheet">);
// a row says what it is now (its status-… class, and data-at, data-note, data-elc: the server's version). A tap, or the status
// menu's "Opslaan", fills the sheet in for that row, as a queueable write of its own, and puts it into the row itself
// for a few seconds, where the thumb is: "Ongedaan maken" in the place of the tap button (a bar over the list would
// cover the next row to tap). Tapped, it goes through the queue like any tap, online and offline, and the row goes
// back to exactly what it was. The server's answer to the tap replaces the row; the undo stays in the new one. A
// row's undo is taken once: the answer brings a new row (offline, the row offers it again after it synced). A second
// tap within ARMED_AFTER_MS of the first is a double tap, not an undo.
import { filled, statusOf } from "./dom.js";

const SHOWN_MS = 8000, ARMED_AFTER_MS = 600;
let shown = null;  // { form, rowId, since, timer }

function hide() {
  if (!shown) return;
  clearTimeout(shown.timer);
  shown.form.remove();
  shown = null;
}

function place() {
  const row = shown && document.getElementById(shown.rowId);
  const actions = row && row.querySelector(".att-actions");
  if (!actions || actions.contains(shown.form)) return;
  actions.prepend(shown.form);
  htmx.process(shown.form);
}

// The row's undo, filled in: the list's form's fields (its dagdeel and day), the person, and what the row is now.
function undoFor(row) {
  const template = document.getElementById("undo-sheet"), list = document.querySelector("form[data-rows]");
  if (!template || !list) return null;
  const form = filled(template.content.firstElementChild, template, { ref: row.dataset.ref, name: row.dataset.listName || row.dataset.name });
  const d = row.dataset, values = { blok: list.elements.blok.value, datum: list.elements.datum.value, worker_id: d.ref,
    status: statusOf(row), at_time: d.at, note: d.note, early_leave_counts: d.elc };
  Object.keys(values).filter((name) => values[name]).forEach((name) => {
    const input = document.createElement("input");
    Object.assign(input, { type: "hidden", name, value: values[name] });
    form.prepend(input);
  });
  return form;
}

function offer(write) {
  const row = write.closest(".att-row");
  if (!row || row.hasAttribute("data-undo-taken")) return;
  const form = undoFor(row);
  if (!form) return;
  hide();
  row.setAttribute("data-undo-taken", "");
  shown = { form, rowId: row.id, since: Date.now(), timer: setTimeout(hide, SHOWN_MS) };
  place();
}

const ours = (event) => shown && event.detail && event.detail.target && event.detail.target.id === shown.rowId;

export function listenUndo() {
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.classList.contains("undo-form")) {
      if (shown && Date.now() - shown.since < ARMED_AFTER_MS) { event.preventDefault(); event.stopPropagation(); return; }
      setTimeout(hide, 0);  // on the page until htmx took it; the queue sends it to the row either way
    } else if (form.closest("[data-offers-undo]") && form.hasAttribute("data-queue")) {
      offer(form);
    }
  }, true);
  // A row's "Aanwezig" is a button of the list's one form: its click is the tap (before htmx marks the row).
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-offers-undo] button[data-queue]");
    if (button && !button.disabled && !event.defaultPrevented) offer(button);  // not a tap that only closed a menu
  }, true);
  // The answer to the tap replaces the row: keep the undo out of the old one, and put it in the new one.
  document.addEventListener("htmx:beforeSwap", (event) => { if (ours(event)) shown.form.remove(); });
  document.addEventListener("htmx:afterSettle", (event) => { if (ours(event)) place(); });
  // Also when the answer came by another path (a fast second tap's answer sent from the queue, htmx.swap): any new
  // content may be the row again (place() does nothing when the undo is already in it or the row is not there).
  document.addEventListener("htmx:load", () => { if (shown) place(); });
  // A tap the server refused changed nothing: there is nothing to undo.
  document.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail.elt, xhr = event.detail.xhr;
    if (elt && elt.closest && elt.closest("[data-offers-undo]") && xhr && xhr.status >= 400 && xhr.status < 500) hide();
  });
}
