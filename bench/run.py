"""Speed and scale of the daily screens, measured (issue 7). A report, not a test in the normal run.

    .venv/bin/python bench/run.py                       # SQLite file in bench/out/, the full scale (≈ 4.7 M rows)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --scale small --requests 50 --previous bench/out/results-sqlite.json

Generates the organisation of bench/generate.py, then sends each daily request through the real app (warmed
test client) and reports p50/p95/p99, SQL queries, bytes as served (raw, gzip, brotli), the app-shell weight,
and the budgets of issue 7. `--check-queries` also builds 100- and 1,000-worker organisations and asserts the
query counts are the same. Writes bench/out/results-<db>.md and .json; with --previous, prints ratios.
"""
import argparse
import gc
import json
import os
import platform
import re
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from flask import request
from sqlalchemy import case, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate  # noqa: E402
from conftest import make_app, reset_schema  # noqa: E402
from webapp import clock  # noqa: E402
from webapp.attendance.models import Attendance  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.org.models import DagdeelBlock, Workshop  # noqa: E402
from webapp.rounds.models import PickupRound  # noqa: E402
from webapp.trajectory.models import Enrolment  # noqa: E402
from webapp.workers.models import Worker  # noqa: E402

OUT = Path(__file__).parent / "out"
TODAY = date(2026, 11, 23)  # a Monday; the app's clock is frozen at 14:05 on it
MAX_SECONDS = 120  # per request type: a request slower than 0.6 s is measured fewer than 200 times (at least 20)
BUDGET_TAP_MS, BUDGET_SCREEN_MS, BUDGET_SHELL_KIB, BUDGET_TAP_KIB = 20, 60, 100, 2
BUDGET_OUTFLOW_MS = 1000  # the outflow report over ten years (issue 15)
SCALES = {"full": {"weeks": 520, "active": 1000}, "small": {"weeks": 20, "active": 200}}
TAP, FLOOR = "attendance tap (fragment)", "floor: one upsert, a row of the tap's size (bench only)"
BUDGET_TAP_FLOOR = 5  # the tap costs at most this many floors (p50)
FLOOR_ROW = '<li id="row-{{ worker_id }}" class="status-{{ status }}"><p>{{ status }}</p><p>{{ pad }}</p></li>'


def build(url: str | None, weeks: int, active: int, name: str, reuse: bool = False):
    """A fresh database with the organisation (or, with reuse, the one the last run left); returns (app, facts)."""
    OUT.mkdir(exist_ok=True)
    saved = OUT / f"{name}.facts.json"
    app = make_app(url or f"sqlite:///{OUT / f'{name}.sqlite'}", WTF_CSRF_ENABLED=False, DAGDEEL_NOW=f"{TODAY}T14:05",
                   LOGIN_RATE_LIMIT="100000 per minute")
    add_floor(app)
    if reuse and saved.exists():
        return app, json.loads(saved.read_text())
    if not url:
        (OUT / f"{name}.sqlite").unlink(missing_ok=True)
    reset_schema(app)
    with app.app_context():
        started = time.perf_counter()
        facts = generate(TODAY, weeks=weeks, active=active)
        facts["generate_seconds"] = round(time.perf_counter() - started, 1)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        else:
            db.session.execute(db.text("ANALYZE"))
    saved.write_text(json.dumps(facts))
    return app, facts


def add_floor(app) -> None:
    """What a tap cannot cost less than, on this machine and database: a request through the same app (its
    middleware, its response hooks) that writes the same attendance row with one upsert and answers a row of the
    tap's size, with nothing else: no login, no replay guard, no history, no board. Registered on the bench's app
    only (issue 19); `BENCH_FLOOR_BYTES` is set to the tap's answer once the tap was measured."""
    template = app.jinja_env.from_string(FLOOR_ROW)

    def floor():
        form = request.form
        values = {"worker_id": int(form["worker_id"]), "date": date.fromisoformat(form["datum"]),
                  "block_id": int(form["blok"]), "status": form["status"], "updated_at": clock.now()}
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        upsert = dialect.insert(Attendance).values(**values)
        db.session.execute(upsert.on_conflict_do_update(
            index_elements=["worker_id", "date", "block_id"],
            set_={"status": upsert.excluded.status, "updated_at": upsert.excluded.updated_at}))
        db.session.commit()
        bare = len(template.render(pad="", **values).encode())
        return template.render(pad="x" * max(app.config.get("BENCH_FLOOR_BYTES", 0) - bare, 0), **values)

    app.add_url_rule("/bench/vloer", "bench_floor", floor, methods=["POST"])


