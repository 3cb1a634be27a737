"""Paying out: the day and week lists, refusals, offline duplicates, reversals, the cash check, rules, exports."""
import re
import threading
from datetime import date, time, timedelta

import pytest
from flask_login import login_user
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import event, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from webapp.attendance.models import Attendance
from webapp.attendance.operations import Refused as AttendanceRefused, set_status
from webapp.extensions import db
from webapp.payouts import export, operations, queries
from webapp.payouts.models import CashBox, LedgerLine, PayoutRule
from webapp.workers.models import Incident

from . import factories
from .conftest import between

MONDAY = date(2026, 11, 23)
WEEK = "2026-W48"
TAPPED_OFFLINE = "2026-11-23T13:00:00Z"  # Monday 14:00 in Amsterdam, before the org fixture's 14:05


@pytest.fixture
def org(app):
    """Loon naar Werken (werkdag 10:00–14:00) and Via Via (ochtend, middag), the seed's rules, Monday 14:05."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    operations.ensure_default_rules()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia")
    db.session.commit()
    return {"lnw": lnw.blocks[0], "morning": viavia.blocks[0], "afternoon": viavia.blocks[1]}


def worked(org, status="aanwezig", day=MONDAY, **worker):
    w = factories.WorkerFactory(**worker)
    set_status(w.id, day, org["lnw"].id, status)
    db.session.commit()
    return w


def pay(client, worker, programme="lnw", unit=MONDAY.isoformat(), **extra):
    return client.post("/uitbetaling/betalen", headers={"HX-Request": "true"},
                       data={"worker_id": worker.id, "programme": programme, "unit": unit, "voucher_type": "maaltijd", **extra})


def test_day_list_shows_only_who_worked_and_pays_once(org, client, auth):
    sjef, kees = worked(org, roepnaam="Sjef"), worked(org, "afwezig_zonder_bericht", roepnaam="Kees")
    auth.login("assistant")
    page = client.get("/uitbetaling/").get_data(as_text=True)
    assert "Sjef" in page and "Kees" not in page and "Betaal €\u00a06,00 +\u00a0kaart" in page
    response = pay(client, sjef)
    assert response.status_code == 200 and re.search(r"✓ Betaald \d\d:\d\d · maaltijd</span>\s*<small class=\"paid-what\">€\u00a06,00 \+ kaart",
                                                     response.get_data(as_text=True))
    again = pay(client, sjef)
    assert again.status_code == 422 and "is al betaald door" in again.get_data(as_text=True)
    assert pay(client, kees).status_code == 422
    line = db.session.scalar(select(LedgerLine))
    assert (line.premium_cents, line.vouchers, line.voucher_type, line.paid_by_id) == (600, 1, "maaltijd", auth.staff.id)
    assert line.rule_id == db.session.scalar(select(PayoutRule.id).where(PayoutRule.programme == "lnw"))


def test_no_payout_before_the_work_is_done(org, client, auth, app):
    sjef = worked(org)
    app.config["DAGDEEL_NOW"] = "2026-11-23T13:30"
    auth.login("assistant")
    response = pay(client, sjef)
    assert response.status_code == 422 and "Uitbetaling kan pas na ma 23 nov 14:00" in response.get_data(as_text=True)
    tomorrow = pay(client, sjef, unit="2026-11-24")
    assert tomorrow.status_code == 422 and "Geen aanwezigheid gevonden" in tomorrow.get_data(as_text=True)
    assert db.session.scalar(select(LedgerLine)) is None


def test_left_early_is_not_paid_unless_a_supervisor_grants_it(org, client, auth):
    toon = worked(org, "vroeg_weg", roepnaam="Toon")
    auth.login("supervisor")
    assert "niet uitbetaald — vroeg weg" in client.get("/uitbetaling/").get_data(as_text=True)
    assert pay(client, toon).status_code == 422
    client.post("/uitbetaling/lnw/toestaan", data={"worker_id": toon.id, "datum": MONDAY.isoformat(), "reason": ""})
    assert pay(client, toon).status_code == 422
    client.post("/uitbetaling/lnw/toestaan", data={"worker_id": toon.id, "datum": MONDAY.isoformat(), "reason": "tandarts, was afgesproken"})
    assert pay(client, toon).status_code == 200
    assert "tandarts, was afgesproken" in db.session.scalar(select(Incident.text))


def _week(org, worker, dagdelen):
    blocks = [org["morning"], org["afternoon"]]
    for i in range(dagdelen):
        set_status(worker.id, MONDAY + timedelta(days=i // 2), blocks[i % 2].id, "aanwezig")
    db.session.commit()


def test_via_via_week_list_and_friday_payout(org, client, auth, app):
    three, four, ten = (factories.WorkerFactory(roepnaam=n, travel_cents=230) for n in ("Drie", "Vier", "Tien"))
    db.session.commit()
    for w, n in ((three, 3), (four, 4), (ten, 10)):
        _week(org, w, n)
    auth.login("assistant")
    entries = {e.worker.roepnaam: e for e in queries.viavia_week(WEEK)}
    assert {k: (e.due.premium_cents, e.due.travel_cents) for k, e in entries.items()} == {
        "Drie": (0, 460), "Vier": (1200, 460), "Tien": (2700, 1150)}
    assert pay(client, four, "viavia", WEEK).status_code == 422  # Monday: the week is not over
    app.config["DAGDEEL_NOW"] = "2026-11-27T16:31"
    assert pay(client, four, "viavia", WEEK).status_code == 200
    assert pay(client, three, "viavia", WEEK).status_code == 200  # travel only
    page = client.get(f"/uitbetaling/viavia?week={WEEK}").get_data(as_text=True)
    assert "3 dagdelen — onder de 4, geen premie; reiskosten €\u00a04,60" in page


def test_the_via_via_week_list_per_workshop(org, client, auth, app):
    """An assistant pays the people of their own workshop: the list shows who worked there this week, with
    the week's dagdelen over all Via Via workshops. 'Alle werkplaatsen' shows everyone; the phone's workshop
    (remembered from the board) is the default."""
    garden = factories.WorkshopFactory(name="Tuin", programme="viavia")
    both, bike_only, garden_only = (factories.WorkerFactory(roepnaam=n) for n in ("Beide", "Fiets", "Tuinier"))
    db.session.commit()
    for offset in range(3):
        set_status(both.id, MONDAY + timedelta(days=offset), org["morning"].id, "aanwezig")
        set_status(bike_only.id, MONDAY + timedelta(days=offset), org["morning"].id, "aanwezig")
        set_status(garden_only.id, MONDAY + timedelta(days=offset), garden.blocks[0].id, "aanwezig")
    set_status(both.id, MONDAY + timedelta(days=3), garden.blocks[1].id, "aanwezig")
    db.session.commit()
    bikes = org["morning"].workshop_id
    assert {e.worker.roepnaam: e.due.dagdelen for e in queries.viavia_week(WEEK, workshop_id=garden.id)} == {"Beide": 4, "Tuinier": 3}
    auth.login("assistant")

    def listed(url):
        page = client.get(url).get_data(as_text=True)
        return {n for n in ("Beide", "Fiets", "Tuinier") if f"<strong>{n}" in page}, page

    assert listed(f"/uitbetaling/viavia?week={WEEK}")[0] == {"Beide", "Fiets", "Tuinier"}  # no workshop remembered
    names, page = listed(f"/uitbetaling/viavia?week={WEEK}&werkplaats={garden.id}")
    assert names == {"Beide", "Tuinier"} and "4 dagdelen" in page and f'werkplaats={garden.id}" aria-current' not in page
    assert 'aria-current="page">Tuin</a>' in page.replace("\n", "").replace("  ", "")
    client.get(f"/werkvloer/{bikes}")  # this phone works at the bike workshop now
    assert listed(f"/uitbetaling/viavia?week={WEEK}")[0] == {"Beide", "Fiets"}
    assert listed(f"/uitbetaling/viavia?week={WEEK}&werkplaats=alle")[0] == {"Beide", "Fiets", "Tuinier"}


def test_a_payment_reads_only_its_own_line_however_long_the_list(org, client, auth, app):
    """A pay tap answers with one line: it must not compute the whole week list (700 people at full scale)."""
    from webapp.workers.models import Worker

    app.config["DAGDEEL_NOW"] = "2026-11-27T16:31"
    auth.login("assistant")
    people = [factories.WorkerFactory(roepnaam=f"P{i}") for i in range(30)]
    db.session.commit()
    for w in people:
        _week(org, w, 4)
    ids = [w.id for w in people]
    loaded, seen = [], []
    on_load = lambda target, context: loaded.append(target.id)  # noqa: E731
    on_query = lambda *args: seen.append(1)  # noqa: E731
    event.listen(Worker, "load", on_load)
    event.listen(db.engine, "before_cursor_execute", on_query)
    try:
        db.session.expunge_all()
        response = client.post("/uitbetaling/betalen", headers={"HX-Request": "true"},
                               data={"worker_id": ids[3], "programme": "viavia", "unit": WEEK})
    finally:
        event.remove(Worker, "load", on_load)
        event.remove(db.engine, "before_cursor_execute", on_query)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count('class="pay-row') == 1 and f'id="pay-{ids[3]}"' in page
    assert set(loaded) == {ids[3]}


def test_moving_from_loon_naar_werken_to_via_via_mid_week(org):
    """Days in Loon naar Werken are paid per day; the Via Via week counts only its own dagdelen."""
    mover = factories.WorkerFactory(travel_cents=230)
    db.session.commit()
    set_status(mover.id, MONDAY, org["lnw"].id, "aanwezig")
    set_status(mover.id, MONDAY + timedelta(days=1), org["lnw"].id, "aanwezig")
    for offset, block in ((2, "morning"), (3, "morning"), (3, "afternoon")):
        set_status(mover.id, MONDAY + timedelta(days=offset), org[block].id, "aanwezig")
    db.session.commit()
    assert [e.due.premium_cents for e in queries.lnw_day(MONDAY)] == [600]
    week = queries.viavia_week(WEEK)[0].due
    assert (week.dagdelen, week.premium_cents, week.travel_cents) == (3, 0, 460)


def test_offline_duplicate_is_kept_flagged_and_shown_in_the_cash_check(org, client, auth, app):
    sjef = worked(org, roepnaam="Sjef")
    auth.login("assistant")
    assert pay(client, sjef).status_code == 200
    # tapped on a phone without network at 14:00, before the payout above reached the server at 14:05
    offline_tap = dict(offline="1", client_id="0f0f0f0f-0000-4000-8000-000000000002", device_at=TAPPED_OFFLINE)
    response = pay(client, sjef, **offline_tap)
    assert response.status_code == 200 and "Dubbel betaald" in response.get_data(as_text=True)
    pay(client, sjef, **offline_tap)  # replayed: once
    lines = db.session.scalars(select(LedgerLine).order_by(LedgerLine.id)).all()
    assert [(l.duplicate, l.premium_cents) for l in lines] == [(False, 600), (True, 600)]
    page = client.get("/uitbetaling/kas").get_data(as_text=True)
    assert "Dubbel betaald (1)" in page and "−\u00a0€\u00a012,00" in page


def test_reversal_keeps_the_original_unlocks_attendance_and_allows_paying_again(org, client, auth):
    sjef = worked(org)
    auth.login("assistant")
    pay(client, sjef)
    line = db.session.scalar(select(LedgerLine))
    with pytest.raises(AttendanceRefused, match="al uitbetaald"):
        set_status(sjef.id, MONDAY, org["lnw"].id, "afwezig_bericht")
    db.session.rollback()
    no_reason = client.post(f"/uitbetaling/regel/{line.id}/terugboeken", data={"reason": " "})
    assert no_reason.status_code == 422 and "Geef een reden" in no_reason.get_data(as_text=True)
    assert client.post(f"/uitbetaling/regel/{line.id}/terugboeken", data={"reason": "verkeerde persoon"}).status_code == 302
    lines = db.session.scalars(select(LedgerLine).order_by(LedgerLine.id)).all()
    assert [(l.kind, l.premium_cents, l.vouchers, l.reverses_id) for l in lines] == [
        ("payout", 600, 1, None), ("reversal", -600, -1, line.id)]
    kas = client.get(f"/uitbetaling/kas?datum={MONDAY}").get_data(as_text=True)
    assert "−\u00a0€\u00a06,00 · −1 kaart" in kas and "-1 kaart" not in kas  # the card back: the money's minus
    set_status(sjef.id, MONDAY, org["lnw"].id, "te_laat")
    db.session.commit()
    assert pay(client, sjef).status_code == 200
    assert db.session.scalar(select(func.sum(LedgerLine.premium_cents))) == 600


def test_ledger_lines_cannot_be_changed_or_deleted(org, client, auth):
    sjef = worked(org)
    auth.login("assistant")
    pay(client, sjef)
    line = db.session.scalar(select(LedgerLine))
    line.premium_cents = 1
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(LedgerLine)))
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(func.count(LedgerLine.id))) == 1


@pytest.mark.parametrize("statement", ["UPDATE ledger_line SET premium_cents = 1",
                                       "UPDATE ledger_line SET reason = 'weg'", "DELETE FROM ledger_line"])
def test_the_database_itself_refuses_changing_or_deleting_a_ledger_line(org, client, auth, statement):
    """Plain SQL from any client (a console, a script, another app) is refused by the database's own trigger."""
    sjef = worked(org)
    auth.login("assistant")
    pay(client, sjef)
    db.session.remove()
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert db.session.scalar(select(func.sum(LedgerLine.premium_cents))) == 600


