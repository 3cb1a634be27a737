"""Sync after a morning offline, in Chromium on a slow phone: CPU throttled 4× and a slow-4G network.

    .venv/bin/python bench/sync_batch.py [--writes 100]

A real server (Werkzeug, threaded) on a small synthetic organisation; Playwright drives Debian's Chromium at
phone size (bench/tap_latency.py's throttling). Offline, the phone queues `--writes` taps on the bench board
("Aanwezig" for as many people); back online on slow 4G, the queue is flushed and timed from the flush's start
until the queue is empty and the server holds every tap once. Twice: through the batch (POST /offline/sync), and
one write at a time (the batch answered 404 by the browser itself, as an older server would: outbox.js's fallback,
the replay path before the batch). Results go to bench/out/sync-batch.json and .md. Goal: ≤ 3 s for 100.
"""
import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import func, select
from flask import g, request
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate  # noqa: E402
from bench.run import OUT, TODAY, machine  # noqa: E402
from bench.tap_latency import SLOW_4G, wait  # noqa: E402
from conftest import make_app, reset_schema  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.offline.models import AppliedWrite  # noqa: E402

QUEUE = """async ([url, block, day, workers]) => {
  for (const worker of workers) {
    await Dagdeel.submit(url, {worker_id: String(worker), status: 'aanwezig', blok: String(block), datum: day});
  }
  return (await Dagdeel.queued()).length;
}"""
FLUSH = """async () => {
  performance.clearResourceTimings();
  const start = performance.now();
  for (let i = 0; i < 50 && (await Dagdeel.queued()).length; i++) await Dagdeel.flush();
  const end = performance.now(), posts = performance.getEntriesByType('resource').filter(r => r.initiatorType === 'fetch');
  const waited = posts.reduce((sum, r) => sum + r.responseEnd - r.startTime, 0);
  return {ms: end - start, waiting_ms: waited, left: (await Dagdeel.queued()).length};
}"""


def applied(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AppliedWrite.id)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=100)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    (OUT / "sync.sqlite").unlink(missing_ok=True)
    app = make_app(f"sqlite:///{OUT / 'sync.sqlite'}", DAGDEEL_NOW=f"{TODAY}T09:30", LOGIN_RATE_LIMIT="1000 per minute")
    reset_schema(app)
    server_seconds = []  # (path, seconds) of each POST the server answered: batches, their entries, single writes

    @app.before_request
    def started():
        g.started = time.perf_counter()

    @app.teardown_request
    def finished(_error):
        if request.method == "POST" and "started" in g:
            server_seconds.append((request.path, time.perf_counter() - g.started))

    with app.app_context():
        facts = generate(TODAY, weeks=10, active=300, board=args.writes)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    results = {}
    with sync_playwright() as p:
        chromium = "/usr/bin/chromium"
        browser = p.chromium.launch(executable_path=chromium if os.path.exists(chromium) else None,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--disable-component-update", "--disable-sync"])
        # No service worker: its prefetch of the day's screens would share the slow link with the sync.
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      locale="nl-NL", service_workers="block")
        page = context.new_page()
        page.goto(f"{base}/inloggen")
        page.get_by_label("E-mailadres").fill("werkbegeleider@dagdeel.test")
        page.get_by_label("Wachtwoord").fill("demo-werkbegeleider")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        for mode, block in (("batch", 0), ("one by one", 1)):
            if mode == "one by one":  # the batch unknown, as on an older server: outbox.js sends each write alone
                page.route("**/offline/sync", lambda route: route.fulfill(status=404, body="Niet gevonden"))
            board = f"/werkvloer/{facts['bench_workshop']}"
            page.goto(f"{base}{board}?datum={TODAY}&blok={facts['bench_block'] + block}")
            wait(page, "typeof window.Dagdeel !== 'undefined'")
            workers = [int(i.split("-")[1]) for i in page.locator(".att-row").evaluate_all("rows => rows.map(r => r.id)")]
            workers = workers[:args.writes]
            context.set_offline(True)
            queued = page.evaluate(QUEUE, [f"{board}/markeren", facts["bench_block"] + block, TODAY.isoformat(), workers])
            before = applied(app)
            server_seconds.clear()
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            context.set_offline(False)
            started = time.perf_counter()
            flushed = page.evaluate(FLUSH)
            wall = time.perf_counter() - started
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
            cdp.send("Network.emulateNetworkConditions", {**SLOW_4G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
            batches = [t for path, t in server_seconds if path == "/offline/sync"]
            busy = sum(batches) if mode == "batch" else sum(t for _, t in server_seconds)
            results[mode] = {"writes": queued, "seconds": round(flushed["ms"] / 1000, 2), "wall_seconds": round(wall, 2),
                             "requests": len(batches) if mode == "batch" else len(server_seconds),
                             "server_seconds": round(busy, 2), "waiting_for_answers_seconds": round(flushed["waiting_ms"] / 1000, 2),
                             "left_queued": flushed["left"], "applied_on_server": applied(app) - before}
            print(mode, results[mode])
        browser.close()
    server.shutdown()
    report = {"cpu_throttling": 4, "network": SLOW_4G, "results": results, "machine": machine(),
              "goal": {"batch ≤ 3 s": results["batch"]["seconds"] <= 3}}
    (OUT / "sync-batch.json").write_text(json.dumps(report, indent=2))
    lines = ["| sync of queued writes (slow 4G, CPU 4×) | writes | seconds | goal | holds |", "|---|---|---|---|---|",
             f"| one by one (before) | {results['one by one']['writes']} | {results['one by one']['seconds']} | – | – |",
             f"| batch (after) | {results['batch']['writes']} | {results['batch']['seconds']} | 3 | "
             f"{'yes' if report['goal']['batch ≤ 3 s'] else '**no**'} |"]
    (OUT / "sync-batch.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