def screens(app, facts) -> dict:
    """The requests of issue 7, against this organisation. Logs in and starts today's round with 30 sign-ups."""
    client = app.test_client()
    client.post("/inloggen", data={"email": "werkbegeleider@dagdeel.test", "password": "demo-werkbegeleider"})
    with app.app_context():
        lnw = db.session.scalars(select(Worker.id).where(Worker.active.is_(True), Worker.external_id.like("S%"))
                                 .order_by(Worker.id)).all()
        old = db.session.scalar(select(Worker.id).where(Worker.active.is_(True), Worker.external_id.like("S%"))
                                .order_by(Worker.id))
    client.post("/ronde/start")
    with app.app_context():
        pickup = db.session.scalar(select(PickupRound).where(PickupRound.date == TODAY).order_by(PickupRound.id))
        round_id, shelter = pickup.id, pickup.stops[0].shelter_id
    with app.app_context():
        signed = len(db.session.get(PickupRound, round_id).signups)
    for worker in lnw:  # 30 sign-ups for 8 seats: the rotation has work to do
        if signed >= 30:
            break
        response = client.post(f"/ronde/{round_id}/aanmelden", data={"worker_id": worker, "shelter_id": shelter, "confirmed": "1"},
                               headers={"HX-Request": "true"})
        signed += response.status_code == 200
    w, b = facts["bench_workshop"], facts["bench_block"]
    friday = TODAY - timedelta(days=3)
    last_week = f"{friday.isocalendar().year}-W{friday.isocalendar().week:02d}"
    statuses = iter(["aanwezig", "te_laat"] * 10_000)
    with app.app_context():
        board_workers = [int(i) for i in re.findall(r'id="row-(\d+)"', client.get(f"/werkvloer/{w}?datum={TODAY}&blok={b}").get_data(as_text=True))]
    with app.app_context():  # the Via Via workshop nearest to the 100 people in last week's list
        per_workshop = db.session.execute(
            select(DagdeelBlock.workshop_id, func.count(Attendance.worker_id.distinct())).join(DagdeelBlock).join(Workshop)
            .where(Workshop.programme == "viavia", Attendance.date >= friday - timedelta(days=4), Attendance.date <= friday)
            .group_by(DagdeelBlock.workshop_id)).all()
    viavia_workshop, viavia_people = min(per_workshop, key=lambda row: abs(row[1] - 100))
    taps = iter(board_workers * 1000)

    def tap():
        return {"worker_id": next(taps), "status": next(statuses), "blok": b, "datum": str(TODAY), "client_id": str(uuid.uuid4())}

    return client, {
        TAP: ("POST", f"/werkvloer/{w}/markeren", tap),
        FLOOR: ("POST", "/bench/vloer", tap),
        f"Werkvloer board ({len(board_workers)} people)": ("GET", f"/werkvloer/{w}?datum={TODAY}&blok={b}", None),
        "week grid": ("GET", f"/werkvloer/{w}/week?datum={TODAY}", None),
        f"round: stops, regulars, rotation of {signed}": ("GET", f"/ronde/{round_id}", None),
        "one stop (fragment)": ("GET", f"/ronde/{round_id}/stops/{shelter}", None),
        "LnW day payout list": ("GET", f"/uitbetaling/?datum={friday}", None),
        f"Via Via week list ({viavia_people} people, one workshop)": (
            "GET", f"/uitbetaling/viavia?week={last_week}&werkplaats={viavia_workshop}", None),
        "cash check": ("GET", "/uitbetaling/kas", None),
        "worker card": ("GET", f"/medewerkers/{old}", None),
        "payouts CSV, one year": ("GET", f"/uitbetaling/export.csv?van={TODAY - timedelta(days=365)}&tot={TODAY}", None),
        **outflow_report(app),
    }


