// The round's stops as an accordion: one stop open at a time (the one the bus is at). Tapping a folded stop,
// or "Verder naar …" at the end of the open one, folds the others and brings that stop up, just below the
// sticky seat counter; so does the "Wie rijdt mee?" bar for the proposal. Without JavaScript every stop
// still opens and closes on its own.

import { t } from "./strings.js";

function below(target) {  // scroll so the target starts just under the topbar and the sticky seat counter
  const counter = document.getElementById("seat-counter");
  const cover = counter ? counter.getBoundingClientRect().bottom : 0;
  window.scrollTo({ top: window.scrollY + target.getBoundingClientRect().top - cover - 8 });
}

function openOnly(stop, scroll = true) {
  document.querySelectorAll("details.stop[open]").forEach((other) => { if (other !== stop) other.open = false; });
  stop.open = true;
  try { sessionStorage.setItem(OPEN_KEY(), stop.id); } catch (error) { /* private mode: the server's choice stands */ }
  if (scroll) below(stop);
}

// The stop the bus moved on to ("Verder naar …") is open again after a reload, not the last one with a sign-up
// (the server's guess): kept per round for this tab. Once the choice is made the server opens none; so then no more.
const OPEN_KEY = () => `dagdeel-open-stop:${location.pathname}`;
function reopen() {
  let kept = null;
  try { kept = sessionStorage.getItem(OPEN_KEY()); } catch (error) { return; }
  const stop = kept && document.getElementById(kept);
  if (stop && stop.matches("details.stop") && !stop.open && document.querySelector("details.stop[open]")) openOnly(stop, false);
}

// The proposal's "N gekozen voor M plaatsen" follows the ticks, so 9 for 8 shows before "Vastleggen" is tapped.
function countChosen(event) {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || !box.closest("ul.proposal")) return;
  const form = box.closest("form"), count = form && form.querySelector(".chosen-count"), riders = box.closest("#riders");
  if (!count || !riders) return;
  const n = form.querySelectorAll("ul.proposal input[type=checkbox]:checked").length, seats = parseInt(riders.dataset.seats, 10);
  count.textContent = t("chosen_count", { n, seats });
  count.classList.toggle("warn", n > seats);
}

// "+ Nieuw, eerste keer" opened: the name field has the focus (the keyboard comes up, one tap saved).
function openedFirstTimer(event) {
  const note = event.target;
  if (!(note instanceof HTMLDetailsElement) || !note.open || !note.matches("details.stop details.add-note")) return;
  const name = note.querySelector("input[name=name]");
  if (name) name.focus();
}

// A sign-up's answer redraws its stop: the signed list above grows by a row, and the tapped person stays in the
// list as "✓ aangemeld" (rounds/_signup.html). Kept where the thumb is, so the answer is seen there and the
// person above does not slide under the finger for a second tap.
let anchor = null;
function beforeSwap(event) {
  const config = event.detail.requestConfig, elt = config && config.elt, target = event.detail.target;
  anchor = elt && elt.dataset && elt.dataset.workerRef && target && target.matches && target.matches("details.stop")
    ? { ref: elt.dataset.workerRef, stop: target.id, top: elt.getBoundingClientRect().top } : null;
}
function afterSwap() {
  if (!anchor) return;
  const { ref, stop, top } = anchor;
  anchor = null;
  const row = Array.from(document.querySelectorAll(`#${stop} .just-signed`)).find((li) => li.dataset.workerRef === ref);
  if (row) window.scrollBy(0, row.getBoundingClientRect().top - top);
}

export function foldStops() {
  reopen();
  document.addEventListener("htmx:beforeSwap", beforeSwap);
  document.addEventListener("htmx:afterSettle", afterSwap);
  document.addEventListener("change", countChosen);
  document.addEventListener("toggle", openedFirstTimer, true);
  document.addEventListener("click", (event) => {
    const next = event.target.closest("[data-next-stop]");
    if (next) {
      const stop = document.getElementById(next.dataset.nextStop);
      if (stop) openOnly(stop);
      return;
    }
    const summary = event.target.closest("details.stop > summary");
    if (summary && !summary.parentElement.open) {
      event.preventDefault();
      openOnly(summary.parentElement);
      return;
    }
    const jump = event.target.closest("#seat-counter a.jump-bar");
    const riders = document.getElementById("riders");
    if (jump && riders) {
      event.preventDefault();
      below(riders);
    }
  });
}
