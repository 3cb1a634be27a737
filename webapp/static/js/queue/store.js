// The phone's durable storage for writes (IndexedDB "dagdeel"): `queue` holds what waits to be sent,
// `conflicts` what the server refused, kept for the user to read. Each call opens, works and closes.
const DB = "dagdeel", VERSION = 1;
export const QUEUE = "queue", CONFLICTS = "conflicts";
// A view event (static/js/viewlog.js) waits in the queue like a write, but it is the phone's note for the access
// log, not something the user did: the sync bar does not count it, a refusal of it is no conflict for the user to
// read, and logging out keeps it for the next login of its staff member.
export const VIEW = "view";
export function isWrite(entry) { return entry.kind !== VIEW; }

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: "id" });
      if (!db.objectStoreNames.contains(CONFLICTS)) db.createObjectStore(CONFLICTS, { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function tx(store, mode, work) {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const t = db.transaction(store, mode);
    const result = work(t.objectStore(store));
    t.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
    t.onerror = () => { db.close(); reject(t.error); };
  }));
}

// Every item of a store, oldest first.
export function all(store) {
  return tx(store, "readonly", (s) => s.getAll()).then((items) => (items || []).sort((a, b) => a.seq - b.seq));
}

// One item or many (a batch's answers), in one transaction.
export function put(store, values) { return tx(store, "readwrite", (s) => { [].concat(values).forEach((v) => s.put(v)); }); }

export function remove(store, ids) { return tx(store, "readwrite", (s) => { [].concat(ids).forEach((id) => s.delete(id)); }); }

// Empty both stores, except the queued entries `keep` says yes to.
export function clearAll(keep = () => false) {
  return all(QUEUE).then((entries) => Promise.all([
    tx(QUEUE, "readwrite", (s) => { entries.filter((e) => !keep(e)).forEach((e) => s.delete(e.id)); }),
    tx(CONFLICTS, "readwrite", (s) => { s.clear(); }),
  ]));
}
