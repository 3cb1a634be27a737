"""The demo organisation: realistic, fictional, and loaded idempotently (`flask demo`)."""
import random
from datetime import time, timedelta

from sqlalchemy import MetaData, select, text

from . import clock
from .auth import roles
from .auth.models import Staff
from .extensions import db
from .payouts.operations import ensure_default_rules
from .org.models import Bus, DagdeelBlock, Shelter, Site, Workshop
from .trajectory import catalogue
from .attendance.operations import set_status
from .rounds.models import PickupRound, RoundStop, SignUp
from .rounds.rotation import LEFT_BEHIND
from .trajectory import demo_checklists, demo_domains, demo_outflow, demo_talks, demo_transition, demo_wezm, demo_worklist
from .trajectory import demo_kansen_op_werk, demo_zrm
from .trajectory.operations import enrol
from .workers.models import Agreement, Incident, ScheduleSlot, Worker

# Shown on the login page in demo mode only, and in the README.
ACCOUNTS = [
    ("assistent@dagdeel.test", "demo-assistent", roles.ASSISTANT, "Sanne Assistent"),
    ("werkbegeleider@dagdeel.test", "demo-werkbegeleider", roles.SUPERVISOR, "Ruud Werkbegeleider"),
    ("trajectbegeleider@dagdeel.test", "demo-trajectbegeleider", roles.COUNSELLOR, "Fatima Trajectbegeleider"),
    ("beheer@dagdeel.test", "demo-beheerder", roles.ADMIN, "Bert Beheerder"),
]
SITES = ["Heerlen", "Landgraaf", "Brunssum", "Maastricht"]
HALF_DAYS = [("ochtend", time(8, 0), time(12, 0)), ("middag", time(12, 30), time(16, 30))]
WORKSHOPS = [
    ("Loon naar Werken", "lnw", [("werkdag", time(10, 0), time(14, 0))]),
    ("Via Via", "viavia", HALF_DAYS),
] + [(name, None, HALF_DAYS) for name in
     ("Administratie", "Assemblage", "Autorestauratie", "Groen", "Hout", "Kantine/Schoonmaak", "Metaal", "Montage")]
SHELTERS = [
    ("Nachtopvang De Boei", "Kruisstraat 12, Heerlen", 1),
    ("Dag- en nachtopvang Het Anker", "Stationsplein 3, Heerlen", 2),
    ("Nachtopvang Brunssum", "Lindeplein 8, Brunssum", 3),
    ("Dagopvang Landgraaf", "Hoofdstraat 40, Landgraaf", 4),
]
FIRST = ["Jan", "Piet", "Kees", "Ruud", "Mohamed", "Ahmed", "Sjaak", "Hans", "Marco", "Dennis", "Patrick", "Mario",
         "Ingrid", "Sandra", "Linda", "Yvonne", "Ria", "Nicole", "Jos", "Harrie", "Frans", "Wim", "Bas", "Tom",
         "Stefan", "Erik", "Bianca", "Kevin", "Rachid", "Jeroen"]
LAST = ["Janssen", "Smeets", "Hermans", "Peters", "Jacobs", "Willems", "Vermeulen", "Claessens", "Dassen", "Bemelmans",
        "Kessels", "Lemmens", "Ramakers", "Schins", "Vossen", "El Idrissi", "Bakker", "de Jong", "Brouwers", "Wetzels"]
# (module code, phase, how many, workshop names they work in)
COHORTS = [("lnw", None, 16, ["Loon naar Werken"]), ("viavia", 1, 5, ["Via Via"]), ("viavia", 2, 4, ["Via Via"]),
           ("viavia", 3, 3, ["Via Via", "Kantine/Schoonmaak"]), ("viavia", 4, 2, ["Via Via", "Groen"]),
           ("gewenning", None, 9, ["Hout", "Assemblage", "Groen"]), ("algemeen", None, 8, ["Metaal", "Montage", "Hout"]),
           ("orientatie", None, 3, ["Administratie", "Autorestauratie"]), ("specifiek", None, 4, ["Autorestauratie", "Metaal"]),
           ("balans", None, 3, ["Kantine/Schoonmaak"]), ("workforce", None, 3, ["Groen"])]
AGREEMENTS = ["Meldt zich af vóór 09:00 bij ziekte.", "Geen voorschot: uitbetaling alleen na het werk.",
              "Proeftijd: rijdt vaste dagen mee met de bus.", "Komt niet onder invloed; anders naar huis."]
# Assemblage, "een veertigtal medewerkers": a crew that comes every weekday morning, numbered A001…, with
# last names of their own so that the two Door Peters are the only namesakes the demo adds on purpose.
CREW_SIZE = 36
CREW_LAST = ["Aarts", "Beckers", "Coenen", "Creemers", "Dohmen", "Erens", "Frijns", "Geurts", "Habets", "Houben",
             "Jongen", "Kleijnen", "Lardinois", "Maessen", "Meertens", "Nijsten", "Offermans", "Pluijmen", "Quaedvlieg",
             "Rutten", "Senden", "Thewissen", "Ubachs", "Vaessen", "Wolters", "Xhonneux", "Zinzen"]
