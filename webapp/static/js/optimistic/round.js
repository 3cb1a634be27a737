// The round offline: the server's sign-ups (in the stop lists) plus the phone's queue, shown as the server
// would: a proposal when there are more people than seats (the same rule: the server gave each person their
// rotation rank), else the boarding list; and on the arrival screen, who boarded on this phone. The rows are
// the server's (<template id="offline-riders">, <template id="offline-arrival">), filled in for each person.
import { byRef, filled, idPattern } from "../dom.js";
import { t } from "../strings.js";

// Offline, the server cannot ask "toch aanmelden?" about a missing condition, or refuse too many riders:
// the phone asks and checks the same before it queues.
export function askOffline(elt, params) {
  const form = elt.tagName === "FORM" ? elt : (elt.form || elt.closest("form"));  // a row's button names its list's form
  if (!form) return true;
  const chosen = form.querySelectorAll("input[type=checkbox]:checked").length, max = parseInt(form.dataset.max, 10);
  if (chosen > max) {  // NaN (no data-max) never is
    window.alert(t("too_many", { chosen, max, extra: chosen - max }));
    return false;
  }
  if (navigator.onLine || params.confirmed) return true;
  let unmet = elt.dataset.unmet || form.dataset.unmet;
  if (form.hasAttribute("data-first-timer")) {
    const missing = Array.from(form.querySelectorAll("input[data-unmet]:not(:checked)")).map((i) => i.dataset.unmet);
    unmet = missing.length ? t("has_unmet", { name: params.name || t("someone"), unmet: missing.join(", ") }) : "";
  }
  if (!unmet) return true;
  if (!window.confirm(t("confirm_unmet", { unmet }))) return false;
  params.confirmed = "1";
  return true;
}

// Who a queued round write is about, for the other screens: their reference, name, rank, stop, and whether
// the arrival counts them at Loon naar Werken (`lnw`: "0" for a Via Via rider; the server decided, data-lnw).
export function describeRider(elt, form, params, entry) {
  const source = elt.hasAttribute("data-worker-ref") ? elt : form;
  if (source.dataset.rank) entry.rank = source.dataset.rank;
  if (source.dataset.workerRef) entry.ref = source.dataset.workerRef;
  if (source.dataset.workerName) entry.worker_name = source.dataset.workerName;
  if (source.dataset.workerListName) entry.list_name = source.dataset.workerListName;  // "Door Peters · D024"
  if (source.dataset.lnw) entry.lnw = source.dataset.lnw;
  if (form.hasAttribute("data-first-timer")) { entry.ref = entry.id; entry.worker_name = params.name; entry.lnw = "1"; }
  if (form.dataset.riders) {  // a whole stop boarded at once: who, for the arrival screen
    entry.refs = JSON.parse(form.dataset.riders).map(String);
    entry.worker_names = JSON.parse(form.dataset.riderNames);
    if (form.dataset.riderLnw) entry.lnws = JSON.parse(form.dataset.riderLnw).map(String);
  }
  const stop = elt.closest("details.stop");
  if (stop && stop.querySelector(".stop-name")) entry.shelter = stop.querySelector(".stop-name").textContent.trim();
}

// Who a queued write signs up (a regular by reference; a first-timer, who has none yet, by the write's own id), or
// null for a write that is no sign-up.
function signedUp(e, urls) {
  if (e.url === urls.firstTimerUrl) return e.id;
  return e.url === urls.signUpUrl ? String(e.body.worker_id) : null;
}

// Offline, each stop's "· N aangemeld" counts what the server had there (data-signups) and what waits on the
// phone: a sign-up at this stop (not one the server already lists), less a withdrawal of one of its rows.
export function offlineStopCounts(entries) {
  const template = document.getElementById("offline-riders");
  if (!template) return;
  const urls = template.dataset, withdrawn = idPattern(urls.withdrawUrl, urls.signup);
  const extra = {};
  const add = (stop, n) => { if (stop) extra[stop.id] = (extra[stop.id] || 0) + n; };
  entries.forEach((e) => {
    let m, ref;
    if ((ref = signedUp(e, urls))) {
      if (!byRef(document, ref).some((el) => el.matches(".signup-row"))) add(document.getElementById("stop-" + e.body.shelter_id), 1);
    } else if ((m = e.url.match(withdrawn))) {
      const row = document.querySelector(`.signup-row[data-signup="${m[1]}"]`);
      add(row && row.closest("details.stop"), -1);
    }
  });
  document.querySelectorAll("details.stop[data-signups]").forEach((stop) => {
    const count = stop.querySelector(".stop-count");
    if (count) count.textContent = "· " + t("signed_count", { n: parseInt(stop.dataset.signups, 10) + (extra[stop.id] || 0) });
  });
}

