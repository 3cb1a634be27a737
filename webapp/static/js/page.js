// What the server says about this page on <body>: who is logged in, how long a write may take, which
// statuses count as attended (attendance/rules.py), where the service worker is, the CSRF token.
const data = document.body.dataset;

export const staffId = data.staffId || "";
export const TIMEOUT_MS = parseInt(data.timeoutMs || "8000", 10);
export const ATTENDED = (data.attended || "").split(" ").filter(Boolean);
export const SW_URL = data.swUrl || "";
// Where the queue is sent in chunks, and a chunk's most entries and bytes (webapp/offline/batch.py).
export const SYNC_URL = data.syncUrl || "";
export const [SYNC_ENTRIES, SYNC_BYTES] = (data.syncLimits || "1 0").split(" ").map((n) => parseInt(n, 10));

export function csrfToken() {
  try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
}