TWINS = [("Dorothea", "Door", "Peters"), ("Theodorus", "Door", "Peters")]
INCIDENTS = ["Kwam te laat en ging in discussie met collega.", "Vroeg om voorschot; afspraak herhaald.",
             "Goed meegewerkt bij het opruimen van de hal."]


def _get_or_add(model, defaults=None, **keys):
    found = db.session.scalar(select(model).filter_by(**keys))
    if found is None:
        found = model(**keys, **(defaults or {}))
        db.session.add(found)
        db.session.flush()
    return found


def drop_everything() -> None:
    """Drop every table of the configured database (the migrations build them again): `flask demo --reset`."""
    db.session.remove()
    tables = MetaData()
    tables.reflect(db.engine)
    tables.drop_all(db.engine)
    if db.engine.dialect.name == "postgresql":  # the append-only triggers' function outlives its tables
        with db.engine.begin() as connection:
            connection.execute(text("DROP FUNCTION IF EXISTS dagdeel_append_only() CASCADE"))


def load() -> None:
    """Create whatever part of the demo organisation is missing; changes nothing that exists."""
    catalogue.load_all()
    ensure_default_rules()
    sites = {name: _get_or_add(Site, name=name) for name in SITES}
    home = sites["Heerlen"]
    for email, password, role, name in ACCOUNTS:
        if db.session.scalar(select(Staff).where(Staff.email == email)) is None:
            staff = Staff(email=email, name=name, role=role, sites=[home])
            staff.set_password(password)
            db.session.add(staff)
    workshops = {}
    for name, programme, blocks in WORKSHOPS:
        workshop = _get_or_add(Workshop, {"programme": programme}, site_id=home.id, name=name)
        for block_name, start, end in blocks:
            _get_or_add(DagdeelBlock, {"starts_at": start, "ends_at": end}, workshop_id=workshop.id, name=block_name)
        workshops[name] = workshop
    shelters = [_get_or_add(Shelter, {"address": a, "route_order": o, "site_id": home.id}, name=n) for n, a, o in SHELTERS]
    _get_or_add(Bus, {"seats": 8, "site_id": home.id}, name="Bus 1")
    _get_or_add(Bus, {"seats": 8, "site_id": home.id}, name="Bus 2")
    _workers(workshops, shelters)
    _crew(workshops["Assemblage"])
    db.session.flush()
    _history(workshops)
    _crew_history(workshops["Assemblage"])
    demo_outflow.load()
    db.session.commit()
    demo_worklist.load_worklist()  # first: it gives the counsellor her workers (and stops once she has any)
    demo_talks.load_talks()
    demo_transition.load()
    demo_domains.load()
    demo_checklists.load()
    demo_kansen_op_werk.load()
    demo_wezm.load()
    demo_zrm.load()


def _workers(workshops, shelters) -> None:
    rng = random.Random(2012)  # the year of the method description: same demo every time
    today = clock.today()
    number = 0
    for code, phase_number, count, workshop_names in COHORTS:
        for _ in range(count):
            number += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            since = today - timedelta(days=rng.randint(3, 300))
            roepnaam = first if rng.random() < 0.7 else rng.choice(["Sjef", "Toon", "Mieke", "Bep", "Lei", "Door"])
            if db.session.scalar(select(Worker.id).where(Worker.external_id == f"D{number:03d}")):
                continue
            worker = Worker(
                external_id=f"D{number:03d}", first_name=first, last_name=last, roepnaam=roepnaam,
                phone=f"06-{rng.randint(10000000, 99999999)}", shelter_id=rng.choice(shelters).id if code in ("lnw", "viavia") else None,
                uitkering=rng.random() < 0.85, postadres=rng.random() < 0.8, ingeschreven=rng.random() < 0.9,
                travel_cents=rng.choice([0, 0, 230, 460]) if code != "lnw" else 0,
            )
            db.session.add(worker)
            db.session.flush()
            module, phase = catalogue.find(code, phase_number)
            enrol(worker, module, phase, since, commit=False)
            _schedule(worker, [workshops[n] for n in workshop_names], code, rng)
            if rng.random() < 0.35:
                text = rng.choice(AGREEMENTS)
                db.session.add(Agreement(worker_id=worker.id, text=text, rides_bus=text.startswith("Proeftijd")))
            if rng.random() < 0.25:
                db.session.add(Incident(worker_id=worker.id, text=rng.choice(INCIDENTS),
                                        occurred_at=clock.now() - timedelta(days=rng.randint(0, 20))))


