// Dagdeel service worker {{ version }}.
// Caches the app shell and today's daily-job screens (network first), so the app opens without network.
// Which pages are today's daily screens is the server's call: it marks them with a Dagdeel-Offline header
// carrying its date (webapp/offline/scope.py). Nothing else is kept: no exports, week grids, year overviews,
// print views, photos or other days' screens. A page load that lands on the login page (the session ended)
// forgets every kept page, as logout does.
// Writes are not handled here: the page keeps them in an IndexedDB queue (static/js/outbox.js), so a new
// version of this worker can never strand or drop them.
"use strict";
const SHELL_CACHE = "dagdeel-shell-{{ version }}";
const PAGES_CACHE = "dagdeel-pages";
const SHELL = {{ shell|tojson }};
const DAILY_HEADER = "Dagdeel-Offline";
const LOGIN_PATH = {{ login_path|tojson }};
const OFFLINE_URL = {{ offline_url|tojson }};
const STATIC_PATH = {{ static_path|tojson }};
const NETWORK_TIMEOUT_MS = {{ page_timeout_ms|int }};  // after this a kept copy of the page answers

self.addEventListener("install", (event) => {
  // The offline page is kept without the session: the same for whoever uses the phone, no one's data in it.
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => Promise.all([
    cache.addAll(SHELL.filter((url) => url !== OFFLINE_URL)),
    fetch(OFFLINE_URL, { credentials: "omit" }).then((response) => {
      if (!response.ok) throw new Error("offline page " + response.status);
      return cache.put(OFFLINE_URL, response);
    }),
  ])));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("dagdeel-shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await prune(null);  // pages an earlier version kept without the server's mark
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skipWaiting") self.skipWaiting();
  if (data.type === "clear") event.waitUntil(forget());
  if (data.type === "prefetch") event.waitUntil(prefetch(data.urls || []));
});

// Bumped whenever the kept pages are forgotten (session ended): an answer fetched before that moment, still on
// its way, must not put a page back.
let generation = 0;

async function forget() {
  generation += 1;
  await caches.delete(PAGES_CACHE);
}

function isDaily(response) {
  return response.ok && !response.redirected && response.headers.has(DAILY_HEADER);
}

// Drop every kept page that is not a daily screen of `day` (null: only those without the server's mark).
async function prune(day) {
  const cache = await caches.open(PAGES_CACHE);
  for (const request of await cache.keys()) {
    const kept = await cache.match(request);
    const mark = kept && kept.headers.get(DAILY_HEADER);
    if (!mark || (day && mark !== day)) await cache.delete(request);
  }
}

// Keep today's daily screen. A page that is no daily screen (any more) removes what was kept for its address;
// landing on the login page removes everything. A server error changes nothing: the kept page still helps.
async function keep(request, response, asked) {
  if (asked !== generation) return;  // fetched before the session ended
  if (!isDaily(response)) {
    if (new URL(response.url || request.url, self.location.origin).pathname === LOGIN_PATH) return forget();
    if (response.ok && await caches.has(PAGES_CACHE)) await (await caches.open(PAGES_CACHE)).delete(request, { ignoreVary: true });
    return;
  }
  await prune(response.headers.get(DAILY_HEADER));
  await (await caches.open(PAGES_CACHE)).put(request, response);
  if (asked !== generation) await caches.delete(PAGES_CACHE);  // forgotten meanwhile: forget this one too
}

async function prefetch(urls) {
  await Promise.all(urls.map(async (url) => {
    try {
      const asked = generation;
      const response = await fetch(url, { credentials: "same-origin", headers: { "Dagdeel-Prefetch": "1" } });
      await keep(url, response, asked);
    } catch (error) { /* offline or storage full: keep what we have */ }
  }));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

// A kept page shown because the network failed says so on its <body> (data-from-cache), so that the page logs the
// view on the server once it can (static/js/viewlog.js): these views of people's data never reach the server otherwise.
async function fromCache(cached) {
  const headers = new Headers(cached.headers);
  headers.delete("Content-Length");
  const html = (await cached.text()).replace("<body ", '<body data-from-cache="1" ');
  return new Response(html, { status: cached.status, statusText: cached.statusText, headers });
}

// Network first. A kept copy answers when the network fails or is slower than NETWORK_TIMEOUT_MS (a bus in a dead
// spot); a page with no kept copy waits for the network as long as it takes (slow 4G is not offline) and shows the
// offline page only when the network fails.
async function page(request) {
  const asked = generation;
  const network = fetch(request).then(async (response) => {
    await keep(request, response.clone(), asked).catch(() => {});  // storage full: the page still shows
    return response;
  });
  try {
    return await withTimeout(network, NETWORK_TIMEOUT_MS);
  } catch (error) {
    const cached = await caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true });
    if (cached) return fromCache(cached);
    try {
      return await network;
    } catch (failed) {
      return (await caches.match(OFFLINE_URL)) || Response.error();
    }
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(STATIC_PATH)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});
