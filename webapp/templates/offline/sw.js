// Dagdeel service worker {{ version }}.
// Caches the app shell and today's daily-job screens (network first), so the app opens without network.
// Writes are not handled here: the page keeps them in an IndexedDB queue (static/js/app.js), so a new
// version of this worker can never strand or drop them.
"use strict";
const SHELL_CACHE = "dagdeel-shell-{{ version }}";
const PAGES_CACHE = "dagdeel-pages";
const SHELL = {{ shell|tojson }};
const DAILY = ["/ronde/", "/werkvloer/", "/uitbetaling/"];
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("dagdeel-shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skipWaiting") self.skipWaiting();
  if (data.type === "clear") event.waitUntil(caches.delete(PAGES_CACHE));
  if (data.type === "prefetch") event.waitUntil(prefetch(data.urls || []));
});

function isDaily(url) {
  return DAILY.some((prefix) => url.pathname.startsWith(prefix));
}

async function prefetch(urls) {
  const cache = await caches.open(PAGES_CACHE);
  await Promise.all(urls.map(async (url) => {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { "Dagdeel-Prefetch": "1" } });
      if (response.ok && !response.redirected) await cache.put(url, response);
    } catch (error) { /* offline: keep what we have */ }
  }));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

async function page(request) {
  const url = new URL(request.url);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (response.ok && !response.redirected && isDaily(url)) {
      await (await caches.open(PAGES_CACHE)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true });
    if (cached) return cached;
    return (await caches.match("/offline")) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});
