"""Training series: planning a series from the method's template, one tap per person per session, learning goals,
and what each worker attended or missed. Caller commits."""
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import or_, select

from .. import clock, parse
from ..attendance.rules import OPEN, SYMBOLS as FLOOR_SYMBOLS, may_change
from ..audit.operations import record
from ..auth.models import Staff
from ..errors import Refused
from ..extensions import db
from ..formatting import day_year
from ..workers.models import Worker
from .models import Enrolment, Module
from .training_models import (LearningGoal, SessionAttendance, SessionAttendanceChange, TrainingParticipant,
                              TrainingSeries, TrainingSession, TrainingTemplate)

STATUSES = {"aanwezig": _l("aanwezig"), "afwezig": _l("afwezig"), "afgemeld": _l("afgemeld")}
# What the board's menu may set: a status, or back to no mark (`OPEN`, as on the work floor). A taken-back mark keeps
# its record, with this status, because its history hangs on it; everywhere else it is exactly no record.
SETTABLE = {**STATUSES, OPEN: _l("nog niet afgetekend")}
# One character per status on the series page (with its legend there), the work floor's week grid's: ✓, ✗, and B
# (met bericht) for afgemeld.
SYMBOLS = {"aanwezig": FLOOR_SYMBOLS["aanwezig"], "afwezig": FLOOR_SYMBOLS["afwezig_zonder_bericht"],
           "afgemeld": FLOOR_SYMBOLS["afwezig_bericht"]}
MISSED = "afwezig"  # afgemeld (excused beforehand) is not missed
MAX_SESSIONS = 60
GOAL_MAX = 4000  # characters of a participant's learning goals


def templates() -> list[TrainingTemplate]:
    return db.session.scalars(select(TrainingTemplate).order_by(TrainingTemplate.method_id, TrainingTemplate.id)).all()


def all_series() -> list[TrainingSeries]:
    return db.session.scalars(select(TrainingSeries).order_by(TrainingSeries.id.desc())).all()


def series_or_404(series_id: int) -> TrainingSeries:
    return db.session.get(TrainingSeries, series_id) or abort(404)


def session_or_404(session_id: int) -> TrainingSession:
    return db.session.get(TrainingSession, session_id) or abort(404)


def enrolled(template: TrainingTemplate) -> list[Worker]:
    """The active workers currently enrolled in the template's module (none when it names no module)."""
    if not template.module_code:
        return []
    return db.session.scalars(
        select(Worker).join(Enrolment, Enrolment.worker_id == Worker.id).join(Module, Module.id == Enrolment.module_id)
        .where(Module.code == template.module_code, Module.method_id == template.method_id,
               Enrolment.end_date.is_(None), Worker.active.is_(True))
        .order_by(Worker.first_name, Worker.last_name)).all()


def candidates() -> list[Worker]:
    """Who may be picked for a series: every active worker, by name."""
    return db.session.scalars(select(Worker).where(Worker.active.is_(True))
                              .order_by(Worker.first_name, Worker.last_name)).all()


def weekly(first: date, count: int, every_days: int = 7) -> list[date]:
    return [first + timedelta(days=every_days * n) for n in range(count)]


def plan(template: TrainingTemplate, dates: list[date], worker_ids: list[int], by, *, trainer_staff_id: int | None = None,
         trainer_name: str = "", client_id: str | None = None) -> TrainingSeries:
    """Plan a series of the template's N sessions on `dates` for the workers named (else the module's enrolled)."""
    if client_id and (done := db.session.scalar(select(TrainingSeries).where(TrainingSeries.client_id == client_id))):
        return done
    if len(dates) != template.sessions:
        raise Refused(_("%(name)s heeft %(n)s bijeenkomsten; je gaf er %(given)s.", name=template.name,
                        n=template.sessions, given=len(dates)), code="dates")
    if sorted(dates) != dates or len(set(dates)) != len(dates):
        raise Refused(_("Zet de data op volgorde, elke datum één keer."), code="dates")
    if trainer_staff_id is None and not trainer_name.strip():
        raise Refused(_("Kies een trainer of schrijf een naam."), code="trainer")
    people = db.session.scalars(select(Worker).where(Worker.id.in_(worker_ids))).all() if worker_ids \
        else enrolled(template)
    if not people:
        raise Refused(_("Kies wie meedoet: niemand is ingeschreven in de module van deze training."), code="workers")
    series = TrainingSeries(template_id=template.id, name=template.name, trainer_staff_id=trainer_staff_id,
                            trainer_name=parse.text(trainer_name, limit=120), created_by_id=by.id if by else None,
                            client_id=client_id)
    db.session.add(series)
    db.session.flush()
    db.session.add_all(TrainingSession(series_id=series.id, number=n, date=day) for n, day in enumerate(dates, 1))
    db.session.add_all(TrainingParticipant(series_id=series.id, worker_id=w.id) for w in people)
    for worker in people:
        record("training_plan", worker, f"{series.name}: {dates[0].isoformat()} – {dates[-1].isoformat()}")
    db.session.flush()
    db.session.refresh(series)
    return series


