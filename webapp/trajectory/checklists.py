"""Checklists: a session scored blind by the supervisor, then by the worker; the gap, goals, history and export."""
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock, csvfiles
from ..auth import roles
from ..auth.models import Staff
from ..errors import Refused
from ..extensions import db
from ..translatable import _
from ..workers.models import Worker
from . import domain_ops, instruments
from .checklist_models import ChecklistGoal, ChecklistScore, ChecklistSession, Instrument, InstrumentVersion
from .checklist_rules import LEVELS, SUPERVISOR, WORKER, change, gap_order, mean_scores
from .operations import current_enrolment

GOAL_MAX = 2000  # characters of an agreed goal
HISTORY_SESSIONS = 6  # how many past sessions the chart per item shows
CSV_COLUMNS = ["external_id", "date", "instrument", "version", "item", "rater", "score", "on_paper"]


def session_or_404(session_id: int) -> ChecklistSession:
    found = db.session.get(ChecklistSession, session_id)
    if found is None:
        abort(404)
    return found


def instrument_or_none(instrument_id: int | None) -> Instrument | None:
    return db.session.get(Instrument, instrument_id) if instrument_id else None


def default_instrument(worker: Worker) -> Instrument | None:
    """The checklist of the worker's current module or Via Via phase."""
    return instruments.for_enrolment(current_enrolment(worker))


def start(worker: Worker, staff, instrument: Instrument | None, on: date, client_id: str | None) -> ChecklistSession:
    """Open a checklist session on the instrument's current version; the same form sent twice opens one."""
    if client_id and (found := db.session.scalar(select(ChecklistSession).where(ChecklistSession.client_id == client_id))):
        return found
    if instrument is None or not instrument.versions:
        raise Refused(_("Voor deze module is geen checklist."), code="instrument")
    session = ChecklistSession(worker_id=worker.id, version_id=instrument.current.id, held_on=on, by_id=staff.id,
                               client_id=client_id)
    db.session.add(session)
    db.session.commit()
    return session


def parse_scores(session: ChecklistSession, form) -> dict[str, int]:
    """The form's level per item (`score-<n>` = 1–4 for the version's n-th item); every item must have one."""
    scores, missing = {}, []
    for number, item in enumerate(session.version.items, start=1):
        raw = (form.get(f"score-{number}") or "").strip()
        if raw not in {str(level) for level in LEVELS}:
            missing.append(item.name)
        else:
            scores[item.name] = int(raw)
    if missing:
        raise Refused(_("Kies bij elk item een niveau; nog open: %(items)s.", items=", ".join(missing)),
                      code="missing", missing=missing)
    return scores


def submit_supervisor(session: ChecklistSession, staff, scores: dict[str, int]) -> None:
    """The supervisor's scores, all at once; after submitting they no longer change."""
    if session.supervisor_done_at is not None:
        return
    _store(session, SUPERVISOR, scores, staff, on_paper=False)
    session.supervisor_done_at = clock.now()
    db.session.commit()


def submit_paper(session: ChecklistSession, staff, scores: dict[str, int]) -> None:
    """The worker's scores from the paper list, typed in by the staff member and marked 'op papier'."""
    if session.worker_done_at is not None:
        return
    _store(session, WORKER, scores, staff, on_paper=True)
    session.worker_done_at, session.worker_on_paper = clock.now(), True
    db.session.commit()


def score_item(session: ChecklistSession, number: int, score: int, staff) -> None:
    """The worker's tap on one item in their turn (the last tap counts until they hand in)."""
    if session.worker_done_at is not None:
        raise Refused(_("Je hebt de lijst al ingeleverd."), code="done")
    if score not in LEVELS:
        raise Refused(_("Kies 1, 2, 3 of 4."), code="score")
    _store(session, WORKER, {session.version.items[number - 1].name: score}, staff, on_paper=False)
    db.session.commit()


def submit_worker(session: ChecklistSession) -> None:
    """The worker hands in: every item must have a score."""
    if session.worker_done_at is not None:
        return
    open_items = [i.name for i in session.version.items if i.name not in session.scores_of(WORKER)]
    if open_items:
        raise Refused(_("Nog niet alles ingevuld: %(items)s.", items=", ".join(open_items)), code="missing")
    session.worker_done_at = clock.now()
    db.session.commit()


def _store(session: ChecklistSession, rater: str, scores: dict[str, int], staff, on_paper: bool) -> None:
    existing = {s.item: s for s in session.scores if s.rater == rater}
    for item, score in scores.items():
        row = existing.get(item)
        if row is None:
            row = ChecklistScore(session_id=session.id, rater=rater, item=item)
            session.scores.append(row)
        row.score, row.on_paper, row.by_id, row.at = score, on_paper, staff.id, clock.now()


def gap(session: ChecklistSession):
    """The agenda of the conversation, only once both have handed in (blind until then)."""
    if not session.both_done:
        return []
    return gap_order(session.version.items, session.scores_of(WORKER), session.scores_of(SUPERVISOR))