def _crew(workshop) -> None:
    """The Assemblage crew: every weekday morning, some afternoons too."""
    rng = random.Random(40)
    today = clock.today()
    module, phase = catalogue.find("algemeen", None)
    people = TWINS + [(f, f, rng.choice(CREW_LAST)) for f in (rng.choice(FIRST) for _ in range(CREW_SIZE - len(TWINS)))]
    morning, afternoon = workshop.blocks
    for number, (first, roepnaam, last) in enumerate(people, start=1):
        afternoons = rng.random() < 0.5
        if db.session.scalar(select(Worker.id).where(Worker.external_id == f"A{number:03d}")):
            continue
        worker = Worker(external_id=f"A{number:03d}", first_name=first, last_name=last, roepnaam=roepnaam,
                        phone=f"06-{rng.randint(10000000, 99999999)}", uitkering=True, postadres=True, ingeschreven=True)
        db.session.add(worker)
        db.session.flush()
        enrol(worker, module, phase, today - timedelta(days=rng.randint(20, 300)), commit=False)
        for day in range(5):
            db.session.add(ScheduleSlot(worker_id=worker.id, block_id=morning.id, weekday=day))
            if afternoons:
                db.session.add(ScheduleSlot(worker_id=worker.id, block_id=afternoon.id, weekday=day))


def _schedule(worker, workshops, code, rng) -> None:
    """Loon naar Werken expects nobody in advance; the others get a few dagdelen a week."""
    if code == "lnw":
        return
    if code == "viavia":  # Via Via pays from 4 dagdelen a week: most come most mornings
        for day in sorted(rng.sample(range(5), rng.randint(3, 5))):
            morning, afternoon = workshops[0].blocks
            db.session.add(ScheduleSlot(worker_id=worker.id, block_id=morning.id, weekday=day))
            if rng.random() < 0.4:
                db.session.add(ScheduleSlot(worker_id=worker.id, block_id=afternoon.id, weekday=day))
        return
    days = sorted(rng.sample(range(5), rng.randint(3, 5)))
    for day in days:
        workshop = rng.choice(workshops)
        for block in workshop.blocks[: rng.choice([1, 2, 2])]:
            db.session.add(ScheduleSlot(worker_id=worker.id, block_id=block.id, weekday=day))


def _history(workshops) -> None:
    """The last two weeks: bus rounds with Loon naar Werken workdays, and scheduled dagdelen attended,
    so that regulars, the rotation and the week counts have something to go on."""
    today = clock.today()
    bus = db.session.scalar(select(Bus).where(Bus.name == "Bus 1"))
    block = workshops["Loon naar Werken"].blocks[0]
    lnw = db.session.scalars(select(Worker).where(Worker.shelter_id.is_not(None), Worker.intake_pending.is_(False))
                             .order_by(Worker.external_id)).all()
    lnw = [w for w in lnw if w.current_enrolment and w.current_enrolment.module.code == "lnw"]
    shelters = db.session.scalars(select(Shelter).order_by(Shelter.route_order)).all()
    crew = set(db.session.scalars(select(Worker.id).where(Worker.external_id.like("A%"))))
    for days_ago in range(14, 0, -1):
        day = today - timedelta(days=days_ago)
        if day.weekday() >= 5 or db.session.scalar(select(PickupRound.id).where(PickupRound.date == day)):
            continue
        rng = random.Random(day.toordinal())
        pickup = PickupRound(date=day, bus_id=bus.id, stops=[RoundStop(shelter_id=s.id, position=i) for i, s in enumerate(shelters)])
        db.session.add(pickup)
        db.session.flush()
        came = rng.sample(lnw, min(len(lnw), rng.randint(6, 11)))
        over = len(came) > bus.seats
        for i, worker in enumerate(came):
            rides = i < bus.seats
            db.session.add(SignUp(round_id=pickup.id, worker_id=worker.id, shelter_id=worker.shelter_id, date=day,
                                  selected=rides if over else None, boarded_at=clock.now() if rides else None,
                                  selection_reason="" if rides else str(LEFT_BEHIND)))
            if rides:
                set_status(worker.id, day, block.id, "aanwezig", note="ophaalronde Bus 1")
        for slot in db.session.scalars(select(ScheduleSlot).where(ScheduleSlot.weekday == day.weekday())):
            if slot.worker_id in crew:
                continue
            status = rng.choices(["aanwezig", "te_laat", "afwezig_bericht", "afwezig_zonder_bericht"], [80, 8, 7, 5])[0]
            set_status(slot.worker_id, day, slot.block_id, status)


def _crew_history(workshop) -> None:
    """The crew's last two weeks, with its own dice so that the other workers' history stays as it was."""
    today = clock.today()
    ids = [b.id for b in workshop.blocks]
    for days_ago in range(14, 0, -1):
        day = today - timedelta(days=days_ago)
        if day.weekday() >= 5:
            continue
        rng = random.Random(day.toordinal() * 40)
        for slot in db.session.scalars(select(ScheduleSlot).join(Worker).order_by(ScheduleSlot.worker_id, ScheduleSlot.block_id)
                                       .where(ScheduleSlot.weekday == day.weekday(), ScheduleSlot.block_id.in_(ids),
                                              Worker.external_id.like("A%"))):
            status = rng.choices(["aanwezig", "te_laat", "afwezig_bericht", "afwezig_zonder_bericht"], [85, 6, 6, 3])[0]
            set_status(slot.worker_id, day, slot.block_id, status)