def add_participant(series: TrainingSeries, worker: Worker) -> bool:
    """Someone joins a series already under way (False: they were in it already, so a resend changes nothing). The
    sessions before they joined are not theirs: only a tap makes a session missed."""
    if any(p.worker_id == worker.id for p in series.participants):
        return False
    db.session.add(TrainingParticipant(series_id=series.id, worker_id=worker.id, joined_on=clock.today()))
    record("training_plan", worker, f"{series.name}: later ingestroomd")
    db.session.flush()
    db.session.refresh(series)
    return True


def move_session(session: TrainingSession, day: date) -> None:
    """Move a session to another day; it stays between its neighbours. Refused once anyone's attendance is recorded
    for it: that attendance happened on its day."""
    if day == session.date:
        return
    if db.session.scalar(select(SessionAttendance.id).where(SessionAttendance.session_id == session.id,
                                                            SessionAttendance.status != OPEN).limit(1)):
        raise Refused(_("Bijeenkomst %(n)s is al afgetekend: die vond plaats op %(day)s en kan niet meer verzet worden.",
                        n=session.number, day=day_year(session.date)), code="date")
    others = [s for s in session.series.sessions if s.id != session.id]
    before = max((s.date for s in others if s.number < session.number), default=None)
    after = min((s.date for s in others if s.number > session.number), default=None)
    if (before and day <= before) or (after and day >= after):
        raise Refused(_("Bijeenkomst %(n)s moet tussen de vorige en de volgende blijven (%(before)s – %(after)s).",
                        n=session.number, before=day_year(before) if before else "…",
                        after=day_year(after) if after else "…"), code="date")
    moved_from, session.date = session.date, day
    for participant in session.series.participants:
        record("training_plan", participant.worker, f"{session.series.name}: bijeenkomst {session.number} verzet van "
                                                    f"{moved_from.isoformat()} naar {day.isoformat()}")


@dataclass(frozen=True)
class BoardRow:
    worker: Worker
    record: SessionAttendance | None


def board(session: TrainingSession, only: int | None = None) -> tuple[list[BoardRow], dict[str, int]]:
    """The session's participants with their status, and the tally (present / other / open)."""
    query = (select(Worker, SessionAttendance)
             .join(TrainingParticipant, TrainingParticipant.worker_id == Worker.id)
             .outerjoin(SessionAttendance, (SessionAttendance.worker_id == Worker.id)
                        & (SessionAttendance.session_id == session.id))
             .where(TrainingParticipant.series_id == session.series_id,
                    or_(TrainingParticipant.joined_on.is_(None), TrainingParticipant.joined_on <= session.date))
             .order_by(Worker.first_name, Worker.last_name))
    rows = [BoardRow(w, a if a and a.status != OPEN else None) for w, a in db.session.execute(query)]
    tally = {"present": sum(1 for r in rows if r.record and r.record.status == "aanwezig"),
             "other": sum(1 for r in rows if r.record and r.record.status != "aanwezig"),
             "open": sum(1 for r in rows if r.record is None)}
    if only is not None:
        rows = [r for r in rows if r.worker.id == only]
    return rows, tally