def test_cash_check_to_the_cent_and_sign_off_locks(org, client, auth, app):
    a, b = worked(org), worked(org)
    assistant = auth.login("assistant")
    box = operations.box_for(assistant.id, MONDAY)
    db.session.commit()
    client.post(f"/uitbetaling/kas/{box.id}/begin", data={"amount": "50,00", "vouchers": "10"})
    pay(client, a)
    pay(client, b)
    client.post(f"/uitbetaling/kas/{box.id}/tellen", data={"amount": "37,50", "vouchers": "8"})
    client.post("/uitloggen")
    auth.login("supervisor")
    refused = client.post(f"/uitbetaling/kas/{box.id}/aftekenen", follow_redirects=True)
    assert "Er is een verschil" in refused.get_data(as_text=True)
    # Adding the missing note does not mean typing the count again: the form holds what was counted.
    assert 'name="amount" inputmode="decimal" value="37,50"' in refused.get_data(as_text=True)
    assert 'name="vouchers" inputmode="numeric" value="8"' in refused.get_data(as_text=True)
    client.post(f"/uitbetaling/kas/{box.id}/tellen", data={"amount": "37,50", "vouchers": "8", "note": "€ 0,50 fooi in de kas"})
    page = client.get("/uitbetaling/kas").get_data(as_text=True)
    assert "€\u00a038,00" in page and "€\u00a00,50" in page  # expected 50 − 12; difference −0,50
    client.post(f"/uitbetaling/kas/{box.id}/aftekenen")
    db.session.expire_all()
    assert queries.box(assistant.id, MONDAY).signed_off_at is not None
    check = queries.balance(queries.box(assistant.id, MONDAY))
    assert (check.expected_cents, check.difference_cents, check.voucher_difference) == (3800, -50, 0)
    client.post("/uitloggen")
    auth.client.environ_base.pop("HTTP_X_CSRFTOKEN")
    from .conftest import csrf_token

    client.post("/inloggen", data={"email": assistant.email, "password": factories.PASSWORD, "csrf_token": csrf_token(client)})
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(client)
    late = worked(org)
    listed = client.get("/uitbetaling/").get_data(as_text=True)  # the list offers no payment that would be refused
    assert "Je kas van vandaag is afgetekend" in listed and "kas afgetekend" in listed and "tap-pay" not in listed
    refused = pay(client, late)
    assert refused.status_code == 422 and "al afgetekend" in refused.get_data(as_text=True)


