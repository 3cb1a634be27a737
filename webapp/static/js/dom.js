// Small helpers for reading forms and filling in the server's stand-in rows.

// What a write sends, as htmx sends it: the fields of the element's form (for a button with its own hx-post, the
// form it belongs to: a list's one form), the button's own name and value (the person a row's button names), the
// fields of what its own hx-include names ("closest li": its row's card chip), and the hx-vals of the element and
// its ancestors (never the CSRF token: it goes in a header).
export function parameters(elt) {
  const params = {};
  const form = elt.tagName === "FORM" ? elt : (elt.form || elt.closest("form"));
  if (form) {
    new FormData(form).forEach((value, key) => {
      if (typeof value !== "string") return;
      if (key in params) params[key] = [].concat(params[key], value); else params[key] = value;
    });
  }
  if (elt.tagName === "BUTTON" && elt.name) params[elt.name] = elt.value;
  const include = elt.getAttribute && elt.getAttribute("hx-include");
  const from = include && (include.indexOf("closest ") === 0 ? elt.closest(include.slice(8)) : document.querySelector(include));
  if (from) {
    (from.matches("input, select, textarea") ? [from] : Array.from(from.querySelectorAll("input, select, textarea"))).forEach((field) => {
      if (field.name && !field.disabled && (!/^(checkbox|radio)$/.test(field.type) || field.checked)) params[field.name] = field.value;
    });
  }
  const vals = [];
  for (let at = elt; at && at.getAttribute; at = at.parentElement) { if (at.hasAttribute("hx-vals")) vals.unshift(at.getAttribute("hx-vals")); }
  vals.forEach((text) => { try { Object.assign(params, JSON.parse(text)); } catch (e) { /* not JSON: ignore */ } });
  delete params.csrf_token;
  return params;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The status a board row shows (its status-… class), "open" when none.
export function statusOf(row) {
  const found = Array.from(row.classList).find((c) => c.indexOf("status-") === 0);
  return found ? found.slice("status-".length) : "open";
}

export function byRef(root, ref) {
  return Array.from(root.querySelectorAll("[data-ref]")).filter((el) => el.dataset.ref === String(ref));
}

// A copy of a server-rendered stand-in (an element inside a <template>) for one person: each stand-in the
// template names in its data- attributes (data-ref, data-name, ...) replaced by the value of the same key.
export function filled(source, template, values) {
  let html = source.outerHTML;
  Object.keys(values).forEach((key) => {
    html = html.split(template.dataset[key]).join(escapeHtml(values[key] ?? ""));
  });
  const holder = document.createElement("template");
  holder.innerHTML = html.trim();
  return holder.content.firstElementChild;
}

// The id in a URL the server rendered with a stand-in id (`/ronde/3/aanmeldingen/987654322/instappen`), as a
// pattern that finds the real id in a queued write's URL.
export function idPattern(url, stand) {
  const quote = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const [before, after] = url.split(String(stand));
  return new RegExp("^" + quote(before) + "(\\d+)" + quote(after || "") + "$");
}
