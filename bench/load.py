"""Load test: gunicorn (2 workers) on PostgreSQL, Locust on loopback, 100 assistants doing the morning routine.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/load.py [--users 100 --minutes 5]

Needs the bench extras (`pip install -e '.[bench]'`). Reports throughput, error rate (must be 0) and p95 in
bench/out/load.md and .json, then checks the database: every tap the server confirmed is there exactly once,
and nothing else was written under the test's UUIDs.
"""
import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import OUT, TODAY, build, machine  # noqa: E402
from webapp.attendance.models import AttendanceChange  # noqa: E402
from webapp.auth.models import Staff  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.offline import placeholder  # noqa: E402
from webapp.org.models import Workshop  # noqa: E402

BIN = Path(sys.executable).parent
PORT = 8765


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--weeks", type=int, default=52, help="history to generate first")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("The load test runs on PostgreSQL: set DATABASE_URL=postgresql://…")
    app, facts = build(url, weeks=args.weeks, active=1000, name="load")
    with app.app_context():
        workshops = db.session.scalars(select(Workshop.id).where(Workshop.active.is_(True))).all()
        db.session.remove()
        db.engine.dispose()
    applied_file = OUT / "load-applied.txt"
    applied_file.unlink(missing_ok=True)
    env = {**os.environ, "DAGDEEL_NOW": f"{TODAY}T09:30", "BENCH_WORKSHOPS": ",".join(map(str, workshops)),
           "BENCH_DAY": str(TODAY), "BENCH_APPLIED": str(applied_file), "BENCH_PLACEHOLDER": str(placeholder.REF)}
    server = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning",
                               "bench.wsgi:app"], env=env, cwd=Path(__file__).parent.parent)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        started = time.perf_counter()
        subprocess.run([str(BIN / "locust"), "-f", str(Path(__file__).parent / "locustfile.py"), "--headless",
                        "-u", str(args.users), "-r", str(max(args.users // 10, 1)), "-t", f"{int(args.minutes * 60)}s",
                        "--host", f"http://127.0.0.1:{PORT}", "--csv", str(OUT / "load"), "--only-summary"],
                       env=env, check=False, cwd=Path(__file__).parent.parent)
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    with (OUT / "load_stats.csv").open() as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    total = rows["Aggregated"]
    applied = [line for line in applied_file.read_text().splitlines() if line] if applied_file.exists() else []
    with app.app_context():
        stored = db.session.scalars(select(AttendanceChange.client_id).where(AttendanceChange.client_id.in_(applied))).all() if applied else []
        # everything the load test wrote: changes by the bench assistants (the only ones logged in)
        written = db.session.scalar(select(func.count(AttendanceChange.id)).join(Staff, AttendanceChange.changed_by_id == Staff.id)
                                    .where(Staff.email.like("bench%")))
    report = {
        "users": args.users, "minutes": args.minutes, "seconds": round(seconds, 1), "machine": machine(),
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "throughput_rps": round(float(total["Requests/s"]), 1), "p95_ms": float(total["95%"]), "p50_ms": float(total["50%"]),
        "per_request": {name: {"count": int(r["Request Count"]), "p95_ms": float(r["95%"]), "failures": int(r["Failure Count"])}
                        for name, r in rows.items() if name != "Aggregated"},
        "taps_confirmed": len(applied), "taps_stored": len(stored),
        "lost": len(set(applied) - set(stored)), "unconfirmed_but_stored": written - len(set(applied)),
        "duplicates": len(stored) - len(set(stored)), "facts": facts,
    }
    report["holds"] = report["failures"] == 0 and report["lost"] == 0 and report["duplicates"] == 0
    (OUT / "load.json").write_text(json.dumps(report, indent=2, default=str))
    lines = [f"Load: {args.users} assistants for {args.minutes} min, gunicorn 2 workers on PostgreSQL, Locust on loopback.",
             "", "| requests | failures | throughput | p50 | p95 | taps confirmed | stored | lost | duplicated |",
             "|---|---|---|---|---|---|---|---|---|",
             f"| {report['requests']:,} | {report['failures']} | {report['throughput_rps']} req/s | {report['p50_ms']:.0f} ms | "
             f"{report['p95_ms']:.0f} ms | {report['taps_confirmed']:,} | {report['taps_stored']:,} | {report['lost']} | {report['duplicates']} |"]
    (OUT / "load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    sys.exit(0 if report["holds"] else 1)


if __name__ == "__main__":
    main()
