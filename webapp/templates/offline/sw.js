// Dagdeel service worker {{ version }}.
// Caches the app shell and today's daily-job screens (network first), so the app opens without network.
// Which pages are today's daily screens is the server's call: it marks them with a Dagdeel-Offline header
// carrying its date (webapp/offline/scope.py). Nothing else is kept: no exports, week grids, year overviews,
// print views, photos or other days' screens. A page load that lands on the login page (the session ended)
// forgets every kept page, as logout does.
// While the phone is in a worker's turn (a checklist, "Geef de telefoon aan Bas"), the server marks its answers with
// a Dagdeel-Turn header; from then on, until a page without it, no navigation is answered from the kept pages:
// offline, every page is the turn's own offline page. The lock is stored (Cache API), so it survives this worker
// being stopped and started again and a reload.
// Writes are not handled here: the page keeps them in an IndexedDB queue (static/js/outbox.js), so a new
// version of this worker can never strand or drop them.
"use strict";
const SHELL_CACHE = "dagdeel-shell-{{ version }}";
const PAGES_CACHE = "dagdeel-pages";
const SHELL = {{ shell|tojson }};
const DAILY_HEADER = "Dagdeel-Offline";
const LOGIN_PATH = {{ login_path|tojson }};
const OFFLINE_URL = {{ offline_url|tojson }};
const TURN_URL = {{ turn_url|tojson }};  // the worker's turn, offline: give the phone back
const TURN_HEADER = "Dagdeel-Turn";
const TURN_CACHE = "dagdeel-turn";
const TURN_KEY = "/dagdeel-turn-lock";  // the one entry of TURN_CACHE: the turn's session id, while it lasts
const STATIC_PATH = {{ static_path|tojson }};
const NETWORK_TIMEOUT_MS = {{ page_timeout_ms|int }};  // after this a kept copy of the page answers

self.addEventListener("install", (event) => {
  // The offline pages are kept without the session: the same for whoever uses the phone, no one's data in them.
  const anonymous = [OFFLINE_URL, TURN_URL];
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => Promise.all([
    cache.addAll(SHELL.filter((url) => !anonymous.includes(url))),
    ...anonymous.map((url) => fetch(url, { credentials: "omit" }).then((response) => {
      if (!response.ok) throw new Error("offline page " + response.status);
      return cache.put(url, response);
    })),
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
  await Promise.all([caches.delete(PAGES_CACHE), unlockTurn()]);
}

// The worker's turn. `turnEpoch` counts the lock's changes in this worker's life: a page asked for before the
// turn began (still on its way when the phone was handed over) must not end it.
let turnEpoch = 0;
// Whether this worker last saw the phone in a turn (null: not read yet), for posts, which must be answered at once.
let turnSeen = null;

async function lockedTurn() {
  const lock = await caches.match(TURN_KEY, { cacheName: TURN_CACHE });
  return lock ? lock.text() : null;
}

async function unlockTurn() {
  turnEpoch += 1;
  turnSeen = false;
  await caches.delete(TURN_CACHE);
}

// A page in the turn locks (again, if an earlier version of the lock was lost); the first whole page without the
// mark, asked for after the lock, unlocks: the server ended the turn (the password, or the session ended).
// A redirect or an error says nothing.
async function noteTurn(response, asked) {
  const turn = response.headers.get(TURN_HEADER);
  if (turn) {
    if (await lockedTurn() === turn) return;
    turnEpoch += 1;
    turnSeen = true;
    await (await caches.open(TURN_CACHE)).put(TURN_KEY, new Response(turn));
  } else if (asked === turnEpoch && response.ok && response.type === "basic" && await lockedTurn() !== null) {
    await unlockTurn();
  }
}

async function turnPage() {
  return (await caches.match(TURN_URL)) || Response.error();
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
// offline page only when the network fails. In a worker's turn only the network answers, else the turn's offline page.
async function page(request) {
  const asked = generation;
  const turnAsked = turnEpoch;
  const network = fetch(request).then(async (response) => {
    await keep(request, response.clone(), asked).catch(() => {});  // storage full: the page still shows
    await noteTurn(response, turnAsked).catch(() => {});
    return response;
  });
  const turn = await lockedTurn().catch(() => "unreadable");  // a lock that cannot be read still holds
  if (turn !== null) return network.catch(turnPage);  // the worker's turn: nothing kept, ever
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

// A form sent in the worker's turn (a tap on a level) is answered with the turn's offline page when there is no
// network; outside a turn such a post does not pass through here.
lockedTurn().then((turn) => { if (turnSeen === null) turnSeen = turn !== null; }, () => {});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && turnSeen !== false) {
    event.respondWith(fetch(request).catch(async () => (await lockedTurn() !== null ? turnPage() : Response.error())));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(STATIC_PATH)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});
