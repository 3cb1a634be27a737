"""Checklists scored blind: the supervisor's turn, the worker's turn on the same phone, the gap as agenda.

Office forms, never queued offline (tests/test_replay_walk.py NOT_QUEUED) and never cached (offline/scope.py lists
only the daily screens). While the worker has the phone (`session[TURN]`), every other page leads back to the
worker's turn; leaving it needs the staff member's password. Every answer in the turn carries a `Dagdeel-Turn`
header, so that the service worker, offline, shows no kept page either (templates/offline/sw.js)."""
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, params, parse
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import record
from ..errors import Refused, refused_as
from ..extensions import db, limiter
from ..workers import queries as workers
from . import access, bp, checklists, domain_ops
from . import instruments
from .checklist_rules import WORKER, change_line, chart_points

TURN = "checklist_turn"  # the session id whose worker's turn this phone is in
TURN_ENDPOINTS = {"trajectory.checklist_worker", "trajectory.checklist_worker_submit", "trajectory.checklist_unlock",
                  "static", "offline.service_worker", "offline.manifest", "offline.offline_page",
                  "offline.turn_page", "auth.login", "auth.logout"}
TURN_HEADER = "Dagdeel-Turn"  # on every answer while the phone is in a worker's turn: the checklist session's id
# The access log's "namens wie" (NEN 7513) for what happens in the worker's turn and for scores from paper.
IN_TURN = "de medewerker zelf, in de eigen beurt op deze telefoon"
FROM_PAPER = "namens de medewerker: scores van papier overgenomen"
STAFF = (roles.SUPERVISOR, roles.COUNSELLOR)


@bp.before_app_request
def keep_the_worker_in_their_turn():
    """The phone is in the worker's hands: any other page goes back to their turn (leaving needs the password)."""
    turn = session.get(TURN)
    if turn and request.endpoint != "trajectory.checklist_unlock":  # the password is the staff member's own act
        g.on_behalf = IN_TURN  # the access log: the worker acts, on the staff member's session
    elsewhere = request.endpoint is not None and request.endpoint not in TURN_ENDPOINTS
    if turn and (elsewhere or (request.view_args or {}).get("session_id") not in (None, turn)):
        # back where the worker left off (after a tap on a link, or the network coming back)
        number = _resume(checklists.session_or_404(turn))
        return redirect(url_for("trajectory.checklist_worker", session_id=turn, number=number), 303)
    return None


@bp.after_app_request
def mark_the_turn(response):
    """Tell the service worker the phone is in the worker's hands: until an answer without this header, offline it
    shows the turn's own offline page for every page, never a kept one (sw.js)."""
    if turn := session.get(TURN):
        response.headers[TURN_HEADER] = str(turn)
    return response


@bp.post("/trajecten/medewerker/<int:worker_id>/checklist")
@allow(*STAFF)
def checklist_start(worker_id: int):
    """Start a checklist for a worker: their module's, or the one chosen."""
    worker = access.worker_or_403(worker_id, current_user)
    chosen = checklists.instrument_or_none(params.id_arg("instrument")) or checklists.default_instrument(worker)
    started = checklists.start(worker, current_user, chosen, clock.today(), params.client_id_arg())
    record("checklist_start", worker, f"checklist {started.id} ({started.version.instrument.code})")
    db.session.commit()
    return redirect(url_for("trajectory.checklist_staff", session_id=started.id))


@bp.route("/trajecten/checklist/<int:session_id>/begeleider", methods=["GET", "POST"])
@allow(*STAFF)
def checklist_staff(session_id: int):
    """The supervisor's turn: every item with its four level texts, one tap each."""
    sitting = _sitting(session_id)
    if sitting.supervisor_done_at is not None:
        return redirect(url_for("trajectory.checklist_handover", session_id=sitting.id))
    return _staff_scores(sitting, "staff", checklists.submit_supervisor, "werkbegeleider", "werkbegeleider",
                         "trajectory.checklist_handover")


