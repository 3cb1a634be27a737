// Dagdeel's own script (no inline scripts: the CSP forbids them).
//
// Every write (an htmx POST) goes through a durable queue in IndexedDB: the entry, with its client
// UUID and device time, is stored before the first send and reused on every retry. It leaves the
// queue only on a 2xx answer that names its UUID in the Dagdeel-Applied header; a refusal (4xx) is
// kept as a conflict for the user to read. A 401, a 5xx, a timeout or a captive portal's 200 keep it
// queued. The queue replays on `online`, on opening the app, on becoming visible and every 30 s.
(function () {
  "use strict";
  var body = document.body;
  var staffId = body.dataset.staffId || "";
  var DB = "dagdeel", QUEUE = "queue", CONFLICTS = "conflicts", VERSION = 1;
  var TIMEOUT_MS = parseInt(body.dataset.timeoutMs || "8000", 10);
  var flushing = null;
  var registration = null;  // the service worker's, once registered

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: "id" });
        if (!db.objectStoreNames.contains(CONFLICTS)) db.createObjectStore(CONFLICTS, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(store, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result = work(t.objectStore(store));
        t.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        t.onerror = function () { db.close(); reject(t.error); };
      });
    });
  }

  function all(store) {
    return tx(store, "readonly", function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function put(store, value) { return tx(store, "readwrite", function (s) { s.put(value); }); }
  function remove(store, id) { return tx(store, "readwrite", function (s) { s.delete(id); }); }
  function clearAll() {
    return Promise.all([tx(QUEUE, "readwrite", function (s) { s.clear(); }),
                        tx(CONFLICTS, "readwrite", function (s) { s.clear(); })]);
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, function () { return (Math.random() * 16 | 0).toString(16); });
  }

  function csrfToken() {
    try { return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }

  // What the write sends: the form's fields and the element's hx-vals.
  function parameters(elt) {
    var params = {};
    var form = elt.tagName === "FORM" ? elt : elt.closest("form");
    if (form && (elt === form || !elt.hasAttribute("hx-post"))) {
      new FormData(form).forEach(function (value, key) {
        if (typeof value !== "string") return;
        if (key in params) params[key] = [].concat(params[key], value); else params[key] = value;
      });
    }
    var vals = elt.getAttribute("hx-vals");
    if (vals) { try { Object.assign(params, JSON.parse(vals)); } catch (e) { /* not JSON: ignore */ } }
    delete params.csrf_token;
    return params;
  }

  function encode(params, extra) {
    var data = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      [].concat(params[key]).forEach(function (v) { data.append(key, v); });
    });
    Object.keys(extra || {}).forEach(function (key) { data.set(key, extra[key]); });
    return data;
  }

  // --- the queue around htmx writes -------------------------------------------------------------
  document.addEventListener("htmx:confirm", function (event) {
    var d = event.detail;
    if (d.verb === "get" || !staffId) return;
    var elt = d.elt;
    if (elt.hasAttribute("hx-confirm") && !window.confirm(elt.getAttribute("hx-confirm"))) { event.preventDefault(); return; }
    event.preventDefault();
    var params = parameters(elt);
    var entry = {
      id: params.client_id || uuid(), seq: Date.now() + Math.random(), url: d.path, staff: staffId,
      device_at: new Date().toISOString(), label: elt.getAttribute("data-label") || (elt.innerText || "").trim().slice(0, 60),
      page: location.pathname, offline: !navigator.onLine, body: params
    };
    entry.body.client_id = entry.id;
    entry.body.device_at = entry.device_at;
    var name = elt.getAttribute("data-worker-name");
    if (name) entry.worker_name = name;
    elt._dagdeelEntry = entry;
    put(QUEUE, entry).then(function () {
      refresh();
      if (navigator.onLine) d.issueRequest(true); else { markPending(elt, d.target, entry); showOfflineRound(); }
    });
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var entry = event.detail.elt._dagdeelEntry;
    if (!entry) return;
    event.detail.parameters.client_id = entry.id;
    event.detail.parameters.device_at = entry.device_at;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt, entry = elt._dagdeelEntry, xhr = event.detail.xhr;
    if (!entry) return;
    delete elt._dagdeelEntry;
    var status = xhr ? xhr.status : 0;
    if ((xhr && xhr.getResponseHeader("Dagdeel-Applied") === entry.id) || status === 422) {
      remove(QUEUE, entry.id).then(refresh);  // done, or refused and the refusal is shown in place
    } else if (status >= 400 && status < 500 && status !== 401) {
      put(CONFLICTS, { id: entry.id, label: entry.label, page: entry.page, device_at: entry.device_at, message: messageOf(xhr.responseText) })
        .then(function () { return remove(QUEUE, entry.id); }).then(refresh);
    } else {
      entry.offline = true;
      put(QUEUE, entry).then(refresh);
      markPending(elt, event.detail.target, entry);
    }
  });

  // htmx gives up on a stalled request after its timeout; the write stays queued.
  document.addEventListener("htmx:timeout", function () { setOnline(false); });
  document.addEventListener("htmx:sendError", function () { setOnline(false); });

  function markPending(elt, target, entry) {
    var form = elt.closest("[data-pending-class]") || elt;
    var place = elt.closest("li") || elt.closest("form") || ((target && target.isConnected) ? target : elt);
    var extra = form.getAttribute && form.getAttribute("data-pending-class");
    if (extra) extra.split(" ").forEach(function (c) { place.classList.add(c); });
    place.classList.add("pending");
    if (!place.querySelector(":scope > .pending-badge")) {
      var badge = document.createElement("span");
      badge.className = "pending-badge";
      badge.textContent = "wacht op verzending";
      place.appendChild(badge);
    }
    if (elt.tagName === "BUTTON" || elt.tagName === "FORM") {
      var button = elt.tagName === "BUTTON" ? elt : elt.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        if (elt.getAttribute("data-pending-text")) button.textContent = elt.getAttribute("data-pending-text");
      }
    }
  }

  // --- a round done offline: who was signed up or boarded on this phone, before the server knows ---
  function showOfflineRound() {
    var riders = document.querySelector("#riders[data-round-url]");
    var arriveList = document.querySelector("form[data-round-url] #arrive-list");
    var roundUrl = (riders || (arriveList && arriveList.closest("form"))) && (riders || arriveList.closest("form")).dataset.roundUrl;
    if (!roundUrl) return Promise.resolve();
    return all(QUEUE).then(function (entries) {
      var mine = entries.filter(function (e) { return e.staff === staffId; });
      var boardedBy = {}, boardedSignups = {};
      var bySignup = new RegExp("^" + roundUrl + "/aanmeldingen/(\\d+)/instappen$");
      mine.forEach(function (e) {
        if (e.url === roundUrl + "/instappen") boardedBy[e.body.worker_id] = e.body.boarded === "1";
        var m = e.url.match(bySignup);
        if (m) boardedSignups[m[1]] = e.body.boarded === "1" ? e.label.replace(/ instappen$/, "") : null;
      });
      var signedUp = mine.filter(function (e) { return e.url === roundUrl + "/aanmelden" && e.body.worker_id && e.worker_name; });
      if (riders) signedUp.forEach(function (e) { offlineRider(riders, roundUrl, e, boardedBy[e.body.worker_id]); });
      if (arriveList) {
        Object.keys(boardedSignups).forEach(function (sid) {
          if (!boardedSignups[sid] || arriveList.querySelector("input[name=present][value='" + sid + "']")) return;
          arriveList.appendChild(arriveItem("present", sid, boardedSignups[sid]));
        });
        var names = {};
        signedUp.forEach(function (e) { names[e.body.worker_id] = e.worker_name; });
        Object.keys(boardedBy).forEach(function (workerId) {
          if (!boardedBy[workerId] || arriveList.querySelector("input[name=present_worker][value='" + workerId + "']")) return;
          arriveList.appendChild(arriveItem("present_worker", workerId, names[workerId] || "aangemeld op deze telefoon"));
        });
        var empty = arriveList.querySelector("li.empty");
        if (empty && arriveList.querySelector("input")) empty.remove();
      }
    });
  }

  function arriveItem(name, value, text) {
    var li = document.createElement("li");
    li.className = "pending";
    var label = document.createElement("label");
    label.className = "check";
    var box = document.createElement("input");
    box.type = "checkbox"; box.name = name; box.value = value; box.checked = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + text + " (ingestapt op deze telefoon)"));
    li.appendChild(label);
    return li;
  }

  function offlineRider(riders, roundUrl, entry, boarded) {
    var workerId = entry.body.worker_id;
    if (riders.querySelector(".board-row[data-worker='" + workerId + "']")) return;
    var list = riders.querySelector("ul.boarding");
    if (!list) {
      var heading = document.createElement("h2");
      heading.textContent = "Instappen";
      list = document.createElement("ul");
      list.className = "list boarding";
      riders.appendChild(heading);
      riders.appendChild(list);
    }
    var li = document.createElement("li");
    li.className = "board-row pending offline-rider" + (boarded ? " boarded" : "");
    li.setAttribute("data-worker", workerId);
    var who = document.createElement("span");
    var strong = document.createElement("strong");
    strong.textContent = entry.worker_name;
    who.appendChild(strong);
    li.appendChild(who);
    var button = document.createElement("button");
    button.className = "btn";
    button.textContent = boarded ? "Ingestapt (wacht)" : "Instappen";
    button.disabled = !!boarded;
    button.setAttribute("hx-post", roundUrl + "/instappen");
    button.setAttribute("hx-vals", JSON.stringify({ worker_id: workerId, boarded: "1" }));
    button.setAttribute("hx-swap", "none");
    button.setAttribute("data-pending-class", "boarded");
    button.setAttribute("data-pending-text", "Ingestapt ✓");
    button.setAttribute("data-label", entry.worker_name + " instappen");
    li.appendChild(button);
    list.appendChild(li);
    if (window.htmx) htmx.process(li);
  }

  // --- replay --------------------------------------------------------------------------------------
  function send(entry) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(entry.url, {
      method: "POST", credentials: "same-origin", redirect: "manual", signal: controller.signal,
      headers: { "X-CSRFToken": csrfToken(), "Dagdeel-Replay": "1" },
      body: encode(entry.body, { offline: entry.offline ? "1" : "0" })
    }).finally(function () { clearTimeout(timer); });
  }

  function messageOf(text) {
    var doc = new DOMParser().parseFromString(text || "", "text/html");
    var alert = doc.querySelector("[role=alert], .error, .flash-error");
    return ((alert ? alert.textContent : doc.body && doc.body.textContent) || "De server weigerde deze actie.").trim().slice(0, 300);
  }

  function flush() {
    if (flushing) return flushing;
    flushing = (async function () {
      var sent = 0;
      var entries = await all(QUEUE);
      for (var i = 0; i < entries.length; i++) {
        var entry = entries[i];
        if (entry.staff !== staffId) continue;  // another user's: kept until they log in again
        var response;
        try { response = await send(entry); } catch (error) { setOnline(false); break; }
        setOnline(true);
        if (response.ok && response.headers.get("Dagdeel-Applied") === entry.id) {
          await remove(QUEUE, entry.id); sent++; continue;
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 401) {
          var text = await response.text();
          await put(CONFLICTS, { id: entry.id, label: entry.label, page: entry.page, device_at: entry.device_at, message: messageOf(text) });
          await remove(QUEUE, entry.id); sent++; continue;
        }
        if (response.status === 401 || response.type === "opaqueredirect") showLogin();
        break;  // 5xx, 401, portal 200 without our header: keep it and try again later
      }
      return sent;
    })().then(function (sent) {
      flushing = null;
      return refresh().then(function (state) {
        if (sent && state.queued === 0 && document.querySelector(".pending")) {
          location.reload();  // the screen showed what was waiting: now show the server's truth
        }
        return sent;
      });
    }, function () { flushing = null; return refresh(); });
    return flushing;
  }

  // --- what the user sees --------------------------------------------------------------------------
  var bar = document.getElementById("sync-bar");

  function setOnline(online) {
    body.classList.toggle("is-offline", !online || !navigator.onLine);
    refresh();
  }

  function showLogin() {
    var note = document.getElementById("sync-login");
    if (note) note.hidden = false;
  }

  function refresh() {
    return Promise.all([all(QUEUE), all(CONFLICTS)]).then(function (lists) {
      var mine = lists[0].filter(function (e) { return e.staff === staffId; });
      var count = document.getElementById("sync-count");
      if (count) count.textContent = String(mine.length);
      if (bar) bar.hidden = mine.length === 0 && lists[1].length === 0 && !body.classList.contains("is-offline");
      body.classList.toggle("has-queue", mine.length > 0);
      if (!lists[0].length && registration && registration.waiting) registration.waiting.postMessage({ type: "skipWaiting" });
      var list = document.getElementById("sync-conflicts");
      if (list) {
        list.innerHTML = "";
        lists[1].forEach(function (c) {
          var li = document.createElement("li");
          var text = document.createElement("span");
          text.textContent = (c.label ? c.label + ": " : "") + c.message;
          var ok = document.createElement("button");
          ok.type = "button"; ok.className = "btn btn-small"; ok.textContent = "Gezien";
          ok.addEventListener("click", function () { remove(CONFLICTS, c.id).then(refresh); });
          li.appendChild(text); li.appendChild(ok); list.appendChild(li);
        });
      }
      return { queued: mine.length, conflicts: lists[1].length };
    });
  }

  function logout(event) {
    var form = event.target;
    if (form.dataset.confirmed) return;
    event.preventDefault();
    all(QUEUE).then(function (entries) {
      var mine = entries.filter(function (e) { return e.staff === staffId; });
      if (!mine.length) return true;
      return flush().then(function () { return all(QUEUE); }).then(function (left) {
        var still = left.filter(function (e) { return e.staff === staffId; }).length;
        return !still || window.confirm(still + " actie(s) zijn nog niet verzonden. Toch uitloggen? Ze gaan dan verloren.");
      });
    }).then(function (go) {
      if (!go) return;
      var wipe = [clearAll(), caches && caches.keys ? caches.keys().then(function (names) {
        return Promise.all(names.map(function (n) { return caches.delete(n); }));
      }) : Promise.resolve()];
      try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* private mode */ }
      Promise.all(wipe).finally(function () { form.dataset.confirmed = "1"; form.submit(); });
    });
  }

  // --- start -----------------------------------------------------------------------------------------
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" && !event.detail.parameters.device_at) {
      event.detail.parameters.device_at = new Date().toISOString();
    }
  });

  if (staffId) {
    var sendNow = document.getElementById("sync-now");
    if (sendNow) sendNow.addEventListener("click", function () { flush(); });
    document.querySelectorAll("form[data-logout]").forEach(function (f) { f.addEventListener("submit", logout); });
    window.addEventListener("online", function () { setOnline(true); flush(); });
    window.addEventListener("offline", function () { setOnline(false); });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") flush(); });
    setInterval(function () { if (navigator.onLine) flush(); }, 30000);
    setOnline(navigator.onLine);
    refresh().then(showOfflineRound).then(function () { if (navigator.onLine) flush(); });
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persisted().then(function (already) {
        return already || navigator.storage.persist();
      }).then(function (granted) {
        var warn = document.getElementById("sync-persist");
        if (warn) warn.hidden = !!granted;
      });
    }
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(function (reg) {
      registration = reg;
      var prefetch = document.querySelector("meta[name=dagdeel-prefetch]");
      var urls = prefetch ? prefetch.content.split(" ").filter(Boolean) : [];
      var post = function () {
        var controller = navigator.serviceWorker.controller;
        if (controller && urls.length && navigator.onLine) controller.postMessage({ type: "prefetch", urls: urls });
      };
      if (navigator.serviceWorker.controller) post(); else navigator.serviceWorker.addEventListener("controllerchange", post, { once: true });
      // A new version takes over only when nothing waits to be sent (the queue is in IndexedDB either way).
      reg.addEventListener("updatefound", function () {
        var worker = reg.installing;
        if (worker) worker.addEventListener("statechange", function () { if (worker.state === "installed") refresh(); });
      });
      refresh();
    });
  }

  // Queue a write without a form (the same path the htmx writes take, used by the tests).
  function submit(url, params) {
    var entry = { id: params.client_id || uuid(), seq: Date.now() + Math.random(), url: url, staff: staffId,
                  device_at: new Date().toISOString(), label: params.label || url, page: location.pathname,
                  offline: !navigator.onLine, body: Object.assign({}, params) };
    entry.body.client_id = entry.id;
    entry.body.device_at = entry.device_at;
    delete entry.body.label;
    return put(QUEUE, entry).then(refresh).then(function () { return entry.id; });
  }

  window.Dagdeel = { flush: flush, submit: submit, queued: function () { return all(QUEUE); },
                     conflicts: function () { return all(CONFLICTS); } };
})();
