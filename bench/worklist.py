"""The counsellor's work list at scale (issue 15): an organisation of N active workers with trajectories, built in
bulk, and the work list measured through the real app. A report, not a test in the normal run; the query-count
test (tests/test_worklist_scale.py) builds the same organisation at 100 and 1,000 workers.

    .venv/bin/python bench/worklist.py                       # 1,000 active workers, SQLite file in bench/out/
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/wt_worklist .venv/bin/python bench/worklist.py

Every active worker has an open enrolment (a mix of modules and phases; a team that keeps up: most are inside their
phase's duration and were reviewed within the cadence, some are late), a few wait for their intake (half of them with attendance) or are in a proefweek; 10 % as many former
workers have nazorg contacts. Ten counsellors share the workers; the one measured has a tenth of them ("mijn")
and looks at everyone ("alles", the heaviest list) and at 90 days ahead.
"""
import argparse
import json
import os
import random
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, text  # noqa: E402

from bench.generate import _next_id, bulk  # noqa: E402
from webapp.auth.passwords import hash_password  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.org.models import DagdeelBlock, Site, Workshop  # noqa: E402
from webapp.trajectory import catalogue, schedule  # noqa: E402
from webapp.trajectory.models import Module, Phase  # noqa: E402

OUT = Path(__file__).parent / "out"
TODAY = date(2026, 11, 23)
COUNSELLOR, PASSWORD = "bench-trajectbegeleider@dagdeel.test", "bench-trajectbegeleider"
COUNSELLORS = 10
MIX = [("gewenning", None), ("algemeen", None), ("lnw", None), ("orientatie", None),
       ("viavia", 1), ("viavia", 2), ("viavia", 3), ("viavia", 4)]


