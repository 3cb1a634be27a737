// The Loon naar Werken board and day payout list: who arrived or was marked present on this phone gets the
// row the server rendered for a stand-in (<template class="offline-row">), filled in.
import { ATTENDED } from "../page.js";
import { byRef, filled } from "../dom.js";
import { armRows } from "../rows.js";
import { t } from "../strings.js";

// Who a queued write says was present, for the lists keyed `people_key` (the arrival form or a board row's write:
// `elt`, the element htmx sends, may be a row's button in its list's one form).
export function describePeople(elt, form, params, entry) {
  const scope = elt.closest("[data-offline-people]") || form.closest("[data-offline-people]") || (form.dataset.people ? form : null);
  if (!scope) return;
  entry.people_key = scope.dataset.offlinePeople || scope.dataset.people;
  if (form.dataset.people) {
    entry.people = Array.from(form.querySelectorAll("input[data-ref]")).map((i) => ({ ref: i.dataset.ref, name: i.dataset.name, present: i.checked }));
  } else if (params.worker_id && params.status) {
    const row = elt.closest("[data-name]");
    entry.people = [{ ref: String(params.worker_id), name: row ? row.dataset.name : "", present: ATTENDED.indexOf(params.status) >= 0 }];
  }
}

export function offlinePeople(entries) {
  document.querySelectorAll("[data-offline-people]").forEach((list) => {
    const template = list.parentNode.querySelector("template.offline-row");
    if (!template) return;
    const latest = {}, order = [];
    entries.forEach((e) => {
      if (e.people_key !== list.dataset.offlinePeople) return;
      (e.people || []).forEach((p) => { if (!(p.ref in latest)) order.push(p.ref); latest[p.ref] = p; });
    });
    order.forEach((ref) => {
      const p = latest[ref];
      if (byRef(list, ref).length || !p.present) return;
      const row = filled(template.content.firstElementChild, template, { ref, name: p.name || "?" });
      row.querySelectorAll("input[name=client_id]").forEach((input) => { input.value = ""; });
      row.classList.add("offline-added");
      if (row.classList.contains("att-row")) {
        row.classList.remove("status-open"); row.classList.add("status-aanwezig", "pending");
      }
      const who = row.querySelector("strong");
      if (who) {
        const badge = document.createElement("span");
        badge.className = "pending-badge";
        badge.textContent = t("arrived_here");
        who.insertAdjacentElement("afterend", badge);
      }
      list.appendChild(row);
      armRows(row);
      if (window.htmx) htmx.process(row);
    });
    const empty = list.querySelector("li.empty");
    if (empty && list.querySelector("[data-ref]")) empty.remove();
  });
}