export function offlineRound(entries) {
  const riders = document.getElementById("riders"), template = document.getElementById("offline-riders");
  if (!riders || !template || riders.dataset.arrived) return;
  const urls = template.dataset, seats = parseInt(riders.dataset.seats, 10);
  let people = [], decided = !!riders.dataset.decided, touched = false;
  const find = (key, value) => people.filter((p) => p[key] === String(value))[0];
  document.querySelectorAll(".signup-row[data-ref]").forEach((li) => {
    const d = li.dataset;
    // A boarding tap answered online redraws the boarding list, not the sign-up rows: its row is the fresher fact.
    const row = document.getElementById("board-" + d.signup);
    const boarded = row ? row.classList.contains("boarded") : d.boarded === "1";
    people.push({ ref: d.ref, signup: d.signup, name: d.listName || d.name, shelter: d.shelter, shelterId: d.shelterId, rank: d.rank,
                  at: d.at, lnw: d.lnw, selected: d.selected === "" ? null : d.selected === "1", boarded });
  });
  const rides = (p) => p.selected !== false;
  const withdrawn = idPattern(urls.withdrawUrl, urls.signup), boardedBySignup = idPattern(urls.boardSignupUrl, urls.signup);
  const boardedByStop = idPattern(urls.boardStopUrl, urls.signup);
  entries.forEach((e) => {
    let m, p, ref;
    if ((ref = signedUp(e, urls))) {
      if (find("ref", ref)) return;
      p = { ref, name: e.list_name || e.worker_name || "?", shelter: e.shelter || "", shelterId: String(e.body.shelter_id || ""),
            rank: e.rank || "", at: e.device_at, lnw: e.lnw || "1", selected: null, boarded: false, offline: true };
      if (decided) p.selected = people.filter(rides).length < seats;  // after the choice: a free seat, or wait
      people.push(p); touched = true;
    } else if ((m = e.url.match(withdrawn))) {
      people = people.filter((q) => q.signup !== m[1]); touched = true;
    } else if (e.url === urls.decideUrl) {
      const chosen = [].concat(e.body.rides_worker || []), ids = [].concat(e.body.rides || []);
      people.forEach((q) => { q.selected = chosen.indexOf(q.ref) >= 0 || (!!q.signup && ids.indexOf(q.signup) >= 0); });
      decided = true; touched = true;
    } else if (e.url === urls.boardUrl && (p = find("ref", e.body.worker_id))) {
      p.boarded = e.body.boarded === "1"; touched = true;
    } else if ((m = e.url.match(boardedBySignup)) && (p = find("signup", m[1]))) {
      p.boarded = e.body.boarded === "1"; touched = true;
      if (p.boarded && p.selected === false) { p.selected = true; p.freeSeat = true; }  // "Toch instappen": rides
      else if (!p.boarded && p.freeSeat) { p.selected = false; p.freeSeat = false; }  // that tap undone
    } else if (boardedByStop.test(e.url)) {  // "Alle 3 instappen": each person the button named
      const signups = [].concat(e.body.signup || []), refs = [].concat(e.body.worker || []);
      people.forEach((q) => { if (signups.indexOf(q.signup) >= 0 || refs.indexOf(q.ref) >= 0) q.boarded = true; });
      touched = true;
    }
  });
  if (!touched) return;
  const over = !decided && people.length > seats;
  const riding = over ? seats : people.filter(rides).length, boarded = people.filter((q) => q.boarded).length;
  // as the server counts (rounds.context.seat_count): once boarding started, who is in the bus
  const fetch = boarded ? Math.max(Math.min(riding, seats) - boarded, 0) : 0;
  counter({ riding, boarded, fetch, free: Math.max(seats - (boarded ? boarded + fetch : riding), 0),
            over: over ? people.length - seats : 0, people: people.length, planning: !boarded, started: !!boarded });
  riders.replaceChildren(...(over ? proposal(template, people, seats)
    : boarding(template, people.filter(rides), people.filter((q) => !rides(q)))));
  if (window.htmx) htmx.process(riders);
}

function counter(numbers) {
  Object.keys(numbers).forEach((key) => {
    document.querySelectorAll("#seat-counter [data-count=" + key + "]").forEach((el) => { el.textContent = String(numbers[key]); });
  });
  document.querySelectorAll("#seat-counter [data-show]").forEach((el) => { el.hidden = !numbers[el.dataset.show]; });
}

// One part of the template (`data-part`), with its stand-in rows (`data-row`) taken out to copy per person.
function part(template, name) {
  const found = template.content.querySelector(`[data-part=${name}]`);
  const copy = found ? found.cloneNode(true) : document.createElement("div");
  const rows = {};
  copy.querySelectorAll("[data-row]").forEach((row) => {
    rows[row.dataset.row] = row;
    row.remove();
    row.removeAttribute("data-row");
  });
  return { nodes: Array.from(copy.childNodes), copy, rows };
}

function row(template, source, p) {
  const copy = filled(source, template, { ref: p.ref, signup: p.signup || "", name: p.name, shelter: p.shelter || "",
                                          lnw: p.lnw || "1" });
  if (p.offline) copy.classList.add("pending");
  return copy;
}