def test_the_list_asks_for_the_opening_amount_before_paying_out_of_an_uncounted_box(org, client, auth):
    """Paying from a cash box nobody counted in the morning leaves the evening's count nothing to start from: the
    list says so, with the way to the Kas, and still pays (the money has left the box either way)."""
    sjef = worked(org, roepnaam="Sjef")
    assistant = auth.login("assistant")
    notice = "Je kas heeft nog geen beginbedrag"
    page = client.get("/uitbetaling/").get_data(as_text=True)
    assert notice in page and 'href="/uitbetaling/kas">Beginbedrag invullen' in page
    assert pay(client, sjef).status_code == 200
    box = operations.box_for(assistant.id, MONDAY)
    db.session.commit()
    client.post(f"/uitbetaling/kas/{box.id}/begin", data={"amount": "50,00", "vouchers": "10"})
    assert notice not in client.get("/uitbetaling/").get_data(as_text=True)


def test_a_new_rule_version_applies_from_its_date_and_old_payouts_keep_theirs(org, client, auth, app):
    first = worked(org)
    auth.login("assistant")
    pay(client, first)
    client.post("/uitloggen")
    auth.login("admin")
    bad = client.post("/uitbetaling/regels", data={"programme": "lnw", "effective_from": "2026-11-24", "amount": "zeven",
                                                   "min_units": "1", "max_units": "1", "vouchers": "1"})
    assert bad.status_code == 422 and "Schrijf een bedrag als 4,60." in bad.get_data(as_text=True)
    client.post("/uitbetaling/regels", data={"programme": "lnw", "effective_from": "2026-11-24", "amount": "7,00",
                                             "min_units": "1", "max_units": "1", "vouchers": "1"})
    client.post("/uitloggen")
    app.config["DAGDEEL_NOW"] = "2026-11-24T14:05"
    tuesday = worked(org, day=date(2026, 11, 24))
    auth.login("assistant")
    pay(client, tuesday, unit="2026-11-24")
    lines = db.session.scalars(select(LedgerLine).order_by(LedgerLine.id)).all()
    assert [l.premium_cents for l in lines] == [600, 700]
    assert lines[0].rule_id != lines[1].rule_id


