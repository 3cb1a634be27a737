"""The ZRM and the Participatieladder, the database side: which workers' methods use them, saving an assessment or
an entered rung (each in the access log), the facts a rung is derived from, and the CSV exports. The rules are
zrm_rules.py's. Caller commits."""
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, true

from .. import clock, csvfiles
from ..attendance import rules as attendance_rules
from ..attendance.models import Attendance
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..workers.models import Worker
from . import domain_ops, zrm_rules
from .catalogue import newest_version
from .models import Enrolment, Module, OutflowReason
from .zrm_models import LadderEntry, ZrmAssessment, ZrmScore

INSTRUMENTS = ("zrm", "ladder")
HISTORY = 5  # assessments shown on the trajectory page


def uses(worker: Worker, instrument: str) -> bool:
    """Does the method of the worker's latest enrolment (in the version it started under) use this instrument?"""
    latest = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id)
                               .order_by(Enrolment.end_date.is_(None).desc(), Enrolment.start_date.desc(),
                                         Enrolment.id.desc()).limit(1))
    if latest is None:
        return False
    version = latest.method_version or newest_version(latest.module.method_id)
    content = json.loads(version.content) if version and version.content else {}
    return bool(content.get("instruments", {}).get(instrument))


# --- ZRM ---------------------------------------------------------------------------------------------------------

def assessments(worker: Worker) -> list[ZrmAssessment]:
    """The worker's ZRM assessments, newest first."""
    return db.session.scalars(select(ZrmAssessment).where(ZrmAssessment.worker_id == worker.id)
                              .order_by(ZrmAssessment.assessed_on.desc(), ZrmAssessment.id.desc())).all()


def prefilled(worker: Worker) -> dict[str, int]:
    """ZRM levels suggested by the worker's latest life-domain statuses (the one-to-one domains only)."""
    statuses = {version.domain.zrm: version.status for version in domain_ops.current([worker.id]).values()
                if version.domain.zrm}
    return zrm_rules.prefill(statuses)


def save_assessment(worker: Worker, by, occasion: str, day: date, scores: dict[str, int | None],
                    client_id: str | None = None) -> ZrmAssessment:
    """Save one assessment with its thirteen scores (the same form sent twice is one); pre-filled levels saved
    unchanged are `derived`."""
    if client_id and (done := db.session.scalar(select(ZrmAssessment).where(ZrmAssessment.client_id == client_id))):
        return done
    wrong = zrm_rules.problems(occasion, scores)
    if wrong:
        raise Refused(_("Kies bij elk leefgebied een score van 1 tot 5."), code=wrong[0])
    if day > clock.today():
        raise Refused(_("Een ZRM gaat over de afgelopen 30 dagen: de datum kan niet in de toekomst liggen."),
                      code="assessed_on")
    sources = zrm_rules.sources(scores, prefilled(worker))
    assessment = ZrmAssessment(worker_id=worker.id, occasion=occasion, assessed_on=day, by_id=by.id if by else None,
                               client_id=client_id)
    db.session.add(assessment)
    for code in zrm_rules.ZRM_DOMAINS:
        assessment.scores.append(ZrmScore(domain=code, level=scores[code], source=sources[code]))
    db.session.flush()
    record("zrm", worker, f"{occasion} {day.isoformat()}: " + " ".join(str(scores[c]) for c in zrm_rules.ZRM_DOMAINS))
    return assessment


ZRM_COLUMNS = ["external_id", "date", "occasion"] + [column for code in zrm_rules.ZRM_DOMAINS
                                                     for column in (code, f"{code}_source")]


def zrm_csv(first: date, last: date) -> str:
    """Every assessment of the period: external_id;date;occasion, then per domain its level and entered/derived."""
    found = db.session.execute(
        select(ZrmAssessment, Worker.external_id).join(Worker, Worker.id == ZrmAssessment.worker_id)
        .where(ZrmAssessment.assessed_on >= first, ZrmAssessment.assessed_on <= last)
        .order_by(ZrmAssessment.assessed_on, Worker.external_id, ZrmAssessment.id)).all()
    rows = []
    for assessment, external_id in found:
        by_domain = {score.domain: score for score in assessment.scores}
        rows.append([external_id, assessment.assessed_on.isoformat(), assessment.occasion]
                    + [value for code in zrm_rules.ZRM_DOMAINS
                       for value in (by_domain[code].level, by_domain[code].source)])
    return csvfiles.write(ZRM_COLUMNS, rows)


# --- Participatieladder --------------------------------------------------------------------------------------------

