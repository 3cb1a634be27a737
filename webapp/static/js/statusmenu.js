// The board's status menu (a <details> sheet per row). It opens on the person's current status (the form's
// own defaults, restored on every opening) and closes without changing anything on "Annuleren", Escape, a tap
// outside it and the phone's back button (it takes one history entry while open). "Opslaan" closes it too,
// online and offline alike.
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

function toggled(event) {
  const menu = event.target;
  if (!(menu instanceof HTMLDetailsElement) || !menu.matches(MENU)) return;
  if (!menu.open) { leaveHistory(); return; }
  document.querySelectorAll(MENU + "[open]").forEach((other) => { if (other !== menu) other.open = false; });
  const form = menu.querySelector("form");
  if (form) form.reset();
  if (!ours()) history.pushState({ dagdeelMenu: true }, "");
  const first = menu.querySelector("input[type=radio]:checked") || menu.querySelector("input[type=radio]");
  if (first) first.focus({ preventScroll: true });
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
}