def test_the_lists_state_the_rule_in_force_on_their_day_or_week(org, client, auth, app):
    """The amounts above the lists are the effective-dated rule's, not text: a new version shows from its date."""
    db.session.add(PayoutRule(programme="lnw", effective_from=date(2026, 11, 24), amount_cents=700, min_units=1,
                              max_units=1, vouchers=2, travel=False, early_leave_paid=False))
    db.session.add(PayoutRule(programme="viavia", effective_from=date(2026, 11, 30), amount_cents=350, min_units=3,
                              max_units=8, vouchers=0, travel=False, early_leave_paid=False))
    db.session.commit()
    auth.login("assistant")
    monday = client.get("/uitbetaling/").get_data(as_text=True)
    tuesday = client.get("/uitbetaling/?datum=2026-11-24").get_data(as_text=True)
    assert "€\u00a06,00 en een kaart per gewerkte dag, uit te betalen na het werk" in monday
    assert "€\u00a07,00 en 2 kaarten per gewerkte dag" in tuesday
    this_week = client.get(f"/uitbetaling/viavia?week={WEEK}").get_data(as_text=True)
    next_week = client.get("/uitbetaling/viavia?week=2026-W49").get_data(as_text=True)
    assert "€\u00a03,00 per dagdeel vanaf 4 dagdelen, hoogstens 9; reiskosten per gewerkte dag. Uit te betalen" in this_week
    assert "€\u00a03,50 per dagdeel vanaf 3 dagdelen, hoogstens 8. Uit te betalen" in next_week