def add_goal(session: ChecklistSession, staff, item: str, text: str, owner: tuple[str, int | None, str],
             due_on: date | None, client_id: str | None) -> ChecklistGoal:
    """Record what the pair agreed on an item: a goal with an owner (domain_ops.parse_owner's) and a date; a
    resent form adds one."""
    if client_id and (found := db.session.scalar(select(ChecklistGoal).where(ChecklistGoal.client_id == client_id))):
        return found
    if not session.both_done:
        raise Refused(_("Eerst moeten beiden de lijst invullen."), code="blind")
    if item not in {i.name for i in session.version.items}:
        raise Refused(_("Dit item staat niet op de lijst."), code="item")
    if not text.strip():
        raise Refused(_("Schrijf op waar jullie aan werken."), code="text")
    kind, staff_id, name = owner
    goal = ChecklistGoal(session_id=session.id, worker_id=session.worker_id, item=item, text=text.strip(),
                         owner_kind=kind, owner_staff_id=staff_id, owner_name=name, due_on=due_on, by_id=staff.id,
                         client_id=client_id)
    db.session.add(goal)
    db.session.commit()
    return goal


def goal_owners() -> list[Staff]:
    """The staff who may own a goal: supervisors and counsellors both see the checklists (the one owner rule)."""
    return domain_ops.owner_choices(supervisors_see=True)


def goal_or_404(goal_id: int) -> ChecklistGoal:
    return db.session.get(ChecklistGoal, goal_id) or abort(404)


def finish_goal(goal: ChecklistGoal, staff, on: date) -> ChecklistGoal:
    """"Afgerond": the goal leaves its owner's work list, with who and when; done stays done."""
    if goal.done_on is None:
        goal.done_on, goal.done_by_id, goal.done_at = on, staff.id, clock.now()
    return goal


def sessions_of(worker_id: int) -> list[ChecklistSession]:
    """The worker's checklist sessions, newest first."""
    return db.session.scalars(
        select(ChecklistSession).where(ChecklistSession.worker_id == worker_id)
        .options(selectinload(ChecklistSession.scores), selectinload(ChecklistSession.version))
        .order_by(ChecklistSession.held_on.desc(), ChecklistSession.id.desc())).all()


def goals_of(worker: Worker) -> list[ChecklistGoal]:
    """The worker's agreed goals: open ones first, by date (those without a date after them), then the afgeronde."""
    return db.session.scalars(select(ChecklistGoal).where(ChecklistGoal.worker_id == worker.id)
                              .order_by(ChecklistGoal.done_on.is_not(None), ChecklistGoal.due_on.is_(None),
                                        ChecklistGoal.due_on, ChecklistGoal.id)).all()


def _done(sessions: list[ChecklistSession]) -> list[ChecklistSession]:
    return [s for s in sessions if s.both_done]


def _both(session: ChecklistSession) -> dict[str, dict[str, int]]:
    scores: dict[str, dict[str, int]] = {}
    for s in session.scores:
        scores.setdefault(s.item, {})[s.rater] = s.score
    return scores


def summary(worker: Worker, sessions: list[ChecklistSession] | None = None):
    """How the items moved between the last two finished sessions of the same instrument (None with fewer)."""
    done = _done(sessions if sessions is not None else sessions_of(worker.id))
    if not done:
        return None
    latest = done[0]
    earlier = next((s for s in done[1:] if s.version.instrument_id == latest.version.instrument_id), None)
    if earlier is None:
        return None
    return change(mean_scores(_both(earlier)), mean_scores(_both(latest)), earlier.held_on)


@dataclass(frozen=True)
class Track:
    """One item's scores over the last sessions, oldest first: the dates, the worker's and the supervisor's."""

    days: list[date]
    worker: list[int | None]
    supervisor: list[int | None]


def history(session: ChecklistSession) -> dict[str, Track]:
    """Per item of this session, both raters' scores over the last finished sessions of the same instrument
    up to this one (any version: items are matched by name)."""
    earlier = [s for s in _done(sessions_of(session.worker_id))
               if s.version.instrument_id == session.version.instrument_id
               and (s.held_on, s.id) <= (session.held_on, session.id)][:HISTORY_SESSIONS]
    earlier.reverse()
    tracks = {}
    for item in session.version.items:
        per = [_both(s).get(item.name, {}) for s in earlier]
        tracks[item.name] = Track([s.held_on for s in earlier], [p.get(WORKER) for p in per],
                                  [p.get(SUPERVISOR) for p in per])
    return tracks


def export_rows(first: date, last: date) -> list[list]:
    """Every score of a session held in the period, for the CSV export."""
    rows = db.session.execute(
        select(Worker.external_id, ChecklistSession.held_on, Instrument.code, InstrumentVersion.number,
               ChecklistScore.item, ChecklistScore.rater, ChecklistScore.score, ChecklistScore.on_paper)
        .join(ChecklistSession, ChecklistSession.worker_id == Worker.id)
        .join(InstrumentVersion, InstrumentVersion.id == ChecklistSession.version_id)
        .join(Instrument, Instrument.id == InstrumentVersion.instrument_id)
        .join(ChecklistScore, ChecklistScore.session_id == ChecklistSession.id)
        .where(ChecklistSession.held_on >= first, ChecklistSession.held_on <= last)
        .order_by(ChecklistSession.held_on, Worker.external_id, ChecklistSession.id, ChecklistScore.rater.desc(),
                  ChecklistScore.id)).all()
    return [[ext, held.isoformat(), code, number, item, rater, score, "ja" if paper else "nee"]
            for ext, held, code, number, item, rater, score, paper in rows]


def csv(first: date, last: date) -> str:
    """`flask checklists export`: external_id;date;instrument;version;item;rater;score;on_paper."""
    return csvfiles.write(CSV_COLUMNS, export_rows(first, last))