function proposal(template, people, seats) {
  const ordered = people.slice().sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : Date.parse(a.at) - Date.parse(b.at)));
  const { copy, nodes, rows } = part(template, "proposal");
  fillText(copy, template.dataset.people, String(people.length));
  const list = copy.querySelector("ul.proposal");
  ordered.forEach((p, i) => {
    const li = row(template, rows.rider, p);
    li.querySelector("input").checked = i < seats;
    list.appendChild(li);
  });
  return nodes;
}

// A stop's row; its "Alle N instappen" names each person still to board (by sign-up, or by reference for someone
// signed up on this phone), as the online form does, and goes through the same route.
function stopRow(template, source, stop, waiting) {
  const li = filled(source, template, { signup: stop.id || "", shelter: stop.name || "", people: String(waiting.length),
                                       name: waiting.map((p) => p.name).join(", ") });
  const form = li.querySelector("form");
  if (!form) return li;
  if (waiting.length < 2 || !stop.id) { form.remove(); return li; }
  waiting.forEach((p) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = p.signup ? "signup" : "worker";
    input.value = p.signup || p.ref;
    form.appendChild(input);
  });
  form.dataset.riders = JSON.stringify(waiting.map((p) => p.ref));
  form.dataset.riderNames = JSON.stringify(waiting.map((p) => p.name));
  form.dataset.riderLnw = JSON.stringify(waiting.map((p) => p.lnw || "1"));
  return li;
}

function fillText(root, stand, value) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) node.nodeValue = node.nodeValue.split(stand).join(value);
}

// The boarding list per stop in the order of the page's stops, as the server draws it: each stop's row with
// its one-tap "Alle N instappen" (when two or more are still to board), then its people.
function boarding(template, riding, left) {
  const board = part(template, "boarding");
  const list = board.copy.querySelector("ul.boarding");
  const order = Array.from(document.querySelectorAll("details.stop")).map((d) => d.id.replace("stop-", ""));
  const stops = [];
  riding.forEach((p) => {
    const key = p.shelterId || p.shelter;
    let stop = stops.filter((s) => s.key === key)[0];
    if (!stop) stops.push((stop = { key, id: p.shelterId, name: p.shelter, people: [] }));
    stop.people.push(p);
  });
  const place = (s) => (order.indexOf(s.id) >= 0 ? order.indexOf(s.id) : order.length);
  stops.sort((a, b) => place(a) - place(b));
  stops.forEach((stop) => {
    const waiting = stop.people.filter((p) => !p.boarded);
    if (board.rows.stop) list.appendChild(stopRow(template, board.rows.stop, stop, waiting));
    stop.people.forEach((p) => {
      const li = row(template, board.rows[`${p.signup ? "signup" : "worker"}-${p.boarded ? 1 : 0}`], p);
      if (p.offline) li.classList.add("offline-rider");
      if (p.signup) li.id = "board-" + p.signup;  // as the server's row: the next redraw reads who is in the bus from it
      list.appendChild(li);
    });
  });
  const nodes = board.nodes.slice();
  if (left.length) {
    const behind = part(template, "left");
    const list = behind.copy.querySelector("ul");
    left.forEach((p) => list.appendChild(filled(behind.rows.left, template, { name: p.name })));
    nodes.push(...behind.nodes);
  }
  return nodes.concat(part(template, "arrive").nodes);
}

// The arrival screen: who boarded on this phone (also people signed up on it) is ticked too — except a Via Via
// rider (lnw "0", as the server said on the row they boarded from): their row says the Via Via board, no tick,
// so the arrival the phone queues and draws (people.js) does not count them at Loon naar Werken either.
export function offlineArrival(entries) {
  const template = document.getElementById("offline-arrival");
  const list = document.getElementById("arrive-list");
  if (!template || !list) return;
  const urls = template.dataset, boarded = {}, names = {}, lnw = {};
  const boardedBySignup = idPattern(urls.boardSignupUrl, urls.signup);
  const boardedByStop = idPattern(urls.boardStopUrl, urls.signup);
  entries.forEach((e) => {
    if (e.ref && e.worker_name) names[e.ref] = e.worker_name;
    if (e.ref && e.lnw) lnw[e.ref] = e.lnw;
    if ((e.url === urls.boardUrl || boardedBySignup.test(e.url)) && e.ref) boarded[e.ref] = e.body.boarded === "1";
    if (boardedByStop.test(e.url) && e.refs) {
      e.refs.forEach((ref, i) => {
        boarded[ref] = true;
        names[ref] = (e.worker_names || [])[i] || names[ref];
        lnw[ref] = (e.lnws || [])[i] || lnw[ref];
      });
    }
  });
  const rows = { counted: template.content.querySelector("li:not(.via-via)"), viaVia: template.content.querySelector("li.via-via") };
  Object.keys(boarded).forEach((ref) => {
    const here = byRef(list, ref);
    if (!boarded[ref]) { here.forEach((el) => el.closest("li").remove()); return; }
    if (here.length) return;
    const source = lnw[ref] === "0" && rows.viaVia ? rows.viaVia : rows.counted;
    list.appendChild(filled(source, template, { ref, name: names[ref] || "?" }));
  });
  const empty = list.querySelector("li.empty");
  if (empty && list.querySelector("[data-ref]")) empty.remove();
}