def test_the_day_list_pages_to_earlier_working_days(org, client, auth, app):
    """Friday's unpaid Loon naar Werken days are one tap back from Monday's list (weekends skipped); today has no
    "next"."""
    auth.login("assistant")
    monday = client.get("/uitbetaling/").get_data(as_text=True)  # the org's clock: Monday 23 November 2026
    assert 'href="/uitbetaling/?datum=2026-11-20"' in monday and "datum=2026-11-24" not in monday
    friday = client.get("/uitbetaling/?datum=2026-11-20").get_data(as_text=True)
    assert 'href="/uitbetaling/?datum=2026-11-23"' in friday and 'href="/uitbetaling/?datum=2026-11-19"' in friday


def test_export_reproduces_every_euro(org, client, auth, runner, app):
    paid, reversed_ = worked(org, roepnaam="Betaald"), worked(org, roepnaam="Terug")
    worked(org, roepnaam="Open")
    worked(org, "vroeg_weg", roepnaam="Vroeg")
    auth.login("assistant")
    pay(client, paid)
    pay(client, paid, offline="1", device_at=TAPPED_OFFLINE)
    pay(client, reversed_)
    line = db.session.scalar(select(LedgerLine).where(LedgerLine.worker_id == reversed_.id))
    client.post(f"/uitbetaling/regel/{line.id}/terugboeken", data={"reason": "fout"})
    result = runner.invoke(args=["payouts", "export", "--from", "2026-11-23", "--to", "2026-11-23"])
    lines = result.output.strip().splitlines()
    assert lines[0] == ";".join(export.COLUMNS)
    by_status = {}
    for row in lines[1:]:
        cells = row.split(";")
        by_status.setdefault(cells[9], []).append((cells[2].split()[0], int(cells[5])))
    assert sorted(by_status) == ["due", "duplicate", "not_eligible", "paid", "reversed"]
    # a reversed payout leaves the day owed again
    assert sorted(by_status["due"]) == [("Open", 600), ("Terug", 600)] and by_status["not_eligible"] == [("Vroeg", 0)]
    assert sorted(by_status["reversed"]) == [("Terug", -600), ("Terug", 600)]
    ledger_sum = db.session.scalar(select(func.sum(LedgerLine.premium_cents + LedgerLine.travel_cents)))
    exported_sum = sum(c for s in ("paid", "reversed", "duplicate") for _, c in by_status[s])
    assert exported_sum == ledger_sum == 1200
    cash_page = client.get("/uitbetaling/kas").get_data(as_text=True)
    assert "−\u00a0€\u00a018,00" in cash_page and "+ €\u00a06,00" in cash_page  # paid incl. duplicate; reversal