def populate(active: int, today: date = TODAY, seed: int = 15) -> dict:
    """Build the organisation in the current (empty, migrated) database; returns the measured counsellor's id."""
    rng = random.Random(seed)
    catalogue.load_all()
    site = Site(name="Bench")
    workshop = Workshop(site=site, name="Bench werkplaats", programme="viavia", active=True)
    workshop.blocks = [DagdeelBlock(name="ochtend", starts_at=time(9), ends_at=time(12, 30))]
    db.session.add(workshop)
    db.session.flush()
    block = workshop.blocks[0].id
    modules = {m.code: m for m in db.session.scalars(select(Module))}
    phases = {(p.module_id, p.number): p.id for p in db.session.scalars(select(Phase))}
    phases_months = {(p.module_id, p.number): p.duration_months for p in db.session.scalars(select(Phase))}
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    first_staff = _next_id("staff")
    password = hash_password(PASSWORD)
    bulk("staff", ["id", "email", "name", "role", "password_hash", "active", "created_at", "session_version",
                   "language"],
         [(first_staff + i, COUNSELLOR if i == 0 else f"bench-tb{i}@dagdeel.test", f"Bench Trajectbegeleider {i}",
           "counsellor", password, True, now, 0, "nl") for i in range(COUNSELLORS)])
    bulk("staff_site", ["staff_id", "site_id"], [(first_staff + i, site.id) for i in range(COUNSELLORS)])
    former = active // 10
    first_worker = _next_id("worker")
    ids = [first_worker + i for i in range(active + former)]
    intake = {w for i, w in enumerate(ids[:active]) if i % 50 == 7}
    bulk("worker", ["id", "external_id", "first_name", "roepnaam", "last_name", "phone", "shelter_id", "uitkering",
                    "postadres", "ingeschreven", "travel_cents", "active", "intake_pending", "counsellor_id", "created_at"],
         [(w, f"W{w:06d}", f"Voornaam{i}", "", f"Bench {w}", "06-00000000", None, True, True, True, 0, i < active,
           w in intake, first_staff + i % COUNSELLORS, now - timedelta(days=rng.randint(0, 30)))
          for i, w in enumerate(ids)])
    bulk("schedule_slot", ["worker_id", "block_id", "weekday"], [(w, block, 0) for w in ids[:active]])
    first_enrolment = _next_id("enrolment")
    enrolments, reviews, follow_ups = [], [], []
    for i, w in enumerate(ids):
        code, number = MIX[i % len(MIX)]
        module = modules[code]
        if i < active:  # a team that keeps up: most are inside their phase and reviewed within the cadence
            months = (phases_months.get((module.id, number)) if number else None) or module.duration_months
            start = today - timedelta(days=rng.randint(3, 30 * months + 10 if months else 300))
            end, outcome = None, None
        else:
            end = today - timedelta(days=rng.randint(60, 200))
            start, outcome = end - timedelta(days=300), "regulier_werk"
            follow_ups += [(w, first_enrolment + i, due) for due in schedule.follow_up_dates(end)]
        trial = today + timedelta(days=rng.randint(-3, 6)) if i < active and i % 100 == 3 else None
        enrolments.append((first_enrolment + i, w, module.id, phases.get((module.id, number)) if number else None, start,
                           end, now, rng.choice([0, 0, 0, 1]), outcome, "", trial))
        held = today - timedelta(days=rng.randint(0, 30 * (module.review_months or 3) + 7))
        if i < active and rng.random() < 0.9 and held > start:
            reviews.append((w, first_enrolment + i, held))
    bulk("enrolment", ["id", "worker_id", "module_id", "phase_id", "start_date", "end_date", "created_at",
                       "extension_months", "outcome", "outcome_note", "trial_until"], enrolments)
    first_review = _next_id("review")
    bulk("review", ["id", "worker_id", "enrolment_id", "held_on", "with_worker", "with_supervisor", "with_counsellor",
                    "summary", "outcome", "months", "note", "created_at"],
         [(first_review + i, w, e, held, True, False, True, "", "verlengen", None, "", now)
          for i, (w, e, held) in enumerate(reviews)])
    first_follow_up = _next_id("follow_up")
    bulk("follow_up", ["id", "worker_id", "enrolment_id", "due_on", "note"],
         [(first_follow_up + i, w, e, due, "") for i, (w, e, due) in enumerate(follow_ups)])
    first_attendance = _next_id("attendance")
    came = sorted(intake)[::2]
    bulk("attendance", ["id", "worker_id", "date", "block_id", "status", "note", "early_leave_counts", "updated_at"],
         [(first_attendance + i, w, today - timedelta(days=1 + i % 5), block, "aanwezig", "", False, now)
          for i, w in enumerate(came)])
    trainees = _training(ids[:active], today)
    if db.engine.dialect.name == "postgresql":
        for table in ("staff", "worker", "enrolment", "review", "follow_up", "attendance"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return {"counsellor_id": first_staff, "active": active, "former": former, "reviews": len(reviews),
            "intake": len(intake), "follow_ups": len(follow_ups), "trainees": trainees}


def _training(active: list[int], today: date) -> int:
    """One running series of every method's first training template for every 20th worker, most having missed a
    session (the work list's `training` items)."""
    from webapp.trajectory import training

    templates = training.templates()
    if not templates:
        return 0
    people = active[::20]
    series = training.plan(templates[0], training.weekly(today - timedelta(weeks=5), templates[0].sessions), people,
                           None, trainer_name="Bench trainer")
    held = [s for s in series.sessions if s.date <= today]
    for n, worker_id in enumerate(people):
        for k, session in enumerate(held):
            training.set_status(session, worker_id, "afwezig" if (n + k) % 4 == 0 else "aanwezig", None, session.date)
    return len(people)


def main() -> None:
    from bench.run import jitter, measure
    from conftest import make_app, reset_schema

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--active", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-gc-freeze", action="store_true", help="as before issue 15's gc.freeze (for comparison)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or None
    name = "postgresql" if url and url.startswith("postgres") else "sqlite"
    OUT.mkdir(exist_ok=True)
    if not url:
        (OUT / "worklist.sqlite").unlink(missing_ok=True)
    app = make_app(url or f"sqlite:///{OUT / 'worklist.sqlite'}", WTF_CSRF_ENABLED=False, GC_FREEZE=not args.no_gc_freeze,
                   DAGDEEL_NOW=f"{TODAY}T09:05", LOGIN_RATE_LIMIT="100000 per minute")
    reset_schema(app)
    with app.app_context():
        facts = populate(args.active)
    if not args.no_gc_freeze:  # as a server started on this database: building it left nothing for the collector
        import gc

        gc.collect()
        gc.freeze()
    client = app.test_client()
    client.post("/inloggen", data={"email": COUNSELLOR, "password": PASSWORD})
    requests = {  # the catalogue first: a small page of the same app, as a yardstick for the machine's load
        "reference: the trajectory catalogue (no list)": "/trajecten",
        "work list, mijn (a tenth), 7 days": "/trajecten/werklijst",
        f"work list, alles ({args.active} workers), 7 days": "/trajecten/werklijst?filter=alles",
        f"work list, alles ({args.active} workers), 90 days": "/trajecten/werklijst?filter=alles&dagen=90",
        "work list, team (the site), 7 days": "/trajecten/werklijst?filter=team",
    }
    results = {}
    for label, path in requests.items():
        r = measure(app, client, "GET", path, args.requests)
        body = client.get(path).get_data(as_text=True)
        r["items"] = body.count('<li class="due')
        results[label] = r
    report = {"database": name, "facts": facts, "results": results, "jitter": jitter()}
    (OUT / f"worklist-{name}.json").write_text(json.dumps(report, indent=2, default=str))
    lines = [f"# Work list — {name}, {facts['active']} active workers ({facts['reviews']} reviews, {facts['intake']} "
             f"intakes, {facts['follow_ups']} follow-ups); fixed-loop p95/p50 {report['jitter']['ratio']}", "",
             "| request | items | n | p50 ms | p95 ms | CPU p50 / p95 ms | queries | brotli B | p95 ≤ 60 ms |",
             "|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {k} | {r['items']} | {r['n']} | {r['p50']} | {r['p95']} | {r['cpu_p50']} / {r['cpu_p95']} | {r['queries']} | {r['bytes']['br']:,} | "
              f"{'yes' if r['p95'] <= 60 else '**no**'} |" for k, r in results.items()]
    text_report = "\n".join(lines) + "\n"
    (OUT / f"worklist-{name}.md").write_text(text_report)
    print(text_report)


if __name__ == "__main__":
    main()
