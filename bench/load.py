"""Load test: app servers (gunicorn) on one PostgreSQL, Locust on loopback, 100 assistants doing the morning routine.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379 \
        .venv/bin/python bench/load.py [--users 100 --minutes 5 --servers 2 --workers 1]

Needs the bench extras (`pip install -e '.[bench]'`). With several servers (as behind a reverse proxy, docs/deploy.md)
each assistant's requests go to the servers in turn, the login limits live in Redis, and while Locust runs two
phones on two servers tap and pay the same people at the same moment (bench/duel.py). Reports throughput, error
rate (must be 0) and p95 in bench/out/load.md and .json, then checks the database: every tap the server confirmed
is there exactly once, nothing else was written under the test's UUIDs, and each person the two phones paid has
one counted payout (plus, offline, one flagged duplicate).
"""
import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.duel import duel, lockout  # noqa: E402
from bench.run import OUT, TODAY, build, machine  # noqa: E402
from webapp.attendance.models import Attendance, AttendanceChange  # noqa: E402
from webapp.auth.models import Staff  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.offline import placeholder  # noqa: E402
from webapp.org.models import DagdeelBlock, Workshop  # noqa: E402
from webapp.payouts.models import LedgerLine  # noqa: E402
from webapp.workers.models import ScheduleSlot, Worker  # noqa: E402

