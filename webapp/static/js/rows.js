// A list's one form (issue 19): the rows carry no forms of their own. A row's button names its person
// (`form="marks" name="worker_id" value="…"`) and, without JavaScript, posts the list's form. Here each such button
// becomes a write of its own, from what the form says (`data-row-post`, `data-queue`, `data-label`, rendered by
// queued_post(rows=True)): htmx sends it alone with the form's fields and the person, and the queue gives it its own
// entry and client id, so fast taps on two rows are two writes that never wait for each other.
// A row's own field of the form (the payout list's card chip: `form="pays" name="voucher_type-<id>"`, named
// `<name>-<person>` so the form without JavaScript sends each row's card apart) goes with that row's button only:
// it leaves the form under its plain name (`voucher_type`), and the button includes its row.
export function armRows(root) {
  let armed = false;
  (root.querySelectorAll ? root.querySelectorAll("button[form][name]:not([hx-post])") : []).forEach((button) => {
    const form = button.form;
    if (!form || !form.hasAttribute("data-row-post")) return;
    button.setAttribute("hx-post", form.getAttribute("data-row-post"));
    button.setAttribute("data-queue", "");
    if (!button.hasAttribute("data-label")) button.setAttribute("data-label", form.getAttribute("data-label") || "");  // or the row's own
    const row = button.closest("li"), own = row ? Array.from(row.querySelectorAll("input[form], select[form], textarea[form]")).filter((field) => field.form === form && field.name.indexOf("-") > 0) : [];
    own.forEach((field) => { field.removeAttribute("form"); field.name = field.name.slice(0, field.name.lastIndexOf("-")); });
    if (own.length) button.setAttribute("hx-include", "closest li");
    armed = true;
  });
  return armed;
}

export function listenRows() {
  if (armRows(document) && window.htmx) htmx.process(document.body);
  document.addEventListener("htmx:load", (event) => { if (armRows(event.detail.elt)) htmx.process(event.detail.elt); });
}