def test_two_phones_paying_at_once_get_one_paid_and_one_refusal(org, app, database_url):
    """Two staff press "betaald" for the same person at the same moment: the database lets one through."""
    sjef = worked(org)
    staff = [factories.StaffFactory(role="assistant") for _ in range(2)]
    db.session.commit()
    barrier, results = threading.Barrier(2), []

    def press(member_id):
        with app.test_request_context():
            login_user(db.session.get(type(staff[0]), member_id))
            barrier.wait()
            try:
                operations.pay(sjef.id, "lnw", MONDAY.isoformat(), "slaaphuis")
                results.append("paid")
            except operations.Refused as refusal:
                results.append(str(refusal))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press, args=(s.id,)) for s in staff]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[1] == "paid" and "al betaald" in sorted(results)[0]
    assert db.session.scalar(select(func.count(LedgerLine.id))) == 1


def test_one_assistant_on_two_devices_pays_from_one_cash_box(org, app):
    """An assistant's tablet, on another server, opens her day's cash box (its first payout) between this server's
    look for the box and its write: her payment here is made from that same box, not refused with an error."""
    sjef = worked(org)
    member = factories.StaffFactory(role="assistant")
    db.session.commit()

    def tablet_opens_the_box(other):
        other.execute(insert(CashBox).values(staff_id=member.id, date=MONDAY, note="", opening_cents=5000))
        other.commit()

    with app.test_request_context(), between(r"\bFROM cash_box\b", tablet_opens_the_box) as opened:
        login_user(member)
        line = operations.pay(sjef.id, "lnw", MONDAY.isoformat(), "slaaphuis")
    assert opened, "the tablet opened the box in between"
    box = db.session.scalar(select(CashBox).execution_options(populate_existing=True))
    assert db.session.scalar(select(func.count(CashBox.id))) == 1
    assert (line.cash_box_id, box.opening_cents) == (box.id, 5000)


def test_a_tap_after_a_colleagues_payout_on_another_server_is_refused(org, app):
    """Sjef is marked absent on one server while a colleague pays his day on another, a moment earlier: the tap,
    which looked before the payout was there, is refused (the day is paid), not written over a paid day."""
    sjef = worked(org)
    payer = factories.StaffFactory(role="assistant")
    db.session.commit()

    def colleague_pays(other):
        box = other.execute(insert(CashBox).values(staff_id=payer.id, date=MONDAY, note="")).inserted_primary_key[0]
        other.execute(insert(LedgerLine).values(worker_id=sjef.id, programme="lnw", unit=MONDAY.isoformat(), unit_date=MONDAY,
                                                dagdelen=1, premium_cents=600, cash_box_id=box, paid_by_id=payer.id))
        other.commit()

    with between(r"\bFROM attendance\b", colleague_pays) as paid, pytest.raises(AttendanceRefused, match="al uitbetaald"):
        set_status(sjef.id, MONDAY, org["lnw"].id, "afwezig_zonder_bericht")
    assert paid
    db.session.rollback()
    assert db.session.scalar(select(Attendance.status).where(Attendance.worker_id == sjef.id)) == "aanwezig"


