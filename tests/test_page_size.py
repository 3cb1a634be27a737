"""Pages that do not grow with their rows (issue 19): a list of 40 people is at most 40 KB of HTML before
compression. A row carries its person and its buttons, not forms and menus of its own: the list has one form and
one status sheet (templates/attendance/board.html, static/js/rows.js, statusmenu.js, undo.js)."""
from datetime import date, time

from webapp.attendance.operations import set_status
from webapp.extensions import db
from webapp.workers.models import ScheduleSlot

from . import factories

MONDAY = date(2026, 11, 23)
MAX_BYTES = 40_000
STATUSES = ["aanwezig", "te_laat", "open", "afwezig_bericht", "vroeg_weg"]


def test_a_board_of_40_people_is_at_most_40_kb(app, client, auth):
    """The Werkvloer board of 40 scheduled people, most marked (a chip, a time, a note, who changed it), as a
    supervisor sees it (the status sheet with "vroeg weg telt mee"): at most 40 KB, where one form and one menu per
    row made it ≈ 5 KB a row."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:40"
    workshop = factories.WorkshopFactory(name="Via Via", programme="viavia")
    morning = workshop.blocks[0]
    first = ["Mohammed", "Anna-Sophie", "Bram", "Cornelis", "Dewi", "Fatima", "Gerrit", "Hanneke"]
    last = ["El Amrani", "van den Berg", "de Vries", "Jansen", "Bakker-Visser", "Yılmaz", "Smit"]
    workers = [factories.WorkerFactory(first_name=first[i % 8], roepnaam=first[i % 8] if i % 4 else "Moos",
                                       last_name=last[i % 7]) for i in range(40)]
    for i, w in enumerate(workers):
        db.session.add(ScheduleSlot(worker_id=w.id, block_id=morning.id, weekday=0))
    db.session.commit()
    auth.login("supervisor")
    for i, w in enumerate(workers):
        status = STATUSES[i % len(STATUSES)]
        if status != "open":
            set_status(w.id, MONDAY, morning.id, status, at_time=time(9, 12) if status == "te_laat" else None,
                       note="bus gemist" if status == "te_laat" else "")
    db.session.commit()
    page = client.get(f"/werkvloer/{workshop.id}?blok={morning.id}&datum={MONDAY}").get_data(as_text=True)
    assert page.count('class="att-row') == 40
    assert len(page.encode()) <= MAX_BYTES, f"{len(page.encode()):,} bytes for 40 rows"


def test_a_payout_day_list_of_40_due_people_is_at_most_40_kb(app, client, auth):
    """The Loon naar Werken day list at 14:05 with 40 people who worked and none paid yet: each row a pay button
    naming its person and the card chip holding their remembered card, at most 40 KB. One form per row (its hidden
    fields, its client id, its select) made it ≈ 1.5 KB a row."""
    from webapp.payouts import operations as payout_operations

    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    payout_operations.ensure_default_rules()
    workday = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))]).blocks[0]
    first = ["Mohammed", "Anna-Sophie", "Bram", "Cornelis", "Dewi", "Fatima", "Gerrit", "Hanneke"]
    last = ["El Amrani", "van den Berg", "de Vries", "Jansen", "Bakker-Visser", "Yılmaz", "Smit"]
    workers = [factories.WorkerFactory(first_name=first[i % 8], roepnaam=first[i % 8], last_name=last[i % 7]) for i in range(40)]
    db.session.commit()
    for w in workers:
        set_status(w.id, MONDAY, workday.id, "aanwezig")
    db.session.commit()
    auth.login("supervisor")
    page = client.get(f"/uitbetaling/?datum={MONDAY}").get_data(as_text=True)
    rows = page.split('<template class="offline-row"')[0]  # the stand-in row for who arrives offline is not a row
    assert rows.count('class="pay-row state-due') == 40 and rows.count("Betaal €") == 40
    assert len(page.encode()) <= MAX_BYTES, f"{len(page.encode()):,} bytes for 40 rows"
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"  # opened in the morning: every button also says from when
    morning = client.get(f"/uitbetaling/?datum={MONDAY}").get_data(as_text=True)
    assert morning.count("kan vanaf 14:00") == 41 and len(morning.encode()) <= MAX_BYTES, f"{len(morning.encode()):,} bytes in the morning"


def test_forty_more_regulars_on_the_round_cost_at_most_20_kb(app, client, auth):
    """The round page lists each stop's regulars as one-tap buttons of the stop's one sign-up form (30 sign-ups at
    4 stops, then 40 more regulars): a regular is a button naming its person, ≈ 450 bytes, where a form per
    regular (its hidden fields, its client id, its token) cost ≈ 800."""
    from sqlalchemy import select

    from webapp.rounds.models import PickupRound, RoundStop

    app.config["DAGDEEL_NOW"] = "2026-11-23T09:35"
    factories.BusFactory(name="Bus 1", seats=8)
    factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    shelters = [factories.ShelterFactory(name=f"Opvang {i}", route_order=i + 1) for i in range(4)]
    db.session.commit()
    auth.login("assistant")
    assert client.post("/ronde/start").status_code == 302
    pickup = db.session.scalar(select(PickupRound))
    for shelter in shelters:
        if shelter.id not in {s.shelter_id for s in pickup.stops}:
            db.session.add(RoundStop(round_id=pickup.id, shelter_id=shelter.id, position=shelter.route_order))
    ok = {"uitkering": True, "postadres": True, "ingeschreven": True}

    def add(n):
        added = [factories.WorkerFactory(shelter_id=shelters[i % 4].id, **ok) for i in range(n)]
        db.session.commit()
        return added

    for w in add(70):
        if w.id % 7 < 3:
            client.post(f"/ronde/{pickup.id}/aanmelden", data={"worker_id": w.id, "shelter_id": w.shelter_id, "confirmed": "1"})

    def page():
        html = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
        return html, html.count('class="tap-row')

    before, regulars = page()
    add(40)
    after, more = page()
    assert more == regulars + 40 and before.count('class="signup-row') >= 28
    grown = len(after.encode()) - len(before.encode())
    assert grown <= 20_000, f"{grown:,} bytes for 40 more regulars"
