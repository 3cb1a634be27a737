"""The CSV exports stream (issue 19): the same bytes as before they streamed (BOM, `;`, CRLF, cents, ISO dates),
sent while the rows are read, and the access log's line with the row count written when the download ends."""
from datetime import date, time

import pytest
from sqlalchemy import select

from webapp.attendance.operations import set_status
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.payouts import operations
from webapp.payouts.models import LedgerLine
from webapp.trajectory.models import Module
from webapp.trajectory.operations import enrol

from . import factories

MONDAY, LAST_MONDAY, FRIDAY = date(2026, 11, 23), date(2026, 11, 16), date(2026, 11, 20)
PERIOD = "van=2026-11-16&tot=2026-11-23"


@pytest.fixture
def scene(app, catalogue, client, auth):
    """Two weeks of work: Loon naar Werken paid, paid twice (offline), reversed, owed, left early, owed on last
    Friday; Via Via last week owed (5 dagdelen, travel), not eligible (one) and paid; the week before the period paid
    (not exported)."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    operations.ensure_default_rules()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia")
    shelter = factories.ShelterFactory(name="De Boei")
    counsellor = factories.StaffFactory(role="counsellor", email="tb@dagdeel.test", name="Tineke")
    people = {key: factories.WorkerFactory(external_id=f"E{i}", first_name=first, last_name=last, roepnaam="",
                                           phone="06-12345678", travel_cents=travel, shelter=shelter, counsellor=counsellor)
              for i, (key, first, last, travel) in enumerate([
                  ("sjef", "Sjef", "Aa", 0), ("terug", "Tom", "Terug", 0), ("open", "Olga", "Open", 0),
                  ("vroeg", "Vera", "Vroeg", 0), ("evil", "=Evil", "@Peters", 0), ("piet", "Piet", "Vrijdag", 0),
                  ("kim", "Kim", "Week", 230), ("lot", "Lot", "Betaald", 0), ("nina", "Nina", "Eén", 0)])}
    db.session.commit()
    module = db.session.scalar(select(Module).where(Module.code == "viavia"))
    enrol(people["kim"], module, module.phases[0] if module.phases else None, date(2026, 1, 5))
    for key in ("sjef", "terug", "open", "evil"):
        set_status(people[key].id, MONDAY, lnw.blocks[0].id, "aanwezig")
    set_status(people["vroeg"].id, MONDAY, lnw.blocks[0].id, "vroeg_weg", note="ziek; naar huis\nom 11:00")
    set_status(people["piet"].id, FRIDAY, lnw.blocks[0].id, "te_laat")
    for day in (LAST_MONDAY, date(2026, 11, 17), date(2026, 11, 9), date(2026, 11, 10)):  # weeks 47 and 46
        for block in viavia.blocks:
            for key in ("kim", "lot") if day >= LAST_MONDAY else ("lot",):
                set_status(people[key].id, day, block.id, "aanwezig")
    set_status(people["kim"].id, date(2026, 11, 18), viavia.blocks[0].id, "te_laat")
    set_status(people["nina"].id, date(2026, 11, 18), viavia.blocks[1].id, "aanwezig")
    db.session.commit()
    auth.login("supervisor", email="kas@dagdeel.test", name="Kas")

    def pay(key, programme="lnw", unit=MONDAY.isoformat(), **extra):
        response = client.post("/uitbetaling/betalen", headers={"HX-Request": "true"}, data={
            "worker_id": people[key].id, "programme": programme, "unit": unit, "voucher_type": "maaltijd", **extra})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]

    tap = client.post(f"/werkvloer/{lnw.id}/markeren", headers={"HX-Request": "true"}, data={
        "worker_id": people["open"].id, "status": "te_laat", "blok": lnw.blocks[0].id, "datum": MONDAY.isoformat(),
        "client_id": "00000000-0000-4000-8000-000000000001"})
    assert tap.status_code == 200, tap.get_data(as_text=True)[:300]
    pay("sjef")
    pay("sjef", offline="1", device_at="2026-11-23T13:00:00Z")
    pay("terug")
    pay("lot", "viavia", "2026-W47")
    pay("lot", "viavia", "2026-W46")
    line = db.session.scalar(select(LedgerLine).where(LedgerLine.worker_id == people["terug"].id))
    assert client.post(f"/uitbetaling/regel/{line.id}/terugboeken", data={"reason": "fout"}).status_code in (200, 302)
    return people


def _csv(lines: list[str]) -> bytes:
    return ("\ufeff" + "".join(line + "\r\n" for line in lines)).encode()


# What the exports wrote before they streamed: the code of commit 4e3504e on this scene, byte for byte.
PAYOUTS = _csv([
    'period;external_id;worker;programme;dagdelen;premium_cents;travel_cents;vouchers;voucher_type;status;paid_by;paid_at;rule_version',
    '2026-W47;E7;Lot Betaald;viavia;4;1200;0;0;;paid;kas@dagdeel.test;2026-11-23T13:05:00+00:00;2',
    '2026-11-23;E0;Sjef Aa;lnw;1;600;0;1;maaltijd;paid;kas@dagdeel.test;2026-11-23T13:05:00+00:00;1',
    '2026-11-23;E0;Sjef Aa;lnw;1;600;0;1;maaltijd;duplicate;kas@dagdeel.test;2026-11-23T13:05:00+00:00;1',
    '2026-11-23;E1;Tom Terug;lnw;1;600;0;1;maaltijd;reversed;kas@dagdeel.test;2026-11-23T13:05:00+00:00;1',
    '2026-11-23;E1;Tom Terug;lnw;-1;-600;0;-1;maaltijd;reversed;kas@dagdeel.test;2026-11-23T13:05:00+00:00;1',
    '2026-W47;E6;Kim Week;viavia;5;1500;690;0;;due;;;2',
    '2026-W47;E8;Nina Eén;viavia;1;0;0;0;;not_eligible;;;2',
    '2026-11-20;E5;Piet Vrijdag;lnw;1;600;0;1;;due;;;1',
    "2026-11-23;E4;'=Evil @Peters;lnw;1;600;0;1;;due;;;1",
    '2026-11-23;E2;Olga Open;lnw;1;600;0;1;;due;;;1',
    '2026-11-23;E1;Tom Terug;lnw;1;600;0;1;;due;;;1',
    '2026-11-23;E3;Vera Vroeg;lnw;0;0;0;0;;not_eligible;;;1',
])
ATTENDANCE = _csv([
    'external_id;date;workshop;dagdeel;status;note;recorded_by;recorded_at',
    'E6;2026-11-16;Via Via;ochtend;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E7;2026-11-16;Via Via;ochtend;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E6;2026-11-16;Via Via;middag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E7;2026-11-16;Via Via;middag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E6;2026-11-17;Via Via;ochtend;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E7;2026-11-17;Via Via;ochtend;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E6;2026-11-17;Via Via;middag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E7;2026-11-17;Via Via;middag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E6;2026-11-18;Via Via;ochtend;te_laat;;;2026-11-23T13:05:00+00:00',
    'E8;2026-11-18;Via Via;middag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E5;2026-11-20;Loon naar Werken;werkdag;te_laat;;;2026-11-23T13:05:00+00:00',
    'E0;2026-11-23;Loon naar Werken;werkdag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E1;2026-11-23;Loon naar Werken;werkdag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E2;2026-11-23;Loon naar Werken;werkdag;te_laat;;kas@dagdeel.test;2026-11-23T13:05:00+00:00',
    'E4;2026-11-23;Loon naar Werken;werkdag;aanwezig;;;2026-11-23T13:05:00+00:00',
    'E3;2026-11-23;Loon naar Werken;werkdag;vroeg_weg;"ziek; naar huis\nom 11:00";;2026-11-23T13:05:00+00:00',
])
WORKERS = _csv([
    'external_id;first_name;last_name;roepnaam;phone;shelter;module;phase;uitkering;postadres;ingeschreven;travel_cents;module_since;trajectbegeleider',
    'E0;Sjef;Aa;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test',
    'E1;Tom;Terug;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test',
    'E2;Olga;Open;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test',
    'E3;Vera;Vroeg;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test',
    "E4;'=Evil;'@Peters;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test",
    'E5;Piet;Vrijdag;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test',
    'E6;Kim;Week;;06-12345678;De Boei;viavia;1;nee;nee;nee;230;2026-01-05;tb@dagdeel.test',
    'E7;Lot;Betaald;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test',
    'E8;Nina;Eén;;06-12345678;De Boei;;;nee;nee;nee;0;;tb@dagdeel.test',
])


def test_the_payout_export_is_the_same_bytes_as_before(client, scene):
    assert client.get(f"/uitbetaling/export.csv?{PERIOD}").get_data() == PAYOUTS


def test_the_attendance_export_is_the_same_bytes_as_before(client, scene):
    assert client.get(f"/werkvloer/export.csv?{PERIOD}").get_data() == ATTENDANCE


def test_the_worker_export_is_the_same_bytes_as_before(client, scene):
    body = client.get("/medewerkers/export.csv").get_data()
    assert body == WORKERS



EXPORTS = [(f"/uitbetaling/export.csv?{PERIOD}", "uitbetalingen 2026-11-16–2026-11-23", PAYOUTS),
           (f"/werkvloer/export.csv?{PERIOD}", "aanwezigheid 2026-11-16–2026-11-23", ATTENDANCE),
           ("/medewerkers/export.csv", "medewerkers", WORKERS)]


def _logged() -> list[str]:
    return db.session.scalars(select(AccessLog.detail).where(AccessLog.action == "export").order_by(AccessLog.id)).all()


@pytest.mark.parametrize(("url", "what", "csv_bytes"), EXPORTS)
def test_an_export_is_logged_with_its_row_count_when_the_download_is_complete(client, scene, url, what, csv_bytes):
    """The count is known only at the end of a stream: the line is written then, and it counts rows, not line
    breaks (the note "ziek; naar huis / om 11:00" is one row)."""
    response = client.get(url)
    assert response.is_streamed and response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert _logged() == []  # nothing read yet: the rows are read as they go out
    assert response.get_data() == csv_bytes
    rows = len(csv_bytes.decode("utf-8-sig").rstrip("\r\n").split("\r\n")) - 1
    assert _logged() == [f"{what}: {rows} regels"]


@pytest.mark.parametrize(("url", "what", "csv_bytes"), EXPORTS)
def test_a_download_broken_off_is_logged_as_far_as_it_came(client, scene, monkeypatch, url, what, csv_bytes):
    """The browser goes away after the header and the first two rows: the log says so."""
    from webapp import csvfiles

    monkeypatch.setattr(csvfiles, "CHUNK_ROWS", 2)
    response = client.get(url)
    pieces = iter(response.response)
    received = next(pieces) + next(pieces)
    response.close()
    assert received == b"\r\n".join(csv_bytes.split(b"\r\n")[:3]) + b"\r\n"
    assert _logged() == [f"{what}: 2 regels (afgebroken)"]


def test_namesakes_owed_for_a_via_via_week_come_in_the_order_of_their_first_mark(app):
    """The database counts the week per worker; the export still lists two "Kim Week"s as the marks came: the one
    who was there first (here the later-made worker) first."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    operations.ensure_default_rules()
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia")
    first_made, later_made = (factories.WorkerFactory(external_id=f"K{i}", first_name="Kim", last_name="Week", roepnaam="")
                              for i in (1, 2))
    db.session.commit()
    set_status(later_made.id, LAST_MONDAY, viavia.blocks[0].id, "aanwezig")
    set_status(first_made.id, date(2026, 11, 17), viavia.blocks[0].id, "aanwezig")
    db.session.commit()
    from webapp.payouts import export

    owed = [(r.period, r.external_id) for r in export.rows(LAST_MONDAY, MONDAY) if r.programme == "viavia"]
    assert owed == [("2026-W47", "K2"), ("2026-W47", "K1")]
