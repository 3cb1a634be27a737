"""Server-side latency and query counts of the daily screens on a synthetic organisation (issue 7, a start).

    .venv/bin/python bench/run.py --workers 1000 --weeks 52        # SQLite file in bench/out/
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/run.py

Generates a seeded organisation with bulk inserts, then times each screen through the real Flask app
(test client, warmed) and writes bench/out/results.md and results.json. A report, not a test.
"""
import argparse
import json
import random
import statistics
import sys
import time
import uuid
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path

from sqlalchemy import event, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conftest import make_app, reset_schema  # noqa: E402
from webapp import demo  # noqa: E402
from webapp.attendance.models import Attendance, AttendanceChange  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.org.models import Workshop  # noqa: E402
from webapp.workers.models import ScheduleSlot, Worker  # noqa: E402

OUT = Path(__file__).parent / "out"
MONDAY = date(2026, 11, 23)


def generate(workers: int, weeks: int, seed: int = 7) -> dict:
    """Demo organisation plus `workers` synthetic workers with `weeks` of Via Via attendance, in bulk."""
    rng = random.Random(seed)
    demo.load()
    viavia = db.session.scalar(select(Workshop).where(Workshop.programme == "viavia"))
    blocks = [b.id for b in viavia.blocks]
    now = datetime.now(timezone.utc)
    first = db.session.scalar(select(db.func.max(Worker.id))) + 1
    db.session.execute(insert(Worker), [dict(id=first + i, external_id=f"B{i:06d}", first_name=f"Bench{i}", roepnaam="",
                                             last_name="Synth", phone="06-00000000", uitkering=True, postadres=True,
                                             ingeschreven=True, travel_cents=230, active=True, intake_pending=False,
                                             created_at=now) for i in range(workers)])
    ids = list(range(first, first + workers))
    slots = [dict(worker_id=w, block_id=rng.choice(blocks), weekday=d) for w in ids for d in rng.sample(range(5), 4)]
    db.session.execute(insert(ScheduleSlot), list({(s["worker_id"], s["block_id"], s["weekday"]): s for s in slots}.values()))
    rows, changes = [], []
    for week in range(weeks):
        monday = MONDAY - timedelta(weeks=week)
        for s in slots:
            day = monday + timedelta(days=s["weekday"])
            rows.append(dict(worker_id=s["worker_id"], date=day, block_id=s["block_id"], note="", early_leave_counts=False,
                             status=rng.choices(["aanwezig", "te_laat", "afwezig_bericht"], [85, 8, 7])[0], updated_at=now))
    for chunk in range(0, len(rows), 20000):
        db.session.execute(insert(Attendance), rows[chunk:chunk + 20000])
    db.session.commit()
    return {"workers": workers, "weeks": weeks, "attendance_rows": len(rows), "workshop": viavia.id, "block": blocks[0]}


def measure(client, method: str, url: str, n: int, data=None) -> dict:
    """p50/p95/p99 in ms over n requests, and the queries of the last one."""
    queries = {"n": 0}

    def count(*args):
        queries["n"] += 1

    client.open(url, method=method, data=data() if callable(data) else data)  # warm
    times = []
    for _ in range(n):
        queries["n"] = 0
        event.listen(db.engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = client.open(url, method=method, data=data() if callable(data) else data,
                               headers={"HX-Request": "true"} if method == "POST" else {})
        times.append((time.perf_counter() - start) * 1000)
        event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code < 400, (url, response.status_code)
    q = statistics.quantiles(times, n=100)
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1), "queries": queries["n"],
            "bytes": len(response.data)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    import os

    url = os.environ.get("DATABASE_URL") and __import__("webapp.config", fromlist=["x"]).database_url("")
    if not url:
        (OUT / "bench.sqlite").unlink(missing_ok=True)
    app = make_app(url or f"sqlite:///{OUT / 'bench.sqlite'}", WTF_CSRF_ENABLED=False, DAGDEEL_NOW=f"{MONDAY}T14:05")
    reset_schema(app)
    with app.app_context():
        started = time.perf_counter()
        facts = generate(args.workers, args.weeks)
        facts["generate_seconds"] = round(time.perf_counter() - started, 1)
        client = app.test_client()
        client.post("/inloggen", data={"email": "werkbegeleider@dagdeel.test", "password": "demo-werkbegeleider"})
        worker = db.session.scalar(select(Worker.id).where(Worker.external_id == "B000000"))
        w, b = facts["workshop"], facts["block"]
        screens = {
            "attendance tap (fragment)": ("POST", f"/werkvloer/{w}/markeren", lambda: {
                "worker_id": worker, "status": "aanwezig", "blok": b, "datum": str(MONDAY), "client_id": str(uuid.uuid4())}),
            "Werkvloer board": ("GET", f"/werkvloer/{w}?datum={MONDAY}&blok={b}", None),
            "week grid": ("GET", f"/werkvloer/{w}/week?datum={MONDAY}", None),
            "LnW day payout list": ("GET", f"/uitbetaling/?datum={MONDAY}", None),
            "Via Via week list": ("GET", "/uitbetaling/viavia?week=2026-W47", None),
            "worker card": ("GET", f"/medewerkers/{worker}", None),
            "worker week": ("GET", f"/werkvloer/medewerker/{worker}/week?datum={MONDAY}", None),
        }
        results = {name: measure(client, m, u, args.requests, d) for name, (m, u, d) in screens.items()}
    report = {"facts": facts, "database": app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0], "results": results}
    (OUT / "results.json").write_text(json.dumps(report, indent=2))
    lines = [f"# Dagdeel bench — {report['database']}, {facts['workers']} workers, {facts['attendance_rows']:,} attendance rows",
             "", "| screen | p50 ms | p95 ms | p99 ms | queries | bytes |", "|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['p50']} | {v['p95']} | {v['p99']} | {v['queries']} | {v['bytes']} |" for k, v in results.items()]
    (OUT / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\ngenerated in {facts['generate_seconds']} s")


if __name__ == "__main__":
    main()
