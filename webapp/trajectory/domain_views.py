"""The eight life domains and the team overleg: a worker's domain (situation, status, goals, action points) and the
overleg list where each worker is marked "besproken".

Office forms, never queued offline and never cached (tests/test_replay_walk.py NOT_QUEUED, offline/scope.py):
each form carries a one-time client_id, so a double tap or a resubmitted page adds one version. Life-domain
content is for counsellors and, per domain (the method file), supervisors; never for assistants."""
from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, params, parse
from ..auth import roles
from ..auth.access import allow
from ..attendance import floor
from ..audit.operations import listed, record
from ..errors import Refused, refused_as
from ..extensions import db
from . import access, bp, domain_ops, domains

DEFAULT_DUE_DAYS = 7  # a new action point: due in a week unless changed


@bp.route("/trajecten/medewerker/<int:worker_id>/leefgebied/<domain>", methods=["GET", "POST"])
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def domain(worker_id: int, domain: str):
    """One life domain of a worker: situation, status and goals, its action points and its history."""
    person, area = access.worker_or_403(worker_id, current_user), domain_ops.domain_or_404(domain, current_user)
    if request.method == "GET":
        record("view", person, f"leefgebied {area.code}")
        db.session.commit()
        return _page(person, area)
    try:
        domain_ops.save_domain(person, area, current_user, request.form.get("status", ""),
                               request.form.get("situation", ""), request.form.get("goals", ""), params.client_id_arg())
    except Refused as refusal:
        db.session.rollback()
        return _page(person, area, errors={refusal.code: refusal.message}, typed=request.form), 422
    db.session.commit()
    flash(_("%(domain)s opgeslagen.", domain=area.name), "ok")
    return redirect(url_for("trajectory.domain", worker_id=person.id, domain=area.code), code=303)


@bp.post("/trajecten/medewerker/<int:worker_id>/leefgebied/<domain>/actiepunt")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def action_add(worker_id: int, domain: str):
    """Add an action point: what, who picks it up, and by when."""
    person, area = access.worker_or_403(worker_id, current_user), domain_ops.domain_or_404(domain, current_user)
    form = request.form
    try:
        text, owner, due = _action_form(area)
        domain_ops.add_action(person, area, current_user, text, owner, due, params.client_id_arg())
    except Refused as refusal:
        db.session.rollback()
        return _page(person, area, action_errors={refusal.code: refusal.message}, action_typed=form), 422
    db.session.commit()
    return _to_actions(person.id, area.code, _("Actiepunt toegevoegd."))


def _to_actions(worker_id: int, code: str, said: str):
    """Back to a domain's action points, scrolled to them, with what was done said there (not at the page's top,
    out of sight: the `actiepunten` flash category, templates/trajectory/domain.html)."""
    flash(said, "actiepunten")
    return redirect(url_for("trajectory.domain", worker_id=worker_id, domain=code, _anchor="actiepunten"), code=303)


@bp.post("/trajecten/actiepunt/<int:action_id>/gedaan")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def action_done(action_id: int):
    """Tick an action point done today: it leaves the work list. Ticked on the work list (`werklijst`: its filter),
    back to the work list, without the row; else back to the domain's action points, the confirmation among them."""
    point = domain_ops.action_or_404(action_id, current_user)
    access.refuse_unless(current_user, point.worker_id)
    domain_ops.tick_action(point, current_user, clock.today(), params.client_id_arg())
    db.session.commit()
    if request.form.get("werklijst"):
        flash(_("Actiepunt afgevinkt: %(action)s.", action=point.versions[-1].text), "ok")
        return redirect(url_for("trajectory.worklist", filter=request.form.get("werklijst"),
                                dagen=params.id_arg("dagen")), code=303)
    return _to_actions(point.worker_id, point.domain.code, _("Actiepunt afgevinkt."))


@bp.route("/trajecten/actiepunt/<int:action_id>", methods=["GET", "POST"])
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def action_edit(action_id: int):
    """One action point: change its text, owner or due date (a new version), and what each version changed."""
    point = domain_ops.action_or_404(action_id, current_user)
    person = access.worker_or_403(point.worker_id, current_user)
    if request.method == "GET":
        record("view", person, f"actiepunt {point.domain.code}")
        db.session.commit()
        return _action_page(person, point)
    try:
        text, owner, due = _action_form(point.domain)
        domain_ops.edit_action(point, current_user, text, owner, due, params.client_id_arg())
    except Refused as refusal:
        db.session.rollback()
        return _action_page(person, point, {refusal.code: refusal.message}, request.form), 422
    db.session.commit()
    return _to_actions(person.id, point.domain.code, _("Actiepunt gewijzigd."))


@bp.post("/trajecten/actiepunt/<int:action_id>/heropen")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def action_reopen(action_id: int):
    """Reopen a done action point: it is open again, and back on its owner's work list."""
    point = domain_ops.action_or_404(action_id, current_user)
    access.refuse_unless(current_user, point.worker_id)
    domain_ops.reopen_action(point, current_user, params.client_id_arg())
    db.session.commit()
    return _to_actions(point.worker_id, point.domain.code, _("Actiepunt heropend."))