@bp.route("/trajecten/checklist/<int:session_id>/geef-door", methods=["GET", "POST"])
@allow(*STAFF)
def checklist_handover(session_id: int):
    """'Geef de telefoon aan Bas': from here the phone shows only the worker's turn, at the first item they have not
    scored (after a turn stopped halfway, the page says how far they got)."""
    sitting = _sitting(session_id)
    if sitting.supervisor_done_at is None:
        return redirect(url_for("trajectory.checklist_staff", session_id=sitting.id))
    if sitting.both_done:
        return redirect(url_for("trajectory.checklist_gap", session_id=sitting.id))
    if request.method == "POST":
        session[TURN] = sitting.id
        record("checklist_handover", _worker(sitting), f"checklist {sitting.id}")
        db.session.commit()
        return redirect(url_for("trajectory.checklist_worker", session_id=sitting.id, number=_resume(sitting)))
    record("view", _worker(sitting), f"checklist {sitting.id}: doorgeven")
    db.session.commit()
    return render_template("trajectory/checklist_handover.html", sitting=sitting, worker=_worker(sitting),
                           scored=len(sitting.scores_of(WORKER)), total=len(sitting.version.items),
                           resume=_resume(sitting))


@bp.route("/trajecten/checklist/<int:session_id>/medewerker/<int:number>", methods=["GET", "POST"])
@allow(*STAFF)
def checklist_worker(session_id: int, number: int):
    """The worker's turn: one item per screen, four big buttons, never the supervisor's scores."""
    sitting = _sitting(session_id)
    if session.get(TURN) != sitting.id:
        return redirect(url_for("trajectory.checklist_handover", session_id=sitting.id))
    items = sitting.version.items
    if not 1 <= number <= len(items) + 1:
        return redirect(url_for("trajectory.checklist_worker", session_id=sitting.id, number=_resume(sitting)))
    if request.method == "POST" and number <= len(items):
        score = parse.count(request.form.get("score"), field="score", limit=4)
        checklists.score_item(sitting, number, score, current_user)
        record("checklist_score", _worker(sitting), f"checklist {sitting.id}: medewerker, item {number}")
        db.session.commit()
        return redirect(url_for("trajectory.checklist_worker", session_id=sitting.id, number=number + 1))
    record("view", _worker(sitting), f"checklist {sitting.id}: medewerker, item {number}")
    db.session.commit()
    own = sitting.scores_of(WORKER)
    return render_template("trajectory/checklist_worker.html", sitting=sitting, items=items, step=number, own=own,
                           item=items[number - 1] if number <= len(items) else None)


@bp.post("/trajecten/checklist/<int:session_id>/medewerker/klaar")
@allow(*STAFF)
def checklist_worker_submit(session_id: int):
    """The worker hands in their list; then the phone goes back to the staff member (with the password)."""
    sitting = _sitting(session_id)
    if session.get(TURN) != sitting.id:
        return redirect(url_for("trajectory.checklist_handover", session_id=sitting.id))
    checklists.submit_worker(sitting)
    record("checklist_score", _worker(sitting), f"checklist {sitting.id}: medewerker ingeleverd")
    db.session.commit()
    return redirect(url_for("trajectory.checklist_unlock", session_id=sitting.id))


def _unlock_failed(response) -> bool:
    return g.get("unlock_failed", False)


def _unlock_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _unlock_key() -> str:
    return f"unlock:{current_user.get_id()}"


@bp.route("/trajecten/checklist/<int:session_id>/terug", methods=["GET", "POST"])
@limiter.limit(_unlock_limit, key_func=_unlock_key, methods=["POST"], deduct_when=_unlock_failed)
@allow(*STAFF)
def checklist_unlock(session_id: int):
    """Hand the phone back (or stop the worker's turn early): the staff member's password."""
    sitting = _sitting(session_id)
    if session.get(TURN) != sitting.id:
        return redirect(url_for("trajectory.checklist_handover", session_id=sitting.id))
    if request.method == "POST":
        if current_user.check_password(request.form.get("password", "")):
            session.pop(TURN, None)
            record("checklist_unlock", _worker(sitting), f"checklist {sitting.id}")
            db.session.commit()
            return redirect(url_for("trajectory.checklist_gap" if sitting.both_done else "trajectory.checklist_handover",
                                    session_id=sitting.id))
        g.unlock_failed = True
        record("checklist_unlock_failed", _worker(sitting), f"checklist {sitting.id}")
        db.session.commit()
        return _unlock_page(sitting, _("Dat wachtwoord klopt niet.")), 422
    return _unlock_page(sitting, None)


