// The round's stops as an accordion: one stop open at a time (the one the bus is at). Tapping a folded stop,
// or "Verder naar …" at the end of the open one, folds the others and brings that stop up, just below the
// sticky seat counter; so does the "Wie rijdt mee?" bar for the proposal. Without JavaScript every stop
// still opens and closes on its own.

function below(target) {  // scroll so the target starts just under the topbar and the sticky seat counter
  const counter = document.getElementById("seat-counter");
  const cover = counter ? counter.getBoundingClientRect().bottom : 0;
  window.scrollTo({ top: window.scrollY + target.getBoundingClientRect().top - cover - 8 });
}

function openOnly(stop) {
  document.querySelectorAll("details.stop[open]").forEach((other) => { if (other !== stop) other.open = false; });
  stop.open = true;
  below(stop);
}

export function foldStops() {
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
