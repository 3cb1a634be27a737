// Logging out warns about unsent writes, then clears the kept pages, the queue and local storage. Unsent view events
// stay queued (they name no one, only ids): they reach the access log at the next login of the same staff member.
import { flush, mine } from "./outbox.js";
import { QUEUE, all, clearAll, isWrite } from "./queue/store.js";
import { t } from "./strings.js";

export function logout(event) {
  const form = event.target;
  if (form.dataset.confirmed) return;
  event.preventDefault();
  all(QUEUE).then((entries) => {
    if (!mine(entries).length) return true;
    return flush({ leave: true }).then(() => all(QUEUE)).then((left) => {
      const still = mine(left).filter(isWrite).length;
      return !still || window.confirm(t("logout_unsent", { n: still }));
    });
  }).then((go) => {
    if (!go) return;
    const wipe = [clearAll((e) => !isWrite(e)), window.caches && caches.keys
      ? caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))) : Promise.resolve()];
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* private mode */ }
    Promise.all(wipe).finally(() => { form.dataset.confirmed = "1"; form.submit(); });
  });
}