def _resume(sitting) -> int:
    """The first item the worker has not scored yet (one past the last when all are)."""
    own = sitting.scores_of(WORKER)
    items = sitting.version.items
    return next((n for n, item in enumerate(items, start=1) if item.name not in own), len(items) + 1)


def _unlock_page(sitting, error: str | None):
    """The password form; 'Verder met invullen' goes back to the first item the worker has not scored yet."""
    return render_template("trajectory/checklist_unlock.html", sitting=sitting, error=error, resume=_resume(sitting))


@bp.route("/trajecten/checklist/<int:session_id>/papier", methods=["GET", "POST"])
@allow(*STAFF)
def checklist_paper(session_id: int):
    """The worker filled in the list on paper: the staff member enters those scores, marked 'op papier'."""
    sitting = _sitting(session_id)
    if sitting.worker_done_at is not None or sitting.supervisor_done_at is None:
        return redirect(url_for("trajectory.checklist_gap", session_id=sitting.id))
    return _staff_scores(sitting, "paper", checklists.submit_paper, "medewerker op papier", "papier",
                         "trajectory.checklist_gap")


def _staff_scores(sitting, rater: str, submit, scored: str, viewed: str, then: str):
    """The scores a staff member enters (their own, or the worker's from paper): the form, or its submission and on
    to `then`; a refusal shows the form again with what was tapped."""
    if request.method == "POST":
        try:
            submit(sitting, current_user, checklists.parse_scores(sitting, request.form))
        except Refused as refusal:  # the form again, what was tapped kept, each item still open named on top
            open_items = refusal.details.get("missing", [])
            return render_template("trajectory/checklist_staff.html", sitting=sitting, rater=rater,
                                   worker=_worker(sitting), open_items=open_items,
                                   problems=_open_problems(sitting, open_items) or [(None, refusal.message)]), 422
        record("checklist_score", _worker(sitting), f"checklist {sitting.id}: {scored}",
               on_behalf=FROM_PAPER if rater == "paper" else "")
        db.session.commit()
        return redirect(url_for(then, session_id=sitting.id))
    record("view", _worker(sitting), f"checklist {sitting.id}: {viewed}")
    db.session.commit()
    return render_template("trajectory/checklist_staff.html", sitting=sitting, rater=rater, worker=_worker(sitting))


def _open_problems(sitting, open_items: list[str]) -> list[tuple[str, str]]:
    """The error summary's lines for the items without a level: each links to the item's first level."""
    return [(f"score-{n}-1", _("%(n)s. %(item)s: kies een niveau.", n=n, item=item.name))
            for n, item in enumerate(sitting.version.items, start=1) if item.name in open_items]


@bp.get("/trajecten/checklist/<int:session_id>")
@allow(*STAFF)
def checklist_gap(session_id: int):
    """The gap as the agenda: both scores side by side, the biggest difference first, and what we agreed."""
    return _gap_page(session_id, "trajectory/checklist_gap.html")


@bp.get("/trajecten/checklist/<int:session_id>/afdruk")
@allow(*STAFF)
def checklist_print(session_id: int):
    """The gap and the agreed goals on paper, for the worker to take home."""
    return _gap_page(session_id, "trajectory/checklist_print.html")


