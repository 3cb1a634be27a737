// The texts the scripts show, in the user's language: a catalogue the server renders into every page
// (webapp/offline/js_strings.py, a JSON data block), so no user-facing text is written in a script.
const block = document.getElementById("dagdeel-strings");
const catalogue = (() => {
  try { return block ? JSON.parse(block.textContent) : {}; } catch (error) { return {}; }
})();

// The text for `key`, each %(name)s filled from `values`: t("logout_unsent", { n: 3 }).
export function t(key, values = {}) {
  const text = key in catalogue ? catalogue[key] : key;
  return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
