// Dagdeel's own script (no inline scripts: the CSP forbids them).
//
// Every write the server marked replay-safe (`data-queue`, rendered only next to @idempotent endpoints)
// goes through a durable queue in IndexedDB: the entry, with its client UUID and device time, is stored
// before the first send and reused on every retry. Any other htmx POST goes straight to the server; if it
// cannot get there, the form keeps what was typed and says so. It leaves the
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
  var inFlight = {};  // ids htmx is sending right now: a replay must not send them a second time alongside
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
    if (d.verb === "get" || !staffId || !d.elt.hasAttribute("data-queue")) return;
    var elt = d.elt;
    if (elt.hasAttribute("hx-confirm") && !window.confirm(elt.getAttribute("hx-confirm"))) { event.preventDefault(); return; }
    event.preventDefault();
    var params = parameters(elt);
    if (!askOffline(elt, params)) return;
    var entry = {
      id: params.client_id || uuid(), seq: Date.now() + Math.random(), url: d.path, staff: staffId,
      device_at: new Date().toISOString(), label: labelOf(elt, params),
      page: location.pathname, offline: !navigator.onLine, body: params
    };
    entry.body.client_id = entry.id;
    entry.body.device_at = entry.device_at;
    describe(elt, params, entry);
    elt._dagdeelEntry = entry;
    if (navigator.onLine) {
      inFlight[entry.id] = true;
      setTimeout(function () { delete inFlight[entry.id]; }, TIMEOUT_MS + 2000);  // htmx gave up or was cancelled
    }
    // Feedback at once, before the disk: offline always; online where the answer replaces just this row
    // (a board or pay row), so a fast next tap elsewhere is not swapped away under the finger.
    if (!navigator.onLine) markPending(elt, d.target, entry, WAITING);
    else if (d.target && d.target.tagName === "LI" && d.target.contains(elt)) markPending(elt, d.target, entry, SENDING);
    var targetId = d.target && d.target.id, swapStyle = (elt.closest("[hx-swap]") || elt).getAttribute("hx-swap") || "outerHTML";
    onDisk(put(QUEUE, entry)).then(function () {
      refresh();
      if (!navigator.onLine) showOffline();
      else if (elt.isConnected) d.issueRequest(true);
      else sendDetached(entry, targetId, swapStyle);  // an earlier answer replaced the button meanwhile
    });
  });

  // What the queue calls a write (the action and the person, rendered by the server), shown if it is refused later.
  function labelOf(elt, params) {
    var label = elt.getAttribute("data-label") || "";
    if (elt.hasAttribute("data-first-timer") && params.name) label += " " + params.name;
    return label;
  }

  // A write that is not queued and did not reach the server: the form keeps what was typed, and says so.
  function unsent(event, text) {
    var elt = event.detail.elt, config = event.detail.requestConfig;
    if (!elt || elt.hasAttribute("data-queue") || !config || config.verb === "get") return;
    var place = elt.closest("form") || elt.parentNode;
    var note = place.querySelector(".unsent") || document.createElement("p");
    note.className = "error unsent";
    note.setAttribute("role", "alert");
    note.textContent = text;
    if (!note.isConnected) place.appendChild(note);
  }
  document.addEventListener("htmx:sendError", function (e) { unsent(e, "Niet verzonden: geen verbinding. Wat je invulde staat er nog; probeer het opnieuw als je weer online bent."); });
  document.addEventListener("htmx:timeout", function (e) { unsent(e, "Niet verzonden: de server antwoordde niet op tijd. Wat je invulde staat er nog; probeer het opnieuw."); });
  document.addEventListener("htmx:responseError", function (e) {
    if (e.detail.xhr && e.detail.xhr.status >= 500) unsent(e, "Niet opgeslagen: de server kon het nu niet verwerken. Wat je invulde staat er nog; probeer het opnieuw.");
  });
  document.addEventListener("htmx:beforeRequest", function (e) {
    var place = e.detail.elt && (e.detail.elt.closest("form") || e.detail.elt.parentNode);
    var note = place && place.querySelector(".unsent");
    if (note) note.remove();
  });

  // A tap reaches the phone's disk a few milliseconds after the click. A link followed inside that window
  // would unload the page and the tap with it, so such a link waits until the disk has it.
  var writing = [];
  function onDisk(promise) {
    writing.push(promise);
    var done = function () { writing.splice(writing.indexOf(promise), 1); };
    promise.then(done, done);
    return promise;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!writing.length || !link || event.defaultPrevented || link.target || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation();
    Promise.all(writing.map(function (p) { return p.catch(function () {}); }))
      .then(function () { location.assign(link.href); });
  }, true);

  document.addEventListener("htmx:configRequest", function (event) {
    var entry = event.detail.elt._dagdeelEntry;
    if (!entry) return;
    event.detail.parameters.client_id = entry.id;
    event.detail.parameters.device_at = entry.device_at;
  });

  // Settle the entry when the answer is in, before htmx swaps it in: the swap may remove the element, and
  // events on a removed element never reach this document. afterRequest covers no answer at all.
  document.addEventListener("htmx:beforeOnLoad", settle);
  document.addEventListener("htmx:afterRequest", settle);
  function settle(event) {
    var elt = event.detail.elt, entry = elt._dagdeelEntry, xhr = event.detail.xhr;
    if (!entry) return;
    delete elt._dagdeelEntry;
    delete inFlight[entry.id];
    var status = xhr ? xhr.status : 0;
    if ((xhr && xhr.getResponseHeader("Dagdeel-Applied") === entry.id) || status === 422) {
      remove(QUEUE, entry.id).then(refresh).then(showOffline);  // done, or refused and the refusal is shown in place
    } else if (status >= 400 && status < 500 && status !== 401) {
      put(CONFLICTS, { id: entry.id, label: entry.label, page: entry.page, device_at: entry.device_at, message: messageOf(xhr.responseText, status) })
        .then(function () { return remove(QUEUE, entry.id); }).then(refresh);
    } else {
      entry.offline = true;
      put(QUEUE, entry).then(refresh);
      markPending(elt, event.detail.target, entry);
    }
  }

  // htmx gives up on a stalled request after its timeout; the write stays queued.
  document.addEventListener("htmx:timeout", function () { setOnline(false); });
  document.addEventListener("htmx:sendError", function () { setOnline(false); });

  // The row changes at the tap, before any answer: "verzenden…" while online, "wacht op verzending" when
  // queued. The server's answer then replaces the row.
  var SENDING = "verzenden…", WAITING = "wacht op verzending";
  function markPending(elt, target, entry, text) {
    var form = elt.closest("[data-pending-class]") || elt;
    var place = elt.closest("li") || elt.closest("form") || ((target && target.isConnected) ? target : elt);
    var extra = (form.getAttribute && form.getAttribute("data-pending-class")) || "";
    if (entry && entry.body.status) extra += " status-" + entry.body.status;
    extra.split(" ").filter(Boolean).forEach(function (c) {
      if (c.indexOf("status-") === 0) {  // a row shows one status: the one waiting to be sent
        Array.from(place.classList).forEach(function (old) { if (old.indexOf("status-") === 0) place.classList.remove(old); });
      }
      place.classList.add(c);
    });
    place.classList.add("pending");
    place.classList.toggle("sending", text === SENDING);
    var badge = place.querySelector(":scope > .pending-badge");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "pending-badge";
      place.appendChild(badge);
    }
    badge.textContent = text || WAITING;
    if (elt.tagName === "BUTTON" || elt.tagName === "FORM") {
      var button = elt.tagName === "BUTTON" ? elt : elt.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        if (elt.getAttribute("data-pending-text")) button.textContent = elt.getAttribute("data-pending-text");
      }
    }
  }

  // --- what the phone knows before the server does ------------------------------------------------
  // Screens are rendered by the server; offline, the phone adds what its own queue says on top of the
  // last server version: sign-ups, the rotation choice, boarding, arrivals, attendance and payouts.
  var PRESENT = ["aanwezig", "te_laat"];

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function byRef(root, ref) {
    return Array.from(root.querySelectorAll("[data-ref]")).filter(function (el) { return el.dataset.ref === String(ref); });
  }

  // Offline, the server cannot ask "toch aanmelden?" about a missing condition, or refuse too many riders:
  // the phone asks and checks the same before it queues.
  function askOffline(elt, params) {
    var form = elt.tagName === "FORM" ? elt : elt.closest("form");
    if (!form) return true;
    var chosen = form.querySelectorAll("input[type=checkbox]:checked").length, max = parseInt(form.dataset.max, 10);
    if (chosen > max) {  // NaN (no data-max) never is
      window.alert("Je koos " + chosen + " mensen voor " + max + " plaatsen. Laat er " + (chosen - max) + " achter.");
      return false;
    }
    if (navigator.onLine || params.confirmed) return true;
    var unmet = form.dataset.unmet;
    if (form.hasAttribute("data-first-timer")) {
      var missing = Array.from(form.querySelectorAll("input[data-unmet]:not(:checked)")).map(function (i) { return i.dataset.unmet; });
      unmet = missing.length ? (params.name || "Deze persoon") + " heeft " + missing.join(", ") : "";
    }
    if (!unmet) return true;
    if (!window.confirm("Let op: " + unmet + ". Dat is een voorwaarde voor Loon naar Werken. Toch aanmelden?")) return false;
    params.confirmed = "1";
    return true;
  }

  // What a queued write means for the other screens: who it is about, their rank, who was present.
  function describe(elt, params, entry) {
    var form = elt.tagName === "FORM" ? elt : (elt.closest("form") || elt);
    var source = elt.hasAttribute("data-worker-ref") ? elt : form;
    if (source.dataset.rank) entry.rank = source.dataset.rank;
    if (source.dataset.workerRef) entry.ref = source.dataset.workerRef;
    if (source.dataset.workerName) entry.worker_name = source.dataset.workerName;
    if (form.hasAttribute("data-first-timer")) { entry.ref = entry.id; entry.worker_name = params.name; }
    var stop = elt.closest("details.stop");
    if (stop && stop.querySelector(".stop-name")) entry.shelter = stop.querySelector(".stop-name").textContent.trim();
    var scope = form.closest("[data-offline-people]") || (form.dataset.people ? form : null);
    if (!scope) return;
    entry.people_key = scope.dataset.offlinePeople || scope.dataset.people;
    if (form.dataset.people) {
      entry.people = Array.from(form.querySelectorAll("input[data-ref]")).map(function (i) {
        return { ref: i.dataset.ref, name: i.dataset.name, present: i.checked };
      });
    } else if (params.worker_id && params.status) {
      var row = form.closest("[data-name]");
      entry.people = [{ ref: String(params.worker_id), name: row ? row.dataset.name : "", present: PRESENT.indexOf(params.status) >= 0 }];
    }
  }

  function showOffline() {
    return all(QUEUE).then(function (entries) {
      var mine = entries.filter(function (e) { return e.staff === staffId; });
      offlineRound(mine);
      offlineArrival(mine);
      offlinePeople(mine);
      restorePending(mine);
      tally();
      payReadiness();
    });
  }

  // The round screen: the server's sign-ups (in the stop lists) plus the queue, as a proposal when
  // there are more people than seats (same rule: the server gives each person their rotation rank), or
  // as the boarding list.
  function offlineRound(entries) {
    var riders = document.querySelector("#riders[data-round-url]");
    if (!riders || riders.dataset.arrived) return;
    var url = riders.dataset.roundUrl, seats = parseInt(riders.dataset.seats, 10);
    var people = [], decided = !!riders.dataset.decided, touched = false;
    var find = function (key, value) { return people.filter(function (p) { return p[key] === String(value); })[0]; };
    document.querySelectorAll(".signup-row[data-ref]").forEach(function (li) {
      var d = li.dataset;
      people.push({ ref: d.ref, signup: d.signup, name: d.name, shelter: d.shelter, rank: d.rank, at: d.at,
                    selected: d.selected === "" ? null : d.selected === "1", boarded: d.boarded === "1" });
    });
    var rides = function (p) { return p.selected !== false; };
    var withdrawn = new RegExp("^" + url + "/aanmeldingen/(\\d+)/intrekken$");
    var boardedBySignup = new RegExp("^" + url + "/aanmeldingen/(\\d+)/instappen$");
    entries.forEach(function (e) {
      var m, p;
      if (e.url === url + "/aanmelden" || e.url === url + "/nieuw") {
        var ref = e.url === url + "/nieuw" ? e.id : String(e.body.worker_id);
        if (find("ref", ref)) return;
        p = { ref: ref, name: e.worker_name || "?", shelter: e.shelter || "", rank: e.rank || "", at: e.device_at,
              selected: null, boarded: false, offline: true };
        if (decided) p.selected = people.filter(rides).length < seats;  // after the choice: a free seat, or wait
        people.push(p); touched = true;
      } else if ((m = e.url.match(withdrawn))) {
        people = people.filter(function (q) { return q.signup !== m[1]; }); touched = true;
      } else if (e.url === url + "/keuze") {
        var chosen = [].concat(e.body.rides_worker || []), ids = [].concat(e.body.rides || []);
        people.forEach(function (q) { q.selected = chosen.indexOf(q.ref) >= 0 || (!!q.signup && ids.indexOf(q.signup) >= 0); });
        decided = true; touched = true;
      } else if (e.url === url + "/instappen" && (p = find("ref", e.body.worker_id))) {
        p.boarded = e.body.boarded === "1"; touched = true;
      } else if ((m = e.url.match(boardedBySignup)) && (p = find("signup", m[1]))) {
        p.boarded = e.body.boarded === "1"; touched = true;
      }
    });
    if (!touched) return;
    var over = !decided && people.length > seats;
    var riding = over ? seats : people.filter(rides).length;
    counter({ riding: riding, free: Math.max(seats - riding, 0), over: over ? people.length - seats : 0,
              boarded: people.filter(function (q) { return q.boarded; }).length });
    riders.innerHTML = "";
    if (over) proposal(riders, url, people, seats);
    else boarding(riders, url, people.filter(rides), people.filter(function (q) { return !rides(q); }));
    if (window.htmx) htmx.process(riders);
  }

  function counter(numbers) {
    Object.keys(numbers).forEach(function (key) {
      document.querySelectorAll("#seat-counter [data-count=" + key + "]").forEach(function (el) { el.textContent = String(numbers[key]); });
    });
    var over = document.querySelector("#seat-counter [data-show=over]");
    if (over) over.hidden = !numbers.over;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function who(p) {
    return el("span", {}, [el("strong", {}, [p.name]), el("br"), el("small", {}, [p.shelter || ""])]);
  }

  function proposal(riders, url, people, seats) {
    var ordered = people.slice().sort(function (a, b) {
      return a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : Date.parse(a.at) - Date.parse(b.at);
    });
    var list = el("ul", { class: "list proposal" }, ordered.map(function (p, i) {
      var box = el("input", { type: "checkbox", name: "rides_worker", value: p.ref });
      box.checked = i < seats;
      return el("li", { class: p.offline ? "pending" : "" }, [el("label", { class: "check proposal-row" }, [box, who(p)])]);
    }));
    riders.appendChild(el("h2", {}, ["Wie rijdt mee?"]));
    riders.appendChild(el("p", {}, [people.length + " aanmeldingen voor " + seats + " plaatsen. Voorstel op deze telefoon volgens " +
      "de roulatie: vaste afspraak, dan wie het minst gewerkt heeft, dan wie eerder niet mee kon, dan wie het eerst was. " +
      "Wissel door vinkjes te verzetten."]));
    if (!riders.dataset.canRun) { riders.appendChild(list); return; }
    // The phone's own copy of the server's queued decide form (rounds.decide, @idempotent), so it carries the mark.
    riders.appendChild(el("form", { "hx-post": url + "/keuze", "hx-swap": "none", "data-max": String(seats),
                                    "data-queue": "", "data-label": "Keuze wie meerijdt" }, [
      list, el("button", { class: "btn btn-primary btn-block", type: "submit" }, ["Vastleggen wie meerijdt"])]));
  }

  function boarding(riders, url, riding, left) {
    riders.appendChild(el("h2", { id: "instappen" }, ["Instappen"]));
    riders.appendChild(el("ul", { class: "list boarding" }, riding.map(function (p) {
      var row = el("li", { class: "board-row" + (p.boarded ? " boarded" : "") + (p.offline ? " pending offline-rider" : ""),
                           "data-worker": p.ref }, [who(p)]);
      if (riders.dataset.canRun) {
        var target = p.signup ? url + "/aanmeldingen/" + p.signup + "/instappen" : url + "/instappen";
        var vals = { boarded: p.boarded ? "0" : "1" };
        if (!p.signup) vals.worker_id = p.ref;
        // The phone's own copy of the server's queued boarding button (rounds.board, @idempotent), so it carries the mark.
        row.appendChild(el("button", { class: "btn" + (p.boarded ? " btn-primary" : ""), "hx-post": target, "hx-target": "#riders", "hx-swap": "outerHTML", "data-queue": "",
                                       "hx-vals": JSON.stringify(vals), "data-worker-ref": p.ref, "data-worker-name": p.name,
                                       "data-label": (p.boarded ? "Uitstappen " : "Instappen ") + p.name,
                                       "aria-pressed": p.boarded ? "true" : "false" },
                           [p.boarded ? "Ingestapt ✓" : "Instappen"]));
      }
      return row;
    })));
    if (left.length) {
      riders.appendChild(el("h3", {}, ["Vol — voorrang volgende keer"]));
      riders.appendChild(el("ul", { class: "list" }, left.map(function (p) { return el("li", {}, [p.name]); })));
    }
    if (riders.dataset.canRun) {
      riders.appendChild(el("a", { class: "btn btn-primary btn-block", href: riders.dataset.arriveUrl }, ["Aangekomen op het werk"]));
    }
  }

  // The arrival screen: who boarded on this phone (also people signed up on it) is ticked too.
  function offlineArrival(entries) {
    var form = document.querySelector("form[data-round-url][data-people]");
    var list = form && form.querySelector("#arrive-list");
    if (!list) return;
    var url = form.dataset.roundUrl, boarded = {}, names = {};
    var boardedBySignup = new RegExp("^" + url + "/aanmeldingen/\\d+/instappen$");
    entries.forEach(function (e) {
      if (e.ref && e.worker_name) names[e.ref] = e.worker_name;
      if ((e.url === url + "/instappen" || boardedBySignup.test(e.url)) && e.ref) boarded[e.ref] = e.body.boarded === "1";
    });
    Object.keys(boarded).forEach(function (ref) {
      var here = byRef(list, ref);
      if (!boarded[ref]) { here.forEach(function (input) { input.closest("li").remove(); }); return; }
      if (here.length) return;
      var box = el("input", { type: "checkbox", name: "present_worker", value: ref, "data-ref": ref, "data-name": names[ref] || "?" });
      box.checked = true;
      list.appendChild(el("li", { class: "pending" }, [el("label", { class: "check" }, [box, " " + (names[ref] || "?") + " (ingestapt op deze telefoon)"])]));
    });
    var empty = list.querySelector("li.empty");
    if (empty && list.querySelector("input")) empty.remove();
  }

  // The Loon naar Werken board and day payout list: who arrived or was marked present on this phone.
  function offlinePeople(entries) {
    document.querySelectorAll("[data-offline-people]").forEach(function (list) {
      var template = list.parentNode.querySelector("template.offline-row");
      if (!template) return;
      var latest = {}, order = [];
      entries.forEach(function (e) {
        if (e.people_key !== list.dataset.offlinePeople) return;
        (e.people || []).forEach(function (p) { if (!(p.ref in latest)) order.push(p.ref); latest[p.ref] = p; });
      });
      order.forEach(function (ref) {
        var p = latest[ref];
        if (byRef(list, ref).length || !p.present) return;
        var html = template.innerHTML.split(template.dataset.ref).join(ref).split(template.dataset.name).join(escapeHtml(p.name || "?"));
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var row = holder.firstElementChild;
        row.querySelectorAll("input[name=client_id]").forEach(function (input) { input.value = ""; });
        row.classList.add("offline-added");
        if (row.classList.contains("att-row")) {
          row.classList.remove("status-open"); row.classList.add("status-aanwezig", "pending");
        }
        var who = row.querySelector("strong");
        if (who) who.insertAdjacentElement("afterend", el("span", { class: "pending-badge" }, ["aangekomen op deze telefoon"]));
        list.appendChild(row);
        if (window.htmx) htmx.process(row);
      });
      var empty = list.querySelector("li.empty");
      if (empty && list.querySelector("[data-ref]")) empty.remove();
    });
  }

  // After a reload offline, what waits to be sent is marked again on the screen it was done on.
  function restorePending(entries) {
    entries.forEach(function (e) {
      if (e.page !== location.pathname) return;
      var match = Array.from(document.querySelectorAll("[hx-post]")).filter(function (candidate) {
        if (candidate.getAttribute("hx-post") !== e.url) return false;
        var params = parameters(candidate);
        return ["worker_id", "boarded"].every(function (key) {  // in queue order, so the last status shows
          return !(key in e.body) || String(params[key]) === String(e.body[key]);
        });
      })[0];
      if (match) markPending(match, null, e);
    });
  }

  // A refused tap's answer puts the server's row back after the queue has already counted the tapped one:
  // count again once htmx has swapped, so the tally never counts a tap the server refused.
  document.addEventListener("htmx:afterSettle", function () { tally(); });

  function tally() {
    var rows = document.getElementById("rows");
    if (!rows || !document.getElementById("tally")) return;
    var numbers = { present: 0, other: 0, open: 0 };
    rows.querySelectorAll(".att-row").forEach(function (row) {
      if (row.classList.contains("status-open")) numbers.open++;
      else if (PRESENT.some(function (s) { return row.classList.contains("status-" + s); })) numbers.present++;
      else numbers.other++;
    });
    Object.keys(numbers).forEach(function (key) {
      var place = document.querySelector("#tally [data-tally=" + key + "]");
      if (place) place.textContent = String(numbers[key]);
    });
  }

  // The day list opens for payment at the end of the workday, also on a screen loaded in the morning.
  function payReadiness() {
    var list = document.querySelector("ul.payouts[data-ready-at]");
    if (!list) return;
    var readyAt = Date.parse(list.dataset.readyAt);  // the server's clock when it rendered, or the phone's since
    var ready = Date.now() >= readyAt || Date.parse(list.dataset.renderedAt) >= readyAt;
    var notice = document.querySelector(".not-ready");
    if (notice) notice.hidden = ready || !list.querySelector(".pay-row");
    list.querySelectorAll(".tap-pay").forEach(function (button) {
      if (ready) button.removeAttribute("aria-disabled"); else button.setAttribute("aria-disabled", "true");
    });
  }

  // A fast second tap can lose its button to the answer to the first before its turn to be sent: send it
  // from the queue and put the answer where the button's target is now.
  function sendDetached(entry, targetId, swapStyle) {
    delete inFlight[entry.id];
    send(entry, true).then(function (response) {
      if (!(response.ok && response.headers.get("Dagdeel-Applied") === entry.id)) return flush();
      return response.text().then(function (html) {
        var target = targetId && document.getElementById(targetId);
        if (target && html && swapStyle !== "none") htmx.swap(target, html, { swapStyle: swapStyle.split(" ")[0] });
        else if (response.headers.get("HX-Location")) location.assign(response.headers.get("HX-Location"));
        return remove(QUEUE, entry.id).then(refresh);
      });
    }, function () { setOnline(false); });
  }

  // --- replay --------------------------------------------------------------------------------------
  function send(entry, asHtmx) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(entry.url, {
      method: "POST", credentials: "same-origin", redirect: "manual", signal: controller.signal,
      headers: Object.assign({ "X-CSRFToken": csrfToken(), "Dagdeel-Replay": "1" }, asHtmx ? { "HX-Request": "true" } : {}),
      body: encode(entry.body, { offline: entry.offline ? "1" : "0" })
    }).finally(function () { clearTimeout(timer); });
  }

  // The server's refusal, and only that: every refusal carries its text in a role="alert" element (the
  // rest of the answer is a page or a fragment, and its buttons are not part of the reason).
  function messageOf(text, status) {
    var doc = new DOMParser().parseFromString(text || "", "text/html");
    var alert = doc.querySelector("[role=alert]");
    if (alert) alert.querySelectorAll("form, button, script, style").forEach(function (n) { n.remove(); });
    var reason = alert ? alert.textContent.replace(/\s+/g, " ").trim() : "";
    return (reason || "De server weigerde deze actie (fout " + status + ").").slice(0, 300);
  }

  function flush() {
    if (flushing) return flushing;
    flushing = (async function () {
      var sent = 0;
      var entries = await all(QUEUE);
      for (var i = 0; i < entries.length; i++) {
        var entry = entries[i];
        if (entry.staff !== staffId || inFlight[entry.id]) continue;  // another user's (kept until they log in), or being sent
        var response;
        try { response = await send(entry); } catch (error) { setOnline(false); break; }
        setOnline(true);
        if (response.ok && response.headers.get("Dagdeel-Applied") === entry.id) {
          await remove(QUEUE, entry.id); sent++; continue;
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 401) {
          var text = await response.text();
          await put(CONFLICTS, { id: entry.id, label: entry.label, page: entry.page, device_at: entry.device_at, message: messageOf(text, response.status) });
          await remove(QUEUE, entry.id); sent++; continue;
        }
        if (response.status === 401 || response.type === "opaqueredirect") showLogin();
        if (response.status === 401) forgetPages();
        break;  // 5xx, 401, portal 200 without our header: keep it and try again later
      }
      return sent;
    })().then(function (sent) {
      flushing = null;
      return refresh().then(function (state) {
        if (sent && state.queued === 0 && document.querySelector(".pending:not(.sending)")) {
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

  // The session ended (a 401): the kept pages with other people's data go, as at logout; the queue stays,
  // so that its writes are sent after the next login.
  function forgetPages() {  // the service worker forgets too, so a page still on its way is not kept after all
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "clear" });
    if (window.caches) caches.delete("dagdeel-pages");
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 401) forgetPages();
  });

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
    setInterval(function () { if (navigator.onLine) flush(); payReadiness(); }, 30000);
    setOnline(navigator.onLine);
    refresh().then(showOffline).then(function () { if (navigator.onLine) flush(); });
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