@bp.post("/trajecten/checklist/<int:session_id>/afspraak")
@allow(*STAFF)
def checklist_goal(session_id: int):
    """What we work on for one item: the goal, who does it (a staff member, the worker, or an outside party), and
    by when. A refusal shows the gap again with that item's form open, what was typed kept and the reason on top."""
    sitting = _sitting(session_id)
    form = request.form
    try:
        goal = _goal_form(sitting)
    except Refused as refusal:
        db.session.rollback()
        return _gap_page(sitting.id, "trajectory/checklist_gap.html", typed=form,
                         errors={refusal.code: refusal.message}), 422
    checklists.add_goal(sitting, current_user, form.get("item", ""), *goal, params.client_id_arg())
    record("checklist_goal", _worker(sitting), f"checklist {sitting.id}: {form.get('item', '')[:200]}")
    db.session.commit()
    return redirect(url_for("trajectory.checklist_gap", session_id=sitting.id) + "#afspraken")


def _goal_form(sitting):
    """The goal form's text, owner and due date, each checked before anything is written (a Refused naming the
    field when one is wrong)."""
    form = request.form
    with refused_as("text"):
        text = parse.text(form.get("text"), limit=checklists.GOAL_MAX)
    if not text:
        raise Refused(_("Schrijf op waar jullie aan werken."), code="text")
    owner = domain_ops.parse_owner(form.get("owner", ""), form.get("owner_name", ""),
                                   {s.id for s in checklists.goal_owners()})
    with refused_as("due"):
        due = params.optional_day_arg("due_on", field="datum")
    return text, owner, due


@bp.post("/trajecten/doel/<int:goal_id>/afgerond")
@allow(*STAFF)
def checklist_goal_done(goal_id: int):
    """"Afgerond" on an agreed goal, one tap on the trajectory page: it leaves its owner's work list."""
    goal = checklists.goal_or_404(goal_id)
    access.refuse_unless(current_user, goal.worker_id)
    checklists.finish_goal(goal, current_user, clock.today())
    record("checklist_goal_done", workers.get_or_404(goal.worker_id), f"doel {goal.id}: {goal.item[:200]}")
    db.session.commit()
    flash(_("Doel afgerond."), "ok")
    return redirect(url_for("trajectory.worker", worker_id=goal.worker_id, _anchor="checklists"), code=303)


@bp.app_template_global()
def goal_owner(goal, worker) -> str:
    """Who owns an agreed goal, in the words an action point's owner has."""
    return domain_ops.owner_words(goal, worker)


def _gap_page(session_id: int, template: str, typed=None, errors=None):
    """The gap (or its print); after a refused goal form, that item's form open with what was typed and why."""
    sitting = _sitting(session_id)
    record("view", _worker(sitting), f"checklist {sitting.id}: {template.rsplit('_', 1)[-1].removesuffix('.html')}")
    db.session.commit()
    return render_template(template, sitting=sitting, worker=_worker(sitting), lines=checklists.gap(sitting),
                           tracks=checklists.history(sitting) if sitting.both_done else {}, chart_points=chart_points,
                           today=clock.today(), owners=checklists.goal_owners() if sitting.both_done else [],
                           typed=typed or {}, errors=errors or {}, goal_max=checklists.GOAL_MAX)


@bp.app_template_global()
def open_checklist_goals(worker) -> list:
    """The agreed goals not yet afgerond, for the trajectory page's Plan (the Checklists section lists them all)."""
    return [goal for goal in checklists.goals_of(worker) if goal.done_on is None]


@bp.app_template_global()
def checklist_panel(worker) -> dict:
    """What the trajectory page shows of the checklists: the sessions, how the items moved, the agreed goals."""
    sessions = checklists.sessions_of(worker.id)
    moved = checklists.summary(worker, sessions)
    return {"sessions": sessions[:5], "summary": change_line(moved) if moved else None,
            "goals": checklists.goals_of(worker), "instruments": instruments.all_instruments(),
            "default": checklists.default_instrument(worker)}


def _sitting(session_id: int):
    """The checklist session, when its worker is one this staff member may see (trajectory/access.py)."""
    sitting = checklists.session_or_404(session_id)
    access.refuse_unless(current_user, sitting.worker_id)
    return sitting


def _worker(sitting):
    return workers.get_or_404(sitting.worker_id)