def test_a_payout_holds_the_day_against_a_tap_on_another_server(org, app, database_url):
    """While Sjef's day is being paid on one server, a colleague's tap marking him absent on another waits for the
    payout (and is then refused as paid): no one is paid for a day that was just marked absent."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's; several servers need PostgreSQL")
    sjef = worked(org)
    member = factories.StaffFactory(role="assistant")
    db.session.commit()
    colleague = []

    def colleague_taps(other):
        other.execute(text("SET LOCAL lock_timeout = '300ms'"))
        try:
            other.execute(update(Attendance).where(Attendance.worker_id == sjef.id).values(status="afwezig_zonder_bericht"))
            other.commit()
            colleague.append("marked absent")
        except DBAPIError:
            other.rollback()
            colleague.append("waited")

    with app.test_request_context(), between(r"\bFROM attendance\b(?![^;]*FOR UPDATE)", colleague_taps):
        login_user(member)
        operations.pay(sjef.id, "lnw", MONDAY.isoformat(), "slaaphuis")
    assert colleague == ["waited"]
    assert db.session.scalar(select(Attendance.status).where(Attendance.worker_id == sjef.id)) == "aanwezig"


ACTIONS = st.lists(st.tuples(st.sampled_from(["pay", "pay_offline", "reverse"]), st.integers(0, 2)), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ACTIONS)
def test_ledger_invariants_under_any_sequence(org, app, actions):
    """Whatever staff do, at most one payout counts per unit, reversals net to zero, and each box's
    balance reproduces from its lines alone."""
    workers = [worked(org) for _ in range(3)]
    member = factories.StaffFactory(role="assistant")
    db.session.commit()
    with app.test_request_context():
        login_user(member)
        for action, index in actions:
            worker = workers[index]
            try:
                if action == "reverse":
                    line = queries.counted_payout(worker.id, "lnw", MONDAY.isoformat())
                    if line:
                        operations.reverse(line, "test")
                else:
                    operations.pay(worker.id, "lnw", MONDAY.isoformat(), "slaaphuis", offline=action == "pay_offline")
            except operations.Refused:
                db.session.rollback()
        for worker in workers:
            lines = db.session.scalars(select(LedgerLine).where(LedgerLine.worker_id == worker.id)).all()
            counted = [l for l in lines if l.kind == "payout" and not l.duplicate and l.reversal is None]
            assert len(counted) <= 1
            for l in lines:
                if l.kind == "reversal":
                    original = db.session.get(LedgerLine, l.reverses_id)
                    assert original.cash_cents + l.cash_cents == 0
        box = queries.box(member.id, MONDAY)
        if box:
            check = queries.balance(box)
            total = db.session.scalar(select(func.sum(LedgerLine.premium_cents + LedgerLine.travel_cents))
                                      .where(LedgerLine.cash_box_id == box.id)) or 0
            assert check.paid_cents - check.reversed_cents == total


def test_the_export_of_a_year_takes_as_many_queries_as_the_export_of_a_day(org, client, auth, app):
    """The finance office exports a year: the query count must not grow with the number of days and weeks."""
    from sqlalchemy import event

    worked(org, roepnaam="Jaar")
    auth.login("supervisor")

    def queries_for(start: str, end: str) -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            response = client.get(f"/uitbetaling/export.csv?van={start}&tot={end}")
            assert response.status_code == 200 and response.get_data()  # streamed: read to the end
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    assert queries_for("2026-01-01", "2026-12-31") == queries_for("2026-11-16", "2026-11-29")  # a year, two weeks


def test_the_lists_find_a_reversal_by_index_after_analyze(org, client, auth):
    """A ledger of mostly unreversed lines: after ANALYZE, SQLite must not scan the ledger for each line's
    reversal (it did at ten years of lines: 44 s for one day list). PostgreSQL keeps NULLs out of its statistics."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite query-planner check")
    from sqlalchemy import event

    auth.login("assistant")
    for i in range(30):
        assert pay(client, worked(org, roepnaam=f"Nr{i}")).status_code == 200
    db.session.execute(db.text("ANALYZE"))
    statements = []
    listener = lambda conn, cursor, sql, params, *rest: statements.append((sql, params))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert len(queries.lnw_day(MONDAY)) == 30
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    sql, params = next((s, p) for s, p in statements if "ledger_line_1.reverses_id" in s)
    plan = [row[-1] for row in db.session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert not any(step.startswith("SCAN ledger_line") for step in plan), plan


def test_the_pay_button_says_what_it_does_and_from_when(org, client, auth, app):
    """Before the end of the workday the button names the amount and the card and says from when it opens;
    after paying the line reads '✓ Betaald 14:05 · maaltijd', not a button."""
    sjef = worked(org, roepnaam="Sjef")
    auth.login("assistant")
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"
    morning = client.get("/uitbetaling/").get_data(as_text=True)
    button = re.search(r'<button class="btn btn-primary tap-pay"[^>]*>(.*?)</button>', morning, re.S)
    assert 'aria-disabled="true"' in button.group(0)
    assert "Betaal €\u00a06,00 +\u00a0kaart" in button.group(1) and "kan vanaf 14:00" in button.group(1)
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    assert 'aria-disabled' not in re.search(r'<button class="btn btn-primary tap-pay"[^>]*>', client.get("/uitbetaling/").get_data(as_text=True)).group(0)
    paid = pay(client, sjef).get_data(as_text=True)
    assert "✓ Betaald 14:05 · maaltijd" in paid and "tap-pay" not in paid


def test_via_via_offers_a_button_only_where_something_is_due(org, client, auth, app):
    """Below 4 dagdelen travel is still due (a button); without travel nothing is; one dagdeel is singular."""
    travels, walks = factories.WorkerFactory(roepnaam="Reist", travel_cents=230), factories.WorkerFactory(roepnaam="Loopt", travel_cents=0)
    db.session.commit()
    _week(org, travels, 1)
    _week(org, walks, 2)
    app.config["DAGDEEL_NOW"] = "2026-11-27T16:31"
    auth.login("assistant")
    page = client.get(f"/uitbetaling/viavia?week={WEEK}").get_data(as_text=True)
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<li class="pay-row[^"]*" id="pay-\d+"[^>]*>\s*<div class="pay-who"><strong>(\w+).*?</li>', page, re.S)}
    assert "1 dagdeel — onder de 4, geen premie; reiskosten €\u00a02,30" in rows["Reist"] and "Betaal €\u00a02,30" in rows["Reist"]
    assert "2 dagdelen — onder de 4" in rows["Loopt"] and "tap-pay" not in rows["Loopt"] and "niets te betalen" in rows["Loopt"]