BIN = Path(sys.executable).parent
PORT = 8765
PAIRS = 8  # people the two phones pay at the same moment, online and again offline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--servers", type=int, default=2, help="gunicorn instances, one port each")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument("--weeks", type=int, default=52, help="history to generate first")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("The load test runs on PostgreSQL: set DATABASE_URL=postgresql://…")
    limits = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    if args.servers * args.workers > 1 and not limits.startswith("redis"):
        sys.exit("Several app processes share the login limits only in Redis: set RATELIMIT_STORAGE_URI=redis://…")
    app, facts = build(url, weeks=args.weeks, active=1000, name="load")
    with app.app_context():
        workshops = db.session.scalars(select(Workshop.id).where(Workshop.active.is_(True))).all()
        arena = _arena()
        db.session.remove()
        db.engine.dispose()
    applied_file = OUT / "load-applied.txt"
    applied_file.unlink(missing_ok=True)
    hosts = [f"http://127.0.0.1:{PORT + i}" for i in range(args.servers)]
    # 14:05: the morning's work is done, so the two phones can pay it; Locust keeps off the workshop they use
    env = {**os.environ, "DAGDEEL_NOW": f"{TODAY}T14:05", "RATELIMIT_STORAGE_URI": limits,
           "BENCH_WORKSHOPS": ",".join(str(w) for w in workshops if w != arena["workshop"]), "BENCH_HOSTS": ",".join(hosts),
           "BENCH_DAY": str(TODAY), "BENCH_APPLIED": str(applied_file), "BENCH_PLACEHOLDER": str(placeholder.REF)}
    servers = [subprocess.Popen([str(BIN / "gunicorn"), "-w", str(args.workers), "-b", host.removeprefix("http://"),
                                 "--log-level", "warning", "bench.wsgi:app"], env=env, cwd=Path(__file__).parent.parent)
               for host in hosts]
    phones: dict = {}
    try:
        for i in range(args.servers):
            _wait_for(PORT + i)
        started = time.perf_counter()
        # the phones meet once Locust has its users running
        meeting = threading.Timer(min(30, args.minutes * 20), _meet, (phones, hosts, arena))
        meeting.start()
        subprocess.run([str(BIN / "locust"), "-f", str(Path(__file__).parent / "locustfile.py"), "--headless",
                        "-u", str(args.users), "-r", str(max(args.users // 10, 1)), "-t", f"{int(args.minutes * 60)}s",
                        "--host", hosts[0], "--csv", str(OUT / "load"), "--only-summary"],
                       env=env, check=False, cwd=Path(__file__).parent.parent)
        seconds = time.perf_counter() - started
        meeting.join()
        phones["lockout"] = lockout(hosts, f"nobody-{uuid.uuid4().hex[:8]}@dagdeel.test")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    with (OUT / "load_stats.csv").open() as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    total = rows["Aggregated"]
    applied = [line for line in applied_file.read_text().splitlines() if line] if applied_file.exists() else []
    with app.app_context():
        stored = db.session.scalars(select(AttendanceChange.client_id).where(AttendanceChange.client_id.in_(applied))).all() if applied else []
        # everything Locust wrote: changes by the bench assistants (the only ones logged in) outside the phones' workshop
        written = db.session.scalar(select(func.count(AttendanceChange.id)).join(Staff, AttendanceChange.changed_by_id == Staff.id)
                                    .join(Attendance, AttendanceChange.attendance_id == Attendance.id)
                                    .where(Staff.email.like("bench%"), Attendance.block_id != arena["block"]))
        two_phones = _two_phones_held(phones)
    report = {
        "users": args.users, "minutes": args.minutes, "seconds": round(seconds, 1), "machine": machine(),
        "servers": args.servers, "workers_per_server": args.workers, "ratelimit_storage": limits.split("://")[0],
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "throughput_rps": round(float(total["Requests/s"]), 1), "p95_ms": float(total["95%"]), "p50_ms": float(total["50%"]),
        "per_request": {name: {"count": int(r["Request Count"]), "p95_ms": float(r["95%"]), "failures": int(r["Failure Count"])}
                        for name, r in rows.items() if name != "Aggregated"},
        "taps_confirmed": len(applied), "taps_stored": len(stored),
        "lost": len(set(applied) - set(stored)), "unconfirmed_but_stored": written - len(set(applied)),
        "duplicates": len(stored) - len(set(stored)), "two_phones": two_phones, "facts": facts,
    }
    report["holds"] = (report["failures"] == 0 and report["lost"] == 0 and report["duplicates"] == 0
                       and two_phones["holds"])
    (OUT / "load.json").write_text(json.dumps(report, indent=2, default=str))
    lines = [f"Load: {args.users} assistants for {args.minutes} min, {args.servers} gunicorn server(s) × {args.workers} "
             f"worker(s) on PostgreSQL, login limits in {report['ratelimit_storage']}, Locust on loopback.",
             "", "| requests | failures | throughput | p50 | p95 | taps confirmed | stored | lost | duplicated |",
             "|---|---|---|---|---|---|---|---|---|",
             f"| {report['requests']:,} | {report['failures']} | {report['throughput_rps']} req/s | {report['p50_ms']:.0f} ms | "
             f"{report['p95_ms']:.0f} ms | {report['taps_confirmed']:,} | {report['taps_stored']:,} | {report['lost']} | {report['duplicates']} |",
             "", f"Two phones on {min(args.servers, 2)} server(s), {PAIRS} people online and {PAIRS} offline: " + two_phones["summary"]]
    (OUT / "load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    sys.exit(0 if report["holds"] else 1)


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


def _arena() -> dict:
    """The Loon naar Werken workshop where the two phones meet, its block, and people expected there today."""
    block = db.session.scalars(select(DagdeelBlock).join(Workshop).where(Workshop.active.is_(True), Workshop.programme == "lnw")
                               .order_by(Workshop.id, DagdeelBlock.id)).first()
    people = db.session.scalars(select(Worker.id).join(ScheduleSlot, ScheduleSlot.worker_id == Worker.id).where(
        Worker.active.is_(True), ScheduleSlot.block_id == block.id, ScheduleSlot.weekday == TODAY.weekday())
        .order_by(Worker.id).limit(2 * PAIRS)).all()
    if len(people) < 2 * PAIRS:
        sys.exit(f"The workshop {block.workshop.name} has {len(people)} people today; the two phones need {2 * PAIRS}")
    return {"workshop": block.workshop_id, "block": block.id, "online": people[:PAIRS], "offline": people[PAIRS:]}


def _meet(phones: dict, hosts: list[str], arena: dict) -> None:
    """Two assistants' phones, on different servers, tap and pay the same people at the same moment."""
    where = dict(hosts=hosts, emails=("bench098@dagdeel.test", "bench099@dagdeel.test"), day=str(TODAY),
                 workshop=arena["workshop"], block=arena["block"])
    try:
        phones["online"] = duel(workers=arena["online"], **where)
        # offline: both taps made at 14:00, before either payout reached a server
        phones["offline"] = duel(workers=arena["offline"], offline_at=f"{TODAY}T14:00:00+01:00", **where)
    except Exception as error:  # reported as not holding, with the reason
        phones["error"] = repr(error)


def _two_phones_held(phones: dict) -> dict:
    """What the two phones were told and what the database kept: per person one counted payout, the other
    phone refused (online) or its payout flagged as a duplicate (offline); both taps kept; no error, nothing lost."""
    answers = [a for mode in ("online", "offline") for r in phones.get(mode, []) for a in r["taps"] + r["pays"]]
    errors = sum(1 for a in answers if a["status"] == 0 or a["status"] >= 500)
    confirmed = [a["client_id"] for a in answers if a["applied"]]
    kept = set(db.session.scalars(select(LedgerLine.client_id).where(LedgerLine.client_id.in_(confirmed))))
    kept |= set(db.session.scalars(select(AttendanceChange.client_id).where(AttendanceChange.client_id.in_(confirmed))))
    outcome = {}
    for mode in ("online", "offline"):
        results = phones.get(mode, [])
        people = [r["worker"] for r in results]
        lines = db.session.execute(select(LedgerLine.worker_id, LedgerLine.duplicate).where(
            LedgerLine.worker_id.in_(people), LedgerLine.unit == str(TODAY), LedgerLine.kind == "payout")).all()
        taps = db.session.scalar(select(func.count(AttendanceChange.id)).join(Attendance).where(
            Attendance.worker_id.in_(people), Attendance.date == TODAY)) if people else 0
        outcome[mode] = {
            "people": len(people), "taps_kept": taps,
            "counted": sum(1 for _w, dup in lines if not dup), "flagged_duplicates": sum(1 for _w, dup in lines if dup),
            "refused": sum(1 for r in results for a in r["pays"] if a["status"] == 422),
            "one_counted_each": all(sum(1 for w, dup in lines if w == p and not dup) == 1 for p in people),
        }
    online, offline = outcome["online"], outcome["offline"]
    locked = phones.get("lockout", [])
    holds = (errors == 0 and len(kept) == len(confirmed) and online["people"] == offline["people"] == PAIRS
             and online["one_counted_each"] and online["refused"] == PAIRS and online["flagged_duplicates"] == 0
             and offline["one_counted_each"] and offline["flagged_duplicates"] == PAIRS
             and online["taps_kept"] == offline["taps_kept"] == 2 * PAIRS and locked == [422] * 5 + [429])
    summary = (f"online {online['counted']} counted, {online['refused']} refused; offline {offline['counted']} counted, "
               f"{offline['flagged_duplicates']} flagged duplicates; {online['taps_kept'] + offline['taps_kept']} taps kept; "
               f"{errors} errors; {len(confirmed) - len(kept)} of {len(confirmed)} confirmed writes lost. "
               f"Wrong passwords for one account, servers in turn: {locked} (locked after 5, counted across servers).")
    if phones.get("error"):
        summary = f"did not finish: {phones['error']}. " + summary
    return {**outcome, "errors": errors, "confirmed": len(confirmed), "lost": len(confirmed) - len(kept),
            "lockout": locked, "holds": holds, "summary": summary}


if __name__ == "__main__":
    main()
