// The row changes at the tap, before any answer: "verzenden…" while online, "wacht op verzending" when
// queued. The server's answer then replaces the row.
import { byRef, parameters } from "../dom.js";
import { t } from "../strings.js";

export const SENDING = t("sending"), WAITING = t("waiting");

export function markPending(elt, target, entry, text) {
  const form = elt.closest("[data-pending-class]") || elt;
  const place = elt.closest("li") || elt.closest("form") || ((target && target.isConnected) ? target : elt);
  let extra = (form.getAttribute && form.getAttribute("data-pending-class")) || "";
  if (entry && entry.body.status) extra += " status-" + entry.body.status;
  extra.split(" ").filter(Boolean).forEach((c) => {
    if (c.indexOf("status-") === 0) {  // a row shows one status: the one waiting to be sent
      Array.from(place.classList).forEach((old) => { if (old.indexOf("status-") === 0) place.classList.remove(old); });
    }
    place.classList.add(c);
  });
  place.classList.add("pending");
  place.classList.toggle("sending", text === SENDING);
  let badge = place.querySelector(":scope > .pending-badge");
  if (!badge) {
    badge = document.createElement("span");
    badge.className = "pending-badge";
    place.appendChild(badge);
  }
  badge.textContent = text || WAITING;
  // A sign-up that waits on the phone can still be taken back before it is ever sent (a tap on the wrong person on
  // the bus, without signal): writes.js takes it out of the queue (data-cancellable on the list's form).
  const cancellable = elt.form && elt.form.hasAttribute("data-cancellable");
  let cancel = place.querySelector(":scope > .cancel-waiting");
  if (cancellable && entry && text !== SENDING && !cancel) {
    cancel = document.createElement("button");
    Object.assign(cancel, { type: "button", className: "btn btn-small cancel-waiting", textContent: t("cancel_waiting") });
    cancel.dataset.entry = entry.id;
    place.appendChild(cancel);
  }
  if (elt.tagName === "BUTTON" || elt.tagName === "FORM") {
    const button = elt.tagName === "BUTTON" ? elt : elt.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      if (elt.getAttribute("data-pending-text")) button.textContent = elt.getAttribute("data-pending-text");
      if (elt.getAttribute("data-pending-label")) button.setAttribute("aria-label", elt.getAttribute("data-pending-label"));  // the name says it too
    }
  }
}

// After a reload offline, what waits to be sent is marked again on the screen it was done on.
export function restorePending(entries) {
  entries.forEach((e) => {
    if (e.page !== location.pathname) return;
    const match = Array.from(document.querySelectorAll("[hx-post]")).filter((candidate) => {
      if (candidate.getAttribute("hx-post") !== e.url || candidate.matches(".undo-form")) return false;  // an undo on show is not the write
      const params = parameters(candidate);
      return ["worker_id", "boarded"].every((key) => {  // in queue order, so the last status shows
        return !(key in e.body) || String(params[key]) === String(e.body[key]);
      });
    })[0] || rowOf(e);
    if (match) markPending(match, null, e);
  });
}

// A board row with no button of its own for the write (someone present already, changed in the status menu): the
// row itself, in the list (data-rows) of the one form that posts where the write went.
function rowOf(e) {
  const form = e.body.worker_id && Array.from(document.querySelectorAll("form[data-rows]")).find((f) => f.getAttribute("action") === e.url);
  const list = form && document.getElementById(form.dataset.rows);
  return list ? byRef(list, e.body.worker_id)[0] : null;
}