class Facts:
    """Per worker what a rung rests on, read once for a period (attendance from 30 days before its first day)."""

    def __init__(self, worker_ids: list[int] | None, first: date, last: date):
        self.attended, self.exits = defaultdict(list), defaultdict(list)
        self.starts, self.entered = defaultdict(list), defaultdict(list)
        begin, _end = zrm_rules.attendance_window(first)
        only = (lambda column: column.in_(worker_ids)) if worker_ids is not None else (lambda column: true())
        for worker_id, day, status, counts in db.session.execute(
                select(Attendance.worker_id, Attendance.date, Attendance.status, Attendance.early_leave_counts)
                .where(only(Attendance.worker_id), Attendance.date >= begin, Attendance.date <= last)):
            if attendance_rules.counts_as_attended(status, counts):
                self.attended[worker_id].append(day)
        for worker_id, start, end, rung in db.session.execute(
                select(Enrolment.worker_id, Enrolment.start_date, Enrolment.end_date, OutflowReason.ladder)
                .join(Module, Module.id == Enrolment.module_id)
                .outerjoin(OutflowReason, (OutflowReason.method_id == Module.method_id)
                           & (OutflowReason.code == Enrolment.outcome))
                .where(only(Enrolment.worker_id))):
            self.starts[worker_id].append(start)
            if end is not None:
                self.exits[worker_id].append((end, rung))
        for worker_id, day, rung in db.session.execute(
                select(LadderEntry.worker_id, LadderEntry.day, LadderEntry.rung).where(only(LadderEntry.worker_id))
                .order_by(LadderEntry.day, LadderEntry.id)):
            self.entered[worker_id].append((day, rung))

    def rung(self, worker_id: int, on: date) -> zrm_rules.Rung | None:
        return zrm_rules.rung_on(on, self.attended[worker_id], self.exits[worker_id], self.starts[worker_id],
                                 self.entered[worker_id])


def rung(worker: Worker, on: date) -> zrm_rules.Rung | None:
    """The worker's rung on a date, entered or derived."""
    return Facts([worker.id], on, on).rung(worker.id, on)


def entries(worker: Worker) -> list[LadderEntry]:
    """The rungs the counsellors entered for the worker, newest first."""
    return db.session.scalars(select(LadderEntry).where(LadderEntry.worker_id == worker.id)
                              .order_by(LadderEntry.day.desc(), LadderEntry.id.desc())).all()


def enter_rung(worker: Worker, by, day: date, value: int, client_id: str | None = None) -> LadderEntry:
    """Enter the worker's rung from a date on (the same form sent twice is one entry)."""
    if client_id and (done := db.session.scalar(select(LadderEntry).where(LadderEntry.client_id == client_id))):
        return done
    if value not in zrm_rules.RUNGS:
        raise Refused(_("Kies een trede van 1 tot 6."), code="rung")
    if day > clock.today():
        raise Refused(_("De datum kan niet in de toekomst liggen."), code="day")
    entry = LadderEntry(worker_id=worker.id, day=day, rung=value, by_id=by.id if by else None, client_id=client_id)
    db.session.add(entry)
    db.session.flush()
    record("ladder", worker, f"trede {value} vanaf {day.isoformat()}")
    return entry


LADDER_COLUMNS = ["external_id", "date", "occasion", "rung", "source"]


def ladder_csv(first: date, last: date) -> str:
    """Per worker the rung on each day of the period something happened (an entered value: `ingevoerd`, an exit:
    `uitstroom`) and on its last day (`peildatum`), each marked entered or derived; workers with no rung are left
    out."""
    facts = Facts(None, first, last)
    external = dict(db.session.execute(select(Worker.id, Worker.external_id)).all())
    rows = []
    for worker_id in sorted(external, key=lambda w: external[w]):
        days = {day: "ingevoerd" for day, _rung in facts.entered[worker_id] if first <= day <= last}
        days.update({day: "uitstroom" for day, value in facts.exits[worker_id] if first <= day <= last and value})
        days.setdefault(last, "peildatum")
        for day in sorted(days):
            found = facts.rung(worker_id, day)
            if found is not None:
                rows.append([external[worker_id], day.isoformat(), days[day], found.rung, found.source])
    return csvfiles.write(LADDER_COLUMNS, rows)


def export(instrument: str, first: date, last: date) -> str:
    """`flask instruments export zrm|ladder`: the CSV of the period."""
    return zrm_csv(first, last) if instrument == "zrm" else ladder_csv(first, last)




@dataclass(frozen=True)
class Panel:
    """What the trajectory page shows: the latest assessments (newest first) and the current rung, and whether the
    worker's method uses each instrument (a form is offered only then; what was recorded shows anyway)."""

    zrm: bool
    ladder: bool
    assessments: list[ZrmAssessment]
    rung: zrm_rules.Rung | None

    @property
    def shown(self) -> bool:
        return self.zrm or self.ladder or bool(self.assessments) or self.rung is not None


def panel(worker: Worker, on: date) -> Panel:
    return Panel(uses(worker, "zrm"), uses(worker, "ladder"), assessments(worker)[:HISTORY], rung(worker, on))