@bp.get("/trajecten/overleg")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def overleg():
    """The team overleg: per workshop or counsellor, each worker's domains at a glance, what changed since they
    were last discussed, and the open action points."""
    choice = _overleg_choice()
    seen = access.clause(current_user)  # a workshop of another site, or a counsellor's elsewhere: only my team's
    people = (domain_ops.workers_of_workshop(choice["werkplaats"], seen) if choice["werkplaats"]
              else domain_ops.workers_of_counsellor(choice["begeleider"], seen) if choice["begeleider"] else [])
    rows = domain_ops.overleg(people, current_user, clock.today())
    hidden = 0 if choice["alle"] else sum(not row.to_discuss for row in rows)
    rows = rows if choice["alle"] else [row for row in rows if row.to_discuss]
    record("view_overleg", None, f"werkplaats {choice['werkplaats']}" if choice["werkplaats"]
           else f"trajectbegeleider {choice['begeleider']}")
    db.session.commit()
    listed("het overleg", [row.worker.id for row in rows])  # one line per worker shown a day, like every list
    return render_template("trajectory/overleg.html", rows=rows, hidden=hidden, choice=choice,
                           domains=domain_ops.visible(current_user),
                           workshops=domain_ops.workshops(current_user), counsellors=domain_ops.counsellors(),
                           letters=domains.STATUS_LETTERS)


@bp.post("/trajecten/overleg/<int:worker_id>/besproken")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def discussed(worker_id: int):
    """Mark a worker as discussed in the overleg, with a short note."""
    person = access.worker_or_403(worker_id, current_user)
    choice = _overleg_choice()
    domain_ops.mark_discussed(person, current_user, request.form.get("note", ""), params.client_id_arg())
    db.session.commit()
    flash(_("%(name)s besproken.", name=person.display_name), "ok")
    args = {k: v for k, v in choice.items() if v}
    return redirect(url_for("trajectory.overleg", **args, _anchor=f"w{person.id}"), code=303)


def _overleg_choice() -> dict:
    """Whose overleg: a workshop (`werkplaats`) or a counsellor's workers (`begeleider`); a counsellor's own by
    default, a supervisor's own workshop (domain_ops.own_workshop). Only the workers with something to discuss
    unless `alle=1`."""
    workshop, counsellor = params.id_arg("werkplaats"), params.id_arg("begeleider")
    if not workshop and not counsellor:
        if current_user.role == roles.COUNSELLOR:
            counsellor = current_user.id
        else:
            workshop = domain_ops.own_workshop(current_user, floor.remembered())
    return {"werkplaats": workshop, "begeleider": None if workshop else counsellor,
            "alle": 1 if parse.flag(request.values.get("alle")) else None}


def _action_form(area):
    """The action point form's text, owner and due date (a Refused naming the field when one is wrong)."""
    form = request.form
    with refused_as("due"):
        due = params.optional_day_arg("due_on", field="datum")
    owner = domain_ops.parse_owner(form.get("owner", ""), form.get("owner_name", ""),
                                   {s.id for s in domain_ops.owners(area)})
    return form.get("text", ""), owner, due


def _action_page(person, point, errors=None, typed=None):
    """The action point's edit form and its history; after a refused form with what was typed."""
    now = point.versions[-1]
    owner = f"staff:{now.owner_staff_id}" if now.owner_kind == "staff" else now.owner_kind
    values = typed or {"text": now.text, "owner": owner, "owner_name": now.owner_name, "due_on": now.due_on.isoformat()}
    return render_template("trajectory/action.html", worker=person, point=point, now=now, values=values,
                           errors=errors or {}, owners=domain_ops.owners(point.domain),
                           owner=domain_ops.owner_words(now, person),
                           changes=domain_ops.action_history(point, person))


def _page(person, area, errors=None, typed=None, action_errors=None, action_typed=None):
    """The domain page; after a refused form with what was typed and the reason beside its field."""
    today = clock.today()
    versions = domain_ops.history(person, area)
    now = versions[-1] if versions else None
    values = typed or {"status": now.status if now else "", "situation": now.situation if now else "",
                       "goals": now.goals if now else ""}
    action_values = action_typed or {"owner": f"staff:{current_user.id}", "owner_name": "", "text": "",
                                     "due_on": (today + timedelta(days=DEFAULT_DUE_DAYS)).isoformat()}
    changes = domains.domain_changes([domains.DomainState(area.name, v.at, v.by.name if v.by else "", v.status,
                                                          v.situation, v.goals) for v in versions])
    return render_template("trajectory/domain.html", worker=person, area=area, values=values, errors=errors or {},
                           action_values=action_values, action_errors=action_errors or {},
                           actions=domain_ops.actions(person, [area.id], today), owners=domain_ops.owners(area),
                           changes=list(reversed(changes)), statuses=domains.STATUSES, today=today)