def outflow_report(app) -> dict:
    """The outflow report over ten years, per track and module, and its cohort view: every enrolment of every
    worker is loaded and counted (issue 15: ≤ 1 s). The generated enrolments that ended get an outflow reason first
    (35 % regulier werk, 17 % gestopt, the rest verhuisd), as the app requires when a trajectory ends."""
    with app.app_context():
        pick = Enrolment.id % 100
        db.session.execute(update(Enrolment).where(Enrolment.end_date.is_not(None), Enrolment.outcome.is_(None)).values(
            outcome=case((pick < 35, "regulier_werk"), (pick < 52, "gestopt"), else_="verhuisd")))
        db.session.commit()
    ten_years = f"van={TODAY.replace(year=TODAY.year - 10)}&tot={TODAY}"
    return {"outflow report, ten years": ("GET", f"/trajecten/uitstroom?{ten_years}", None),
            "outflow cohort, ten years": ("GET", f"/trajecten/uitstroom?{ten_years}&weergave=cohort", None)}


def measure(app, client, method: str, url: str, n: int, data=None, max_seconds: float = MAX_SECONDS) -> dict:
    """p50/p95/p99 in ms over n requests, the queries of each (max), and the bytes of the last answer."""
    counted = {"n": 0}

    def count(*args):
        counted["n"] += 1

    htmx = {"HX-Request": "true"} if method == "POST" or "/stops/" in url else {}
    started = time.perf_counter()
    client.open(url, method=method, data=data() if callable(data) else data, headers=htmx)  # warm
    n = max(min(n, int(max_seconds / max(time.perf_counter() - started, 1e-3))), 20)  # a slow export: fewer, said so
    times, cpu, queries = [], [], []
    with app.app_context():
        engine = db.engine
    for _ in range(n):
        counted["n"] = 0
        event.listen(engine, "before_cursor_execute", count)
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.open(url, method=method, data=data() if callable(data) else data, headers=htmx)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        queries.append(counted["n"])
        assert response.status_code < 400, (url, response.status_code, response.get_data(as_text=True)[:300])
    q, q_cpu = statistics.quantiles(times, n=100), statistics.quantiles(cpu, n=100)
    sizes = {"raw": len(response.get_data())}
    if method == "GET":
        for encoding in ("gzip", "br"):
            encoded = client.open(url, headers={**htmx, "Accept-Encoding": encoding})
            sizes[encoding] = len(encoded.get_data()) if encoded.headers.get("Content-Encoding") == encoding else sizes["raw"]
    else:
        import brotli
        import gzip

        sizes["gzip"], sizes["br"] = len(gzip.compress(response.get_data(), 6)), len(brotli.compress(response.get_data(), quality=4))
    # CPU time of this process: on a loaded machine it is what the request itself cost (SQLite's work included,
    # PostgreSQL's not), where the wall-clock times also carry the other processes' turns.
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1), "queries": max(queries),
            "cpu_p50": round(q_cpu[49], 1), "cpu_p95": round(q_cpu[94], 1),
            "bytes": sizes, "n": n}


def shell(client) -> dict:
    """First load of the app shell (page, CSS, htmx, app.js, icon, manifest) brotli as served, and the repeat load:
    the service worker serves the fingerprinted assets, so only the page comes over the network."""
    page = client.get("/ronde/", headers={"Accept-Encoding": "br"})
    html = client.get("/ronde/").get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html) + ["/manifest.webmanifest", "/sw.js"]
    third_party = [u for u in re.findall(r'(?:href|src)="(https?://[^"]+)"', html)]
    sizes = {url: len(b"".join(client.get(url, headers={"Accept-Encoding": "br"}).response)) for url in assets}
    first = len(page.get_data()) + sum(sizes.values())
    return {"first_load_bytes": first, "repeat_load_bytes": len(page.get_data()), "assets": sizes,
            "third_party_requests": third_party}


