// What the server says about this page on <body>: who is logged in, how long a write may take, which
// statuses count as attended (attendance/rules.py), where the service worker is, the CSRF token.
const data = document.body.dataset;

export const staffId = data.staffId || "";
export const TIMEOUT_MS = parseInt(data.timeoutMs || "8000", 10);
export const ATTENDED = (data.attended || "").split(" ").filter(Boolean);
export const SW_URL = data.swUrl || "";

export function csrfToken() {
  try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
}
