// Dagdeel's own script (no inline scripts: the CSP forbids them).
// Every htmx write carries the device's clock, so the server can record device
// time next to server time and let the latest tap win.
document.addEventListener("htmx:configRequest", function (event) {
  if (event.detail.verb !== "get") {
    event.detail.parameters["device_at"] = new Date().toISOString();
  }
});
