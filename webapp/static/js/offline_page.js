// The offline page (templates/offline/offline.html): a way back, and links to the screens this phone kept.
const PAGES_CACHE = "dagdeel-pages";  // the service worker's cache of today's daily screens (sw.js)

export function offlinePage() {
  const back = document.querySelector("a[data-back]");
  if (back) back.addEventListener("click", (event) => {
    if (history.length > 1) { event.preventDefault(); history.back(); }
  });
  const lists = document.querySelectorAll("[data-offline-screens]");
  if (!lists.length || !window.caches) return Promise.resolve();
  return caches.open(PAGES_CACHE).then((cache) => cache.keys()).then((requests) => {
    const kept = requests.map((r) => new URL(r.url)).filter((u) => u.origin === location.origin);
    lists.forEach((list) => list.querySelectorAll("a[data-prefix]").forEach((link) => {
      const prefix = link.dataset.prefix;
      // The exact page first (Uitbetaling's day list, not its Via Via week), else one under it (a board, a round).
      const hit = kept.find((u) => u.pathname === prefix) || kept.find((u) => u.pathname.startsWith(prefix));
      const note = link.querySelector(".not-kept");
      if (hit) { link.href = hit.pathname + hit.search; if (note) note.hidden = true; }
    }));
  }).catch(() => {});
}
