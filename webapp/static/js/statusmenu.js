// The board's status menu (a <details> sheet per row). The Werkvloer board renders the sheet once for the list
// (<template id="status-sheet">): every opening puts a fresh copy in the row, for its person, with the status the
// row shows now (also a tap still on its way, or queued offline), its time and "vroeg weg telt mee" as the form's
// defaults (data-at, data-elc: the server's version).
// An open menu is kept across its row's swap: a tap's answer arriving while it is open leaves it open (the same
// element moves into the new row), and its sheet follows the answer unless the user has already chosen something.
// It opens on the person's current status (the form's own defaults, restored on every opening) and closes without
// changing anything on "Annuleren", Escape, a tap outside it and the phone's back button (it takes one history entry
// while open). "Opslaan" closes it too, online and offline alike.
import { filled, statusOf } from "./dom.js";

const MENU = "details.status-menu";
let popping = false;  // our own history.back() is on its way: its popstate is ours, not htmx's

const openMenu = () => document.querySelector(MENU + "[open]");
const ours = () => !!(history.state && history.state.dagdeelMenu);

function leaveHistory() {
  if (ours() && !popping) { popping = true; history.back(); }
}

function close(menu, focus) {
  menu.open = false;
  leaveHistory();
  const summary = menu.querySelector("summary");
  if (focus && summary) summary.focus();
}

// The time a late arrival or early leave starts from: the phone's clock now, when that is within the dagdeel of
// today's board (a page loaded at 08:00 and opened at 10:30 says 10:30); else none to guess (the server refuses a
// time outside the dagdeel, attendance/rules.within_block).
function nowIn(sheet) {
  const now = new Date(), hhmm = `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
  return "today" in sheet && sheet.starts <= hhmm && hhmm <= sheet.ends ? hhmm : "";
}

// The list's one sheet, filled in for the row this menu is in; its submission is its own write (its own element,
// its own client id from the queue), so two rows' menus never share a request.
function sheetFor(menu) {
  const template = document.getElementById("status-sheet"), row = menu.closest("[data-ref]");
  if (!template || !row || menu.querySelector(".status-form")) return null;
  const d = row.dataset, status = statusOf(row), form = filled(template.content.firstElementChild, template, { ref: d.ref, name: d.listName || d.name });
  form.querySelectorAll("input[name=status]").forEach((radio) => { if (radio.value === status) radio.setAttribute("checked", ""); });
  if (status === "open") form.querySelectorAll("[data-marked-only]").forEach((label) => label.remove());
  const time = form.querySelector("input[name=at_time]");
  if (d.at) time.setAttribute("value", d.at);
  else time.setAttribute("value", nowIn(template.dataset));
  const counts = form.querySelector("input[name=early_leave_counts]");
  if (counts && d.elc) counts.setAttribute("checked", "");
  if (d.full) {
    const full = document.createElement("small");
    full.textContent = d.full;
    form.querySelector(".menu-who").append(document.createElement("br"), full);
  }
  form.dataset.sheet = "";
  menu.appendChild(form);
  if (window.htmx) htmx.process(form);
  return form;
}

// The sheet's current status (or its first choice) gets the focus, without scrolling the list.
function focusChoice(menu) {
  const first = menu.querySelector("input[type=radio]:checked") || menu.querySelector("input[type=radio]");
  if (first) first.focus({ preventScroll: true });
}

// A fresh sheet for the status the row shows now (a copy made earlier was for the status the row had then).
function freshSheet(menu) {
  const copy = menu.querySelector(".status-form[data-sheet]");
  if (copy) copy.remove();
  const form = menu.querySelector("form") || sheetFor(menu);
  if (form) form.reset();
}

function toggled(event) {
  const menu = event.target;
  if (!(menu instanceof HTMLDetailsElement) || !menu.matches(MENU)) return;
  if (!menu.open) { leaveHistory(); return; }
  document.querySelectorAll(MENU + "[open]").forEach((other) => { if (other !== menu) other.open = false; });
  freshSheet(menu);
  if (!ours()) history.pushState({ dagdeelMenu: true }, "");
  focusChoice(menu);
}

function clicked(event) {
  const menu = openMenu();
  if (!menu) return;
  const target = event.target;
  if (target.closest && target.closest(".menu-cancel") && menu.contains(target)) { event.preventDefault(); close(menu, true); return; }
  const form = menu.querySelector(".status-form"), summary = menu.querySelector("summary");
  if ((form && form.contains(target)) || (summary && summary.contains(target))) return;
  event.preventDefault();  // a tap outside only closes the menu: it does not also tap what lies under it
  event.stopPropagation();
  close(menu, false);
}

function popped(event) {
  if (popping) { popping = false; event.stopImmediatePropagation(); return; }
  const menu = openMenu();
  if (menu) { event.stopImmediatePropagation(); menu.open = false; }
}

export function listenStatusMenus() {
  document.addEventListener("toggle", toggled, true);
  document.addEventListener("click", clicked, true);
  document.addEventListener("keydown", (event) => {
    const menu = event.key === "Escape" && openMenu();
    if (menu) { event.preventDefault(); close(menu, true); }
  });
  document.addEventListener("submit", (event) => {
    const menu = event.target.closest && event.target.closest(MENU);
    if (menu) setTimeout(() => close(menu, false), 0);
  }, true);
  window.addEventListener("popstate", popped, true);
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest(".status-form[data-sheet]");
    if (form) form.dataset.touched = "";
  }, true);
  let kept = null;  // the open menu of a row being swapped, and where it was
  document.addEventListener("htmx:beforeSwap", (event) => {
    const menu = openMenu(), row = menu && menu.closest("[data-ref][id]"), target = event.detail.target;
    kept = row && target && target.contains(row) ? { menu, id: row.id, focused: menu.contains(document.activeElement) ? document.activeElement : null } : null;
  });
  document.addEventListener("htmx:afterSwap", () => {
    if (kept) {
      const { menu: old, id, focused } = kept, row = document.getElementById(id), fresh = row && row.querySelector(MENU);
      kept = null;
      if (fresh && fresh !== old) fresh.replaceWith(old);
      if (focused && old.contains(focused)) focused.focus({ preventScroll: true });
    }
    const menu = openMenu(), form = menu && menu.querySelector(".status-form[data-sheet]");
    const row = menu && menu.closest("[data-ref]"), checked = form && form.querySelector("input[name=status]:checked");
    if (!form || "touched" in form.dataset || (checked ? checked.value : "open") === statusOf(row)) return;
    const focused = menu.contains(document.activeElement);
    freshSheet(menu);
    if (focused) focusChoice(menu);
  });
  // A menu tapped open before this module ran (the page still loading on a slow phone) gets its sheet now.
  const early = openMenu();
  if (early) toggled({ target: early });
}