def check_queries(url: str | None) -> dict:
    """The same requests on 100 and on 1,000 active workers: the query counts must be equal."""
    counts = {}
    for active in (100, 1000):
        app, facts = build(url, weeks=10, active=active, name=f"queries-{active}")
        client, requests = screens(app, facts)
        counts[active] = {re.sub(r" \(\d+ people[^)]*\)| of \d+", "", name): measure(app, client, m, u, 3, d)["queries"]
                          for name, (m, u, d) in requests.items() if name != FLOOR}
    grown = {k: (counts[100][k], counts[1000][k]) for k in counts[100] if counts[1000][k] != counts[100][k]}
    return {"100": counts[100], "1000": counts[1000], "grown": grown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="full")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--previous", type=Path, help="an earlier results-*.json to compare with")
    parser.add_argument("--check-queries", action="store_true", help="also compare query counts at 100 and 1,000 workers")
    parser.add_argument("--reuse", action="store_true", help="measure the database the last run generated")
    parser.add_argument("--only", metavar="WORDS", help="measure only the requests whose name holds these words "
                        "(the tap brings its floor along), e.g. --only tap")
    parser.add_argument("--max-seconds", type=float, default=MAX_SECONDS,
                        help="time per request type; a slower request is measured fewer times (at least 20)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or None
    name = "postgresql" if url and url.startswith("postgres") else "sqlite"
    app, facts = build(url, name=f"bench-{name}-{args.scale}", reuse=args.reuse, **SCALES[args.scale])
    client, requests = screens(app, facts)
    settle_heap()
    results = {}
    for label, (m, u, d) in requests.items():
        if args.only and args.only not in label and not (label == FLOOR and args.only in TAP):
            continue
        results[label] = measure(app, client, m, u, args.requests, d, args.max_seconds)
        if label == TAP:  # the floor answers as many bytes
            app.config["BENCH_FLOOR_BYTES"] = results[TAP]["bytes"]["raw"]
    weight = shell(client)
    report = {"database": name, "scale": args.scale, "requests": args.requests, "facts": facts, "results": results,
              "shell": weight, "machine": machine()}
    if args.check_queries:
        report["query_growth"] = check_queries(url)
    report["budgets"] = budgets(report)
    OUT.mkdir(exist_ok=True)
    (OUT / f"results-{name}.json").write_text(json.dumps(report, indent=2, default=str))
    text = markdown(report, json.loads(args.previous.read_text()) if args.previous else None)
    (OUT / f"results-{name}.md").write_text(text)
    print(text)
    if report.get("query_growth", {}).get("grown"):
        sys.exit(f"query counts grow with the organisation: {report['query_growth']['grown']}")


def settle_heap() -> None:
    """As a served app does at start-up (create_app's gc.freeze, off in tests): the objects that live as long as the
    process, and what building the organisation left, are out of the collector's full walks, so a request's p95
    is the request's and not a walk over everything this process ever made."""
    gc.collect()
    gc.freeze()


def budgets(report) -> list[dict]:
    out = []
    for label, r in report["results"].items():
        if label == FLOOR:
            continue
        limit = BUDGET_TAP_MS if "tap" in label else BUDGET_OUTFLOW_MS if label.startswith("outflow") else BUDGET_SCREEN_MS
        out.append({"budget": f"{label}: p95 ≤ {limit} ms", "value": f"{r['p95']} ms", "holds": r["p95"] <= limit})
    if TAP in report["results"]:
        ratio = floor_ratio(report["results"])
        out.append({"budget": f"tap ÷ floor ≤ {BUDGET_TAP_FLOOR}× (p50)", "value": f"{ratio['p50']}×",
                    "holds": ratio["p50"] <= BUDGET_TAP_FLOOR})
        tap = report["results"][TAP]["bytes"]["br"]
        out.append({"budget": f"tap fragment ≤ {BUDGET_TAP_KIB} KiB (brotli)", "value": f"{tap} B", "holds": tap <= BUDGET_TAP_KIB * 1024})
    first = report["shell"]["first_load_bytes"]
    out.append({"budget": f"app shell first load ≤ {BUDGET_SHELL_KIB} KiB (brotli)", "value": f"{first / 1024:.1f} KiB",
                "holds": first <= BUDGET_SHELL_KIB * 1024})
    third = report["shell"]["third_party_requests"]
    out.append({"budget": "no third-party requests", "value": str(len(third)), "holds": not third})
    return out


def floor_ratio(results) -> dict:
    """How many floors the tap costs, at p50 and at p95."""
    tap, floor = results.get(TAP), results.get(FLOOR)
    return {q: round(tap[q] / floor[q], 1) if tap and floor and floor[q] else None for q in ("p50", "p95")}


def jitter(rounds: int = 100) -> dict:
    """The same fixed piece of Python, timed again and again: on a shared virtual machine (CPU steal) its
    p95/p50 is the noise every p95 in the table carries."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        sum(i * i for i in range(50_000))
        times.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(times, n=100)
    return {"p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2), "ratio": round(q[94] / q[49], 2)}


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(),
            "jitter": jitter()}


def markdown(report, previous=None) -> str:
    f = report["facts"]
    lines = [f"# Dagdeel bench — {report['database']}, scale {report['scale']}",
             "", f"{f['workers_active']:,} active and {f['workers_former']:,} former workers, {f['workshops']} workshops, "
             f"{f['attendance_rows']:,} attendance rows, {f['ledger_lines']:,} ledger lines, {f['access_log_rows']:,} access-log "
             f"rows; generated in {f['generate_seconds']} s. {report['requests']} requests per screen, warmed test client. "
             f"Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, Python {report['machine']['python']}; "
             f"a fixed loop's p95/p50 here is {report['machine']['jitter']['ratio']} (CPU noise every p95 carries).",
             "", "| request | n | p50 ms | p95 ms | p99 ms | queries | bytes raw | gzip | brotli | ÷ floor p50/p95 |" + (" p95 vs previous |" if previous else ""),
             "|---|---|---|---|---|---|---|---|---|---|" + ("---|" if previous else "")]
    ratio = floor_ratio(report["results"])
    for label, r in report["results"].items():
        row = (f"| {label} | {r['n']} | {r['p50']} | {r['p95']} | {r['p99']} | {r['queries']} | {r['bytes']['raw']:,} | {r['bytes']['gzip']:,} | {r['bytes']['br']:,} |"
               + (f" {ratio['p50']}× / {ratio['p95']}× |" if label == TAP else " |"))
        if previous:
            before = previous["results"].get(label)
            row += f" {r['p95'] / before['p95']:.2f}× |" if before and before["p95"] else " — |"
        lines.append(row)
    lines += ["", "The floor: the tap's upsert through the same app, with no login, replay guard, history or board, "
              "answering as many bytes (bench only); the tap's ÷ floor column is how many floors it costs."]
    s = report["shell"]
    parts = ", ".join(f"{u.split('?')[0]} {b / 1024:.1f}" for u, b in s["assets"].items())
    lines += ["", f"App shell, brotli as served: first load {s['first_load_bytes'] / 1024:.1f} KiB "
              f"({parts}); repeat load with the "
              f"service worker {s['repeat_load_bytes'] / 1024:.1f} KiB (the page only). Third-party requests: {len(s['third_party_requests'])}.",
              "", "| budget | value | holds |", "|---|---|---|"]
    lines += [f"| {b['budget']} | {b['value']} | {'yes' if b['holds'] else '**no**'} |" for b in report["budgets"]]
    if "query_growth" in report:
        g = report["query_growth"]
        lines += ["", "Queries per request at 100 and 1,000 active workers: " +
                  ", ".join(f"{k.strip()} {g['100'][k]}/{g['1000'][k]}" for k in g["100"]) +
                  (f". **Grown: {g['grown']}**" if g["grown"] else ". None grows.")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