def test_a_corrected_float_or_count_keeps_the_old_value_in_the_log(org, client, auth):
    """The box's fields are overwritten when corrected; the access log keeps each old → new (issue 18)."""
    from webapp.audit.models import AccessLog

    assistant = auth.login("assistant", name="Sanne")
    box = operations.box_for(assistant.id, MONDAY)
    db.session.commit()
    client.post(f"/uitbetaling/kas/{box.id}/begin", data={"amount": "50,00", "vouchers": "10"})
    client.post(f"/uitbetaling/kas/{box.id}/begin", data={"amount": "60,00", "vouchers": "10"})
    client.post(f"/uitbetaling/kas/{box.id}/tellen", data={"amount": "60,00", "vouchers": "10"})
    client.post(f"/uitbetaling/kas/{box.id}/tellen", data={"amount": "55,00", "vouchers": "9", "note": "geteld"})
    opened = db.session.scalars(select(AccessLog.detail).where(AccessLog.action == "cash_open").order_by(AccessLog.id)).all()
    counted = db.session.scalars(select(AccessLog.detail).where(AccessLog.action == "cash_count").order_by(AccessLog.id)).all()
    assert opened[-1] == f"kas Sanne {MONDAY}: opening_cents: 5000 → 6000"
    assert "counted_cents: 6000 → 5500" in counted[-1] and "vouchers_returned: 10 → 9" in counted[-1]
    assert len(opened) == 2 and len(counted) == 2


def test_a_mark_taken_back_is_not_paid_and_a_paid_one_cannot_be_taken_back(org, client, auth):
    """A wrong 'aanwezig' undone before the payout is no payout (day list, Via Via week); once paid, the undo is
    refused in Dutch (a conflict on the phone) and the record stays as it was."""
    sjef, kees = worked(org, roepnaam="Sjef"), worked(org, roepnaam="Kees")
    set_status(kees.id, MONDAY, org["lnw"].id, "open")
    bas = factories.WorkerFactory(roepnaam="Bas")
    set_status(bas.id, MONDAY, org["morning"].id, "aanwezig")
    set_status(bas.id, MONDAY, org["morning"].id, "open")
    db.session.commit()
    assert [e.worker.roepnaam for e in queries.lnw_day(MONDAY)] == ["Sjef"]
    assert queries.viavia_week(WEEK) == []
    auth.login("assistant")
    assert "Kees" not in client.get("/uitbetaling/").get_data(as_text=True)
    assert pay(client, kees).status_code == 422
    assert pay(client, sjef).status_code == 200
    undo = client.post(f"/werkvloer/{org['lnw'].workshop_id}/markeren", headers={"HX-Request": "true"},
                       data={"worker_id": sjef.id, "status": "open", "blok": org["lnw"].id, "datum": MONDAY.isoformat(),
                             "client_id": "00000000-0000-4000-8000-0000000000f1"})
    assert undo.status_code == 422 and "al uitbetaald" in undo.get_data(as_text=True)
    assert db.session.scalar(select(Attendance.status).where(Attendance.worker_id == sjef.id)) == "aanwezig"


def test_the_lists_one_form_pays_the_person_its_button_names_with_their_card(org, client, auth):
    """The day list has one form (issue 19): a row's pay button names its person and each row's card chip is named
    for its person, so a phone without JavaScript posts every row's card and the server pays the named person with
    theirs, once; the page carries no client id of its own for any row."""
    sjef, kees = worked(org, roepnaam="Sjef"), worked(org, roepnaam="Kees")
    auth.login("assistant")
    page = client.get("/uitbetaling/").get_data(as_text=True)
    assert 'name="client_id"' not in page and page.count('form="pays" name="worker_id"') == 3  # two rows, the stand-in
    assert f'form="pays" name="voucher_type-{kees.id}"' in page
    form = {"programme": "lnw", "unit": MONDAY.isoformat(), f"voucher_type-{sjef.id}": "slaaphuis",
            f"voucher_type-{kees.id}": "maaltijd", "worker_id": kees.id}
    assert client.post("/uitbetaling/betalen", data=form).status_code == 302
    assert db.session.execute(select(LedgerLine.worker_id, LedgerLine.voucher_type)).all() == [(kees.id, "maaltijd")]
