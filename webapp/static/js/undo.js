// Undo a wrong tap on the Werkvloer board. Every row carries what it is now as a queueable write (a
// <template class="undo-row"> the server rendered, with its own client UUID). A tap, or the status menu's
// "Opslaan", moves that write into the bar above the tab bar for a few seconds ("Dennis aanwezig · Ongedaan
// maken"); tapped, it goes through the queue like any tap, online and offline, and the row goes back to exactly
// what it was. A row's undo is taken once: the server's answer brings a new row with a new one (offline, a row
// offers it again after it synced).
const SHOWN_MS = 8000;
let timer = null;

const bar = () => document.getElementById("undo-bar");

function hide() {
  clearTimeout(timer);
  const place = bar();
  if (place) place.hidden = true;
}

function offer(form) {
  const place = bar(), row = form.closest(".att-row");
  const template = row && row.querySelector(":scope > template.undo-row");
  if (!place || !template) return;
  template.remove();
  place.replaceChildren(template.content.cloneNode(true));
  const undo = place.querySelector("form");
  undo.querySelector(".undo-text").textContent = form.getAttribute("data-undo-text") || "";
  htmx.process(undo);
  place.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(hide, SHOWN_MS);
}

export function listenUndo() {
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.classList.contains("undo-form")) setTimeout(hide, 0);  // still on the page until htmx sent it
    else if (form.hasAttribute("data-undo-text") && form.hasAttribute("data-queue")) offer(form);
  }, true);
  // A tap the server refused changed nothing: there is nothing to undo.
  document.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail.elt, xhr = event.detail.xhr;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-undo-text") && xhr && xhr.status >= 400 && xhr.status < 500) hide();
  });
}
