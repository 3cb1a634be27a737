"""Demo life domains: four of the demo counsellor's resocialisation workers with their eight domains partly filled
in, action points (one of hers due this week, on her work list as an actiepunt; one of schuldhulpverlening overdue;
one of the worker's own) and an overleg a week ago, so that the overleg shows what changed since. Idempotent:
every row has a fixed client id."""
import uuid
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from .domain_models import ActionPoint, ActionVersion, DomainVersion, LifeDomain, OverlegMark
from .models import Enrolment, Module

COUNSELLOR = "trajectbegeleider@dagdeel.test"
# Per worker: (domain, status, situation, goals) as set three weeks ago, and changes two days ago.
DOMAINS = [
    [("wonen", "knelpunt", "Slaapt in de nachtopvang, wil een eigen kamer.", "Ingeschreven bij de woningcorporatie"),
     ("schulden", "aandacht", "Twee betalingsachterstanden (zorgverzekering, telefoon).", "Overzicht van alle schulden"),
     ("dagbesteding", "stabiel", "Komt vier ochtenden per week.", ""),
     ("verslaving_gezondheid", "aandacht", "Blowt 's avonds; niet voor of tijdens het werk.", "Minderen, afspraak bij de huisarts")],
    [("inkomen", "knelpunt", "Uitkering gestopt na een gemiste afspraak.", "Uitkering weer op gang"),
     ("sociaal", "stabiel", "Goed contact met zijn zus.", ""),
     ("justitie", "aandacht", "Taakstraf van 40 uur loopt nog.", "Taakstraf afronden voor de zomer")],
    [("dagbesteding", "aandacht", "Komt wisselend, vaak te laat.", "Drie ochtenden op tijd"),
     ("zingeving", "stabiel", "Gaat op zondag naar de moskee.", "")],
    [("wonen", "stabiel", "Woont begeleid, met een eigen kamer.", ""),
     ("schulden", "knelpunt", "Beslag op de uitkering.", "Aanmelden bij schuldhulpverlening")],
]
LATER = {0: ("wonen", "aandacht", "Staat op de wachtlijst voor een kamer bij het Leger des Heils.",
             "Ingeschreven bij de woningcorporatie\nWekelijks bellen met de wachtlijst")}


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dagdeel-demo/domains/{name}"))


def load() -> None:
    """Life domains, action points and a past overleg for the first four of the counsellor's resocialisation workers."""
    counsellor = db.session.scalar(select(Staff).where(Staff.email == COUNSELLOR))
    domains = {d.code: d for d in db.session.scalars(select(LifeDomain))}
    if counsellor is None or not domains or db.session.scalar(
            select(DomainVersion.id).where(DomainVersion.client_id == _id("0/0"))):
        return
    now, today = clock.now(), clock.today()
    people = db.session.scalars(
        select(Worker).join(Enrolment, (Enrolment.worker_id == Worker.id) & Enrolment.end_date.is_(None))
        .join(Module, Module.id == Enrolment.module_id)
        .where(Worker.active.is_(True), Worker.counsellor_id == counsellor.id, Module.code.in_(("lnw", "viavia")))
        .order_by(Worker.external_id).limit(len(DOMAINS))).all()
    for number, (person, rows) in enumerate(zip(people, DOMAINS)):
        for position, (code, status, situation, goals) in enumerate(rows):
            db.session.add(DomainVersion(worker_id=person.id, domain_id=domains[code].id, status=status,
                                         situation=situation, goals=goals, by_id=counsellor.id,
                                         at=now - timedelta(days=21), client_id=_id(f"{number}/{position}")))
        if number in LATER:
            code, status, situation, goals = LATER[number]
            db.session.add(DomainVersion(worker_id=person.id, domain_id=domains[code].id, status=status,
                                         situation=situation, goals=goals, by_id=counsellor.id,
                                         at=now - timedelta(days=2), client_id=_id(f"{number}/later")))
        db.session.add(OverlegMark(worker_id=person.id, note="Besproken in het weekoverleg", by_id=counsellor.id,
                                   at=now - timedelta(days=7), client_id=_id(f"{number}/overleg")))
    if people:
        first = people[0]
        _action(first, domains["wonen"], "Bellen met de woningcorporatie over de inschrijving", "staff", counsellor,
                "", today + timedelta(days=2), None, counsellor, now - timedelta(days=3), "a1")
        _action(first, domains["schulden"], "Aanmelding schuldhulpverlening afronden", "extern", None,
                "schuldhulpverlening", today - timedelta(days=4), None, counsellor, now - timedelta(days=21), "a2")
        _action(first, domains["verslaving_gezondheid"], "Afspraak maken bij de huisarts", "medewerker", None, "",
                today + timedelta(days=10), None, counsellor, now - timedelta(days=21), "a3")
    if len(people) > 1:
        _action(people[1], domains["inkomen"], "Samen naar het UWV voor de uitkering", "staff", counsellor, "",
                today - timedelta(days=5), today - timedelta(days=1), counsellor, now - timedelta(days=10), "a4")
    db.session.commit()


def _action(person, domain, text, kind, owner, owner_name, due, done, by, at, key) -> None:
    point = ActionPoint(worker_id=person.id, domain_id=domain.id, created_at=at, client_id=_id(key))
    point.versions.append(ActionVersion(text=text, owner_kind=kind, owner_staff_id=owner.id if owner else None,
                                        owner_name=owner_name, due_on=due, by_id=by.id, at=at))
    if done is not None:
        point.versions.append(ActionVersion(text=text, owner_kind=kind, owner_staff_id=owner.id if owner else None,
                                            owner_name=owner_name, due_on=due, done_on=done, by_id=by.id,
                                            at=at + timedelta(days=9)))
    db.session.add(point)