def set_status(session: TrainingSession, worker_id: int, status: str, by, tapped_on: date,
               client_id: str | None = None) -> SessionAttendance | None:
    """One tap on a session board; the last tap counts, every tap is kept. An assistant taps only on the day. `OPEN`
    takes a mark back (the menu's 'nog niet afgetekend'); with no mark there is nothing to take back."""
    if status not in SETTABLE:
        raise Refused(_("Onbekende status '%(status)s'.", status=status))
    if not db.session.scalar(select(TrainingParticipant.id).where(
            TrainingParticipant.series_id == session.series_id, TrainingParticipant.worker_id == worker_id)):
        raise Refused(_("Deze medewerker doet niet mee aan deze training."))
    if not may_change(by.role if by else None, session.date, tapped_on):
        raise Refused(_("Alleen op de dag zelf. Een andere dag wijzigt een werkbegeleider."))
    row = db.session.scalar(select(SessionAttendance).where(
        SessionAttendance.session_id == session.id, SessionAttendance.worker_id == worker_id))
    old = row.status if row else None
    if row is None and status == OPEN:
        return None
    if row is None:
        row = SessionAttendance(session_id=session.id, worker_id=worker_id, status=status)
        db.session.add(row)
    row.status, row.updated_by_id = status, by.id if by else None
    row.updated_at = clock.now()
    db.session.flush()
    db.session.add(SessionAttendanceChange(attendance_id=row.id, old_status=old, new_status=status,
                                           by_id=by.id if by else None, client_id=client_id or str(uuid.uuid4())))
    return row


def set_goal(series: TrainingSeries, worker: Worker, text: str, by, client_id: str | None = None) -> LearningGoal:
    """A new version of the worker's learning goals in this series (the old ones stay as history)."""
    if client_id and (done := db.session.scalar(select(LearningGoal).where(LearningGoal.client_id == client_id))):
        return done
    if not db.session.scalar(select(TrainingParticipant.id).where(
            TrainingParticipant.series_id == series.id, TrainingParticipant.worker_id == worker.id)):
        raise Refused(_("Deze medewerker doet niet mee aan deze training."))
    goal = LearningGoal(series_id=series.id, worker_id=worker.id, text=parse.text(text, limit=GOAL_MAX),
                        by_id=by.id if by else None, client_id=client_id)
    db.session.add(goal)
    record("learning_goal", worker, series.name)
    return goal


def goals(series: TrainingSeries) -> dict[int, list[LearningGoal]]:
    """Per worker, their learning-goal versions in this series, newest first."""
    found: dict[int, list[LearningGoal]] = {}
    for goal in db.session.scalars(select(LearningGoal).where(LearningGoal.series_id == series.id)
                                   .order_by(LearningGoal.id.desc())):
        found.setdefault(goal.worker_id, []).append(goal)
    return found


def grid(series: TrainingSeries) -> dict[tuple[int, int], str]:
    """(session id, worker id) → status, for the series overview."""
    return {(a.session_id, a.worker_id): a.status for a in db.session.scalars(
        select(SessionAttendance).join(TrainingSession, TrainingSession.id == SessionAttendance.session_id)
        .where(TrainingSession.series_id == series.id, SessionAttendance.status != OPEN))}


@dataclass(frozen=True)
class Taking:
    """A worker's place in one series: attended and missed so far, and the current learning goals."""

    series: TrainingSeries
    attended: int
    missed: list[date]
    held: int  # sessions up to today
    goal: str


def for_worker(worker: Worker, on: date) -> list[Taking]:
    """The series this worker takes part in, newest first (the trajectory page and the card); a late joiner's sessions
    held count from the day they joined."""
    taking = {p.series_id: p for p in db.session.scalars(select(TrainingParticipant)
                                                         .where(TrainingParticipant.worker_id == worker.id))}
    found = []
    for series in db.session.scalars(select(TrainingSeries).where(TrainingSeries.id.in_(list(taking)))
                                     .order_by(TrainingSeries.id.desc())):
        status = {a.session_id: a.status for a in db.session.scalars(select(SessionAttendance).where(
            SessionAttendance.worker_id == worker.id,
            SessionAttendance.session_id.in_([s.id for s in series.sessions])))}
        goal = db.session.scalar(select(LearningGoal.text).where(
            LearningGoal.series_id == series.id, LearningGoal.worker_id == worker.id).order_by(LearningGoal.id.desc())
            .limit(1)) or ""
        found.append(Taking(series, sum(1 for s in status.values() if s == "aanwezig"),
                            [s.date for s in series.sessions if status.get(s.id) == MISSED],
                            sum(1 for s in series.sessions if s.date <= on and taking[series.id].takes(s)), goal))
    return found


def today_sessions(on: date) -> list[TrainingSession]:
    """The sessions held on `on` (the training list's first lines, and the phone's offline screens)."""
    return db.session.scalars(select(TrainingSession).where(TrainingSession.date == on)
                              .order_by(TrainingSession.id)).all()


def trainers() -> list[Staff]:
    return db.session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.name)).all()
