// Undo a wrong tap on the Werkvloer board. Every row carries what it is now as a queueable write (a
// <template class="undo-row"> the server rendered, with its own client UUID). A tap, or the status menu's
// "Opslaan", puts that write into the row itself for a few seconds, where the thumb is: "Ongedaan maken" in the
// place of the tap button (a bar over the list would cover the next row to tap). Tapped, it goes through the
// queue like any tap, online and offline, and the row goes back to exactly what it was. The server's answer to
// the tap replaces the row; the undo stays in the new one. A row's undo is taken once: the answer brings a new
// one (offline, the row offers it again after it synced). A second tap within ARMED_AFTER_MS of the first is a
// double tap, not an undo.
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

function offer(form) {
  const row = form.closest(".att-row");
  const template = row && row.querySelector(":scope > template.undo-row");
  if (!template) return;
  hide();
  template.remove();
  shown = { form: template.content.querySelector("form").cloneNode(true), rowId: row.id, since: Date.now(),
            timer: setTimeout(hide, SHOWN_MS) };
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
    } else if (form.hasAttribute("data-offers-undo") && form.hasAttribute("data-queue")) {
      offer(form);
    }
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
    if (elt && elt.hasAttribute && elt.hasAttribute("data-offers-undo") && xhr && xhr.status >= 400 && xhr.status < 500) hide();
  });
}
