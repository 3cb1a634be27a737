"""A synthetic organisation at the scale of ten years, generated deterministically (seeded) and in bulk.

12 workshops (2 Loon naar Werken, 10 Via Via), 4 shelters, 100 staff, 1,000 active and 4,000 former
workers in five two-year cohorts, their schedules, ten years of attendance, the payouts that attendance
earned (with a cash box per day), an access-log line per five attendance rows, and four weeks of bus
rounds with sign-ups. Rows go in with COPY on PostgreSQL and executemany on SQLite.

One Via Via workshop ("Bench 40") has exactly 40 people in each dagdeel: the board the budgets speak of.
"""
import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, text

from webapp import demo
from webapp.auth.passwords import hash_password
from webapp.extensions import db
from webapp.org.models import Bus, DagdeelBlock, Shelter, Workshop
from webapp.payouts import operations as payout_operations
from webapp.trajectory.models import Module

WEEKS = 520
COHORTS = 5
BOARD = 40  # people per dagdeel in the "Bench 40" workshop


def bulk(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows fast: COPY on PostgreSQL, executemany in chunks on SQLite. Returns the count."""
    connection = db.session.connection().connection.driver_connection
    count = 0
    if db.engine.dialect.name == "postgresql":
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    chunk = []
    for row in rows:
        chunk.append(tuple(_sqlite(v) for v in row))
        if len(chunk) == 50_000:
            connection.executemany(statement, chunk)
            count += len(chunk)
            chunk = []
    connection.executemany(statement, chunk)
    return count + len(chunk)


def _sqlite(value):
    """The storage format SQLAlchemy uses on SQLite (naive UTC moments with microseconds)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return value


def _next_id(table: str) -> int:
    return (db.session.execute(text(f"SELECT MAX(id) FROM {table}")).scalar() or 0) + 1


def _reset_sequences() -> None:
    """After COPY with explicit ids, PostgreSQL's sequences must move past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("worker", "staff", "attendance", "cash_box", "ledger_line", "access_log", "enrolment",
                  "pickup_round", "signup", "workshop", "dagdeel_block", "shelter"):
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def generate(today: date, seed: int = 7, weeks: int = WEEKS, active: int = 1000, board: int = BOARD) -> dict:
    """Build the organisation around `today` (a Monday). Deterministic for a seed."""
    rng = random.Random(seed)
    demo.load()
    payout_operations.ensure_default_rules()
    site_id = db.session.scalar(select(Shelter.site_id))
    workshops = db.session.scalars(select(Workshop).order_by(Workshop.id)).all()
    # up to 12 workshops: 2 Loon naar Werken (one block), the rest Via Via (morning and afternoon)
    lnw = [w for w in workshops if w.programme == "lnw"]
    while len(lnw) < 2:
        workshop = Workshop(name=f"Bench Loon naar Werken {len(lnw)}", programme="lnw", site_id=site_id, active=True)
        workshop.blocks = [DagdeelBlock(name="werkdag", starts_at=time(10), ends_at=time(14))]
        db.session.add(workshop)
        lnw.append(workshop)
    viavia = [w for w in workshops if w.programme == "viavia"]

    def via_via(name: str) -> Workshop:
        workshop = Workshop(name=name, programme="viavia", site_id=site_id, active=True)
        workshop.blocks = [DagdeelBlock(name="ochtend", starts_at=time(9), ends_at=time(12, 30)),
                           DagdeelBlock(name="middag", starts_at=time(13), ends_at=time(16, 30))]
        db.session.add(workshop)
        return workshop

    bench = via_via(f"Bench {board}")
    viavia.append(bench)
    while len(lnw) + len(viavia) < 12:
        viavia.append(via_via(f"Bench Via Via {len(viavia)}"))
    db.session.flush()
    shelters = db.session.scalars(select(Shelter).order_by(Shelter.route_order)).all()[:4]
    modules = {m.code: m.id for m in db.session.scalars(select(Module))}
    now = datetime.now(timezone.utc).replace(tzinfo=None)

    staff_first = _next_id("staff")
    password = hash_password("bench-assistent-1")
    staff = [(staff_first + i, f"bench{i:03d}@dagdeel.test", f"Bench Assistent {i:03d}", "assistant", password, True, now)
             for i in range(100)]
    bulk("staff", ["id", "email", "name", "role", "password_hash", "active", "created_at"], staff)
    if site_id is not None:
        bulk("staff_site", ["staff_id", "site_id"], [(s[0], site_id) for s in staff])
    staff_ids = [s[0] for s in staff]

    # workers: five cohorts of `active`, each two years; the last cohort is today's active group
    span = max(weeks // COHORTS, 1)
    first_worker = _next_id("worker")
    start = today - timedelta(weeks=weeks)
    people = []  # (id, programme, workshop, blocks, first week, last week, cohort)
    lnw_share = 0.3
    for k in range(active * COHORTS):
        cohort = k // active
        worker_id = first_worker + k
        programme = "lnw" if rng.random() < lnw_share else "viavia"
        if cohort == COHORTS - 1 and k % active < board:
            programme, workshop = "viavia", bench
        else:
            workshop = rng.choice(lnw if programme == "lnw" else [w for w in viavia if w is not bench])
        people.append((worker_id, programme, workshop, [b.id for b in workshop.blocks], cohort * span,
                       weeks if cohort == COHORTS - 1 else (cohort + 1) * span, cohort))
    current = COHORTS - 1
    bulk("worker", ["id", "external_id", "first_name", "roepnaam", "last_name", "phone", "shelter_id", "uitkering", "postadres",
                    "ingeschreven", "travel_cents", "active", "intake_pending", "created_at"],
         ((p[0], f"S{p[0]:06d}", rng.choice(FIRST), "", f"Synth {p[0]}", "06-00000000", rng.choice(shelters).id,
           True, True, True, rng.choice([0, 230, 460]), p[6] == current, False, now) for p in people))
    first_enrolment = _next_id("enrolment")  # not inside the COPY below: one connection, one statement at a time
    bulk("enrolment", ["id", "worker_id", "module_id", "start_date", "end_date", "created_at"],
         ((first_enrolment + i, p[0], modules.get("viavia" if p[1] == "viavia" else "lnw") or next(iter(modules.values())),
           start + timedelta(weeks=p[4]), None if p[6] == current else start + timedelta(weeks=p[5]), now)
          for i, p in enumerate(people)))
    bulk("schedule_slot", ["worker_id", "block_id", "weekday"],
         ((p[0], b, d) for p in people if p[6] == current for b in p[3] for d in range(5)))

    # attendance: every scheduled dagdeel of every active week
    first_attendance = _next_id("attendance")
    statuses, weights = ["aanwezig", "te_laat", "afwezig_bericht", "afwezig_zonder_bericht"], [84, 7, 6, 3]
    attended = []  # (worker, day, programme) of paid days, for the ledger

    def attendance_rows() -> Iterator[tuple]:
        row_id = first_attendance
        status_rng = random.Random(seed + 1)
        for p in people:
            for week in range(p[4], p[5]):
                monday = start + timedelta(weeks=week)
                for d in range(5):
                    day = monday + timedelta(days=d)
                    if day >= today:
                        break
                    for block in p[3]:
                        status = status_rng.choices(statuses, weights)[0]
                        yield (row_id, p[0], day, block, status, "", False,
                               datetime.combine(day, time(15)))
                        row_id += 1
                        if status in ("aanwezig", "te_laat"):
                            attended.append((p[0], day, p[1]))

    rows = bulk("attendance", ["id", "worker_id", "date", "block_id", "status", "note", "early_leave_counts", "updated_at"],
                attendance_rows())

    # cash boxes (one per working day, a rotating assistant) and the payouts the attendance earned
    days = sorted({a[1] for a in attended})
    first_box = _next_id("cash_box")
    box_of = {day: (first_box + i, staff_ids[i % len(staff_ids)]) for i, day in enumerate(days)}
    bulk("cash_box", ["id", "staff_id", "date", "opening_cents", "note"],
         ((box, who, day, 20_000, "") for day, (box, who) in box_of.items()))
    first_line = _next_id("ledger_line")
    ledger = bulk("ledger_line", ["id", "kind", "worker_id", "programme", "unit", "unit_date", "slot", "dagdelen", "premium_cents",
                                  "travel_cents", "vouchers", "voucher_type", "cash_box_id", "paid_by_id", "paid_at",
                                  "duplicate", "reason"], _ledger(attended, box_of, first_line))
    first_log = _next_id("access_log")
    log = bulk("access_log", ["id", "at", "staff_id", "worker_id", "action", "detail", "ip"],
               ((first_log + i, datetime.combine(a[1], time(12)), staff_ids[i % len(staff_ids)], a[0], "view_card", "", "127.0.0.1")
                for i, a in enumerate(attended[::4])))
    signups = _rounds(today, shelters, [p for p in people if p[1] == "lnw" and p[6] == current], rng, staff_ids[0])
    _reset_sequences()
    db.session.commit()
    return {"workers_active": active, "workers_former": active * (COHORTS - 1), "staff": 100 + len(demo.ACCOUNTS),
            "workshops": len(lnw) + len(viavia), "shelters": len(shelters), "weeks": weeks, "attendance_rows": rows,
            "ledger_lines": ledger, "access_log_rows": log, "signups": signups, "bench_workshop": bench.id,
            "bench_block": bench.blocks[0].id}


def _ledger(attended, box_of, first_id) -> Iterator[tuple]:
    """LnW: € 6 and a voucher per day worked; Via Via: € 3 per dagdeel from 4 up to 9 a week, paid on Friday."""
    line_id = first_id
    seen_lnw = set()
    weeks: dict[tuple, int] = {}
    for worker, day, programme in attended:
        if programme == "lnw":
            if (worker, day) in seen_lnw:
                continue
            seen_lnw.add((worker, day))
            box, who = box_of[day]
            yield (line_id, "payout", worker, "lnw", day.isoformat(), day, 0, 1, 600, 0, 1, "slaaphuis", box, who,
                   datetime.combine(day, time(13, 30)), False, "")
            line_id += 1
        else:
            iso = day.isocalendar()
            key = (worker, f"{iso.year}-W{iso.week:02d}", day - timedelta(days=day.weekday()))
            weeks[key] = weeks.get(key, 0) + 1
    for (worker, unit, monday), dagdelen in weeks.items():
        if dagdelen < 4:
            continue
        friday = monday + timedelta(days=4)
        box, who = box_of.get(friday) or next(iter(box_of.values()))
        yield (line_id, "payout", worker, "viavia", unit, monday, 0, min(dagdelen, 9), 300 * min(dagdelen, 9), 0, 0, None,
               box, who, datetime.combine(friday, time(16)), False, "")
        line_id += 1


def _rounds(today, shelters, lnw_people, rng, staff_id) -> int:
    """Four weeks of bus rounds before today, each with about 30 sign-ups, so that stops have regulars."""
    bus = Bus(name="Bench bus", seats=8, site_id=shelters[0].site_id, active=True)
    db.session.add(bus)
    db.session.flush()
    first_round, first_signup = _next_id("pickup_round"), _next_id("signup")
    rounds, signups = [], []
    for n in range(28, 0, -1):
        day = today - timedelta(days=n)
        if day.weekday() >= 5:
            continue
        round_id = first_round + len(rounds)
        rounds.append((round_id, day, bus.id, staff_id, datetime.combine(day, time(7))))
        for person in rng.sample(lnw_people, min(30, len(lnw_people))):
            signups.append((first_signup + len(signups), round_id, person[0], rng.choice(shelters).id, day,
                            datetime.combine(day, time(7, rng.randint(0, 59))), staff_id, "", "", False))
    bulk("pickup_round", ["id", "date", "bus_id", "created_by_id", "created_at"], rounds)
    return bulk("signup", ["id", "round_id", "worker_id", "shelter_id", "date", "signed_up_at", "signed_up_by_id",
                           "conditions_waived", "selection_reason", "no_show"], signups)


FIRST = ["Anna", "Bas", "Chris", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Joost", "Karim", "Lotte", "Mo", "Noor",
         "Olga", "Piet", "Quinten", "Rosa", "Sem", "Tess", "Umar", "Vera", "Wim", "Yara", "Zoë"]
