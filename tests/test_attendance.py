"""Attendance per dagdeel: the counting rule, history and replay, the board, no-shows, week grids, CSV."""
import io
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone

import pytest
from flask import g
from sqlalchemy import event, func, insert, select

from webapp import clock
from webapp.attendance import csv_io, queries, rules
from webapp.attendance.models import Attendance, AttendanceChange, ContactLog
from webapp.attendance.operations import set_status
from webapp.extensions import db
from webapp.workers.models import Agreement, Incident, ScheduleSlot
from webapp.workers.queries import namesake_mark

from . import factories
from .conftest import between

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize("status, granted, counts", [
    ("aanwezig", False, True), ("te_laat", False, True), ("vroeg_weg", False, False), ("vroeg_weg", True, True),
    ("afwezig_bericht", False, False), ("afwezig_zonder_bericht", False, False), ("naar_huis", False, False),
    ("naar_huis", True, False)])
def test_which_statuses_count_as_attended(status, granted, counts):
    assert rules.counts_as_attended(status, granted) is counts


def test_the_sql_form_and_the_phone_list_say_what_the_rule_says(app):
    """attended_filter() is counts_as_attended in SQL; attended_statuses() is what counts without a grant."""
    workshop = factories.WorkshopFactory()
    cases = [(status, granted) for status in rules.STATUSES for granted in (False, True)]
    for i, (status, granted) in enumerate(cases):
        worker = factories.WorkerFactory()
        db.session.add(Attendance(worker_id=worker.id, date=MONDAY, block_id=workshop.blocks[0].id, status=status,
                                  early_leave_counts=granted, note=str(i)))
    db.session.flush()
    found = set(db.session.scalars(select(Attendance.note).where(queries.attended_filter())))
    assert found == {str(i) for i, case in enumerate(cases) if rules.counts_as_attended(*case)}
    assert rules.attended_statuses() == sorted(s for s in rules.STATUSES if rules.counts_as_attended(s))
    assert app.jinja_env.globals["attended_statuses"]() == ["aanwezig", "te_laat"]


def test_week_label():
    assert rules.week_label(3) == "3 van 4 dagdelen deze week"
    assert rules.week_label(5) == "5 van 4 dagdelen deze week ✓"


@pytest.fixture
def floor(app):
    """Monday 08:40 in Via Via (ochtend 08:00–12:00, middag 12:30–16:30) with three scheduled workers."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T08:40"
    workshop = factories.WorkshopFactory(name="Via Via", programme="viavia")
    morning, afternoon = workshop.blocks
    workers = [factories.WorkerFactory(roepnaam=n, phone="06-11223344") for n in ("Anna", "Bram", "Cor")]
    for w in workers:
        db.session.add(ScheduleSlot(worker_id=w.id, block_id=morning.id, weekday=0))
    db.session.add(ScheduleSlot(worker_id=workers[0].id, block_id=afternoon.id, weekday=0))
    db.session.commit()
    return {"workshop": workshop, "morning": morning, "afternoon": afternoon, "workers": workers}


def test_every_change_is_history_and_a_replay_is_one_change(floor):
    w, block = floor["workers"][0], floor["morning"]
    set_status(w.id, MONDAY, block.id, "aanwezig", client_id="c1")
    set_status(w.id, MONDAY, block.id, "aanwezig", client_id="c1")
    set_status(w.id, MONDAY, block.id, "naar_huis", note="onder invloed", client_id="c2")
    db.session.commit()
    assert db.session.scalar(select(func.count(Attendance.id))) == 1
    changes = db.session.scalars(select(AttendanceChange).order_by(AttendanceChange.id)).all()
    assert [(c.old_status, c.new_status) for c in changes] == [(None, "aanwezig"), ("aanwezig", "naar_huis")]


def test_an_older_device_write_arriving_late_does_not_win_but_is_kept(floor):
    w, block = floor["workers"][0], floor["morning"]
    later = datetime(2026, 11, 23, 7, 30, tzinfo=timezone.utc)  # 08:30 in Amsterdam: before the clock's 08:40
    set_status(w.id, MONDAY, block.id, "afwezig_bericht", device_at=later)
    set_status(w.id, MONDAY, block.id, "aanwezig", device_at=later - timedelta(minutes=20))
    db.session.commit()
    assert db.session.scalar(select(Attendance.status)) == "afwezig_bericht"
    assert [c.applied for c in db.session.scalars(select(AttendanceChange).order_by(AttendanceChange.id))] == [True, False]


@pytest.mark.parametrize("colleague_minutes, wins", [(-10, "te_laat"), (10, "afwezig_bericht")])
def test_two_first_taps_of_one_person_at_the_same_moment_make_one_record(floor, colleague_minutes, wins):
    """A colleague's phone, on another server, taps Anna for the first time today between this server's look for
    her record and its write: this tap is kept as a change of the colleague's record, not a failure, and the
    later of the two taps (by the phones' clocks) is the status."""
    anna, block = floor["workers"][0], floor["morning"]
    mine = datetime(2026, 11, 23, 7, 30, tzinfo=timezone.utc)
    tapped = mine + timedelta(minutes=colleague_minutes)

    def colleague_taps(other):
        other.execute(insert(Attendance).values(worker_id=anna.id, date=MONDAY, block_id=block.id, status="afwezig_bericht",
                                                device_at=tapped, updated_at=tapped + timedelta(seconds=5)))
        other.commit()

    with between(r"\bFROM attendance\b", colleague_taps) as tapped_between:
        set_status(anna.id, MONDAY, block.id, "te_laat", device_at=mine, client_id="mine")
        db.session.commit()
    assert tapped_between, "the colleague's tap came in between"
    assert db.session.scalar(select(func.count(Attendance.id))) == 1
    assert db.session.scalar(select(Attendance.status).execution_options(populate_existing=True)) == wins
    change = db.session.scalar(select(AttendanceChange).where(AttendanceChange.client_id == "mine"))
    assert (change.old_status, change.new_status, change.applied) == ("afwezig_bericht", "te_laat", wins == "te_laat")


def test_board_has_the_schedule_the_bus_and_the_flags(floor):
    anna, bram, _ = floor["workers"]
    extra = factories.WorkerFactory(roepnaam="Door")
    db.session.add(Agreement(worker_id=bram.id, text="Geen voorschot"))
    set_status(extra.id, MONDAY, floor["morning"].id, "aanwezig")
    db.session.commit()
    set_status(bram.id, MONDAY, floor["morning"].id, "afwezig_bericht")
    db.session.commit()
    rows, tallies = queries.board(floor["workshop"], MONDAY)
    morning = {r.worker.roepnaam: r for r in rows[floor["morning"].id]}
    assert sorted(morning) == ["Anna", "Bram", "Cor", "Door"]
    assert morning["Door"].expected is False and morning["Door"].record.status == "aanwezig"
    assert morning["Bram"].has_agreement and not morning["Anna"].has_agreement
    assert [r.worker.roepnaam for r in rows[floor["afternoon"].id]] == ["Anna"]
    assert tallies[floor["morning"].id] == queries.Tally(present=1, other=1, open=2)
    assert tallies[floor["afternoon"].id] == queries.Tally(open=1)


@pytest.mark.parametrize("programme", ["viavia", "lnw"])
def test_a_tap_answers_the_row_and_the_tally_the_board_shows(floor, programme):
    """`one_row` (a tap's answer, one query) says of a worker what the whole board says: their record, expected or
    not, the agreement and incident flags, the week count on Loon naar Werken, the namesake number; and the tally."""
    floor["workshop"].programme = programme
    anna, bram, cor = floor["workers"]
    dave, twin = factories.WorkerFactory(roepnaam="Dave"), factories.WorkerFactory(roepnaam="Anna", last_name=anna.last_name)
    morning = floor["morning"].id
    set_status(bram.id, MONDAY, morning, "te_laat")
    set_status(cor.id, MONDAY, morning, "aanwezig")
    set_status(cor.id, MONDAY, morning, rules.OPEN)  # taken back: open again
    set_status(dave.id, MONDAY, morning, "afwezig_bericht")  # not scheduled, marked
    set_status(anna.id, MONDAY - timedelta(days=2), morning, "aanwezig")  # last week: not counted
    db.session.add(Agreement(worker_id=anna.id, text="op tijd komen"))
    db.session.add(Incident(worker_id=bram.id, text="ruzie", occurred_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc)))
    db.session.commit()
    rows, tallies = queries.board(floor["workshop"], MONDAY, [morning])
    on_board = {r.worker.id: r for r in rows[morning]}
    for worker in (anna, bram, cor, dave, twin):
        g.pop("namesakes", None)
        row, tally = queries.one_row(floor["workshop"], MONDAY, morning, worker, queries.record_of(worker.id, MONDAY, morning))
        assert row == on_board.get(worker.id, queries.Row(worker, None, expected=False)) and tally == tallies[morning]
        assert namesake_mark(worker) == (worker.external_id if worker in (anna, twin) else "")
    assert tallies[morning] == queries.Tally(present=1, other=1, open=2)
    assert on_board[anna.id].has_agreement and on_board[bram.id].has_incident and twin.id not in on_board
    assert [on_board[w.id].week_count for w in (anna, bram)] == ([0, 1] if programme == "lnw" else [None, None])


def test_one_tap_returns_the_row_and_the_tally(floor, client, auth):
    auth.login("assistant")
    anna = floor["workers"][0]
    response = client.post(f"/werkvloer/{floor['workshop'].id}/markeren", headers={"HX-Request": "true"},
                           data={"worker_id": anna.id, "status": "aanwezig", "blok": floor["morning"].id,
                                 "datum": MONDAY.isoformat(), "client_id": "00000000-0000-4000-8000-000000000001"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="row-{anna.id}"' in page and "gewijzigd door" in page and "om 08:40" in page
    assert 'id="tally" class="seat-counter" hx-swap-oob="true"' in page and 'data-tally="present">1</strong> aanwezig' in page


@pytest.mark.parametrize("form, message", [
    ({"status": "vroeg_weg", "at_time": "11:00"}, "Geef een reden."),
    ({"status": "naar_huis"}, "Geef een reden."),
    ({"status": "te_laat", "at_time": "tien uur"}, "Geef de tijd als uu:mm"),
    ({"status": "te_laat", "at_time": "22:52"}, "Kies een tijd binnen het dagdeel, tussen 08:00 en 12:00."),
    ({"status": "vroeg_weg", "reason": "afspraak", "at_time": "07:59"}, "tussen 08:00 en 12:00"),
    ({"status": "vakantie"}, "Onbekende status"),
    ({"status": "vroeg_weg", "reason": "afspraak", "early_leave_counts": "1"}, "Alleen een werkbegeleider"),
])
def test_bad_status_input_is_refused_in_dutch(floor, client, auth, form, message):
    auth.login("assistant")
    response = client.post(f"/werkvloer/{floor['workshop'].id}/markeren", headers={"HX-Request": "true"},
                           data={"worker_id": floor["workers"][0].id, "blok": floor["morning"].id, **form})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)) is None


def test_the_status_menu_knows_its_dagdeel_to_start_from_now(floor, client, auth):
    """The menu's time starts from the phone's clock only while the dagdeel runs (static/js/statusmenu.js, a page
    loaded at 08:00 and opened at 10:30 says 10:30; a "te laat" entered at 22:52 was saved as 22:52): the sheet
    carries the dagdeel's hours, and says whether the board is today's; the server guesses no time of its own."""
    auth.login("supervisor")
    board = f"/werkvloer/{floor['workshop'].id}?blok={floor['morning'].id}"
    today = client.get(board).get_data(as_text=True)
    assert 'data-starts="08:00" data-ends="12:00" data-today>' in today and 'name="at_time">' in today
    earlier = client.get(f"{board}&datum={MONDAY - timedelta(days=7)}").get_data(as_text=True)
    assert 'data-starts="08:00" data-ends="12:00">' in earlier and "data-today" not in earlier


def test_a_note_over_its_bound_is_refused_whole_never_cut(floor, client, auth):
    """The menu's "Toelichting" holds 280 characters (the input says so: maxlength); one more is a Dutch 422 that
    stores nothing, where it was cut to fit silently. With the longest reason in front it still fits the column."""
    auth.login("assistant")
    url, anna = f"/werkvloer/{floor['workshop'].id}/markeren", floor["workers"][0]
    board = client.get(f"/werkvloer/{floor['workshop'].id}").get_data(as_text=True)
    assert f'name="note" maxlength="{rules.NOTE_MAX}"' in board

    def mark(note):
        return client.post(url, headers={"HX-Request": "true"}, data={
            "worker_id": anna.id, "blok": floor["morning"].id, "status": "afwezig_bericht", "reason": "afspraak", "note": note})

    refused = mark("x" * (rules.NOTE_MAX + 1))
    assert refused.status_code == 422 and f"Hoogstens {rules.NOTE_MAX} tekens; dit zijn er {rules.NOTE_MAX + 1}" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)) is None
    assert mark("y" * rules.NOTE_MAX).status_code == 200
    assert db.session.scalar(select(Attendance.note)) == "afspraak · " + "y" * rules.NOTE_MAX
    from webapp.attendance.views import REASONS
    assert rules.NOTE_MAX + len(" · ") + max(map(len, REASONS)) <= Attendance.note.type.length


def test_a_late_row_offers_no_tap_that_would_lose_its_time(floor, client, auth):
    """"te laat 08:20" keeps its time: the row offers no one-tap "Aanwezig" (the menu still changes it), as a
    present row does not; someone absent keeps the tap."""
    auth.login("assistant")
    url, (anna, bram, _) = f"/werkvloer/{floor['workshop'].id}/markeren", floor["workers"]

    def row_after(worker, **form):
        return client.post(url, headers={"HX-Request": "true"},
                           data={"worker_id": worker.id, "blok": floor["morning"].id, **form}).get_data(as_text=True)

    assert "tap-present" not in row_after(anna, status="te_laat", at_time="08:20")
    assert "tap-present" in row_after(bram, status="afwezig_bericht", reason="ziek")
    assert [rules.offers_present_tap(s) for s in (None, "aanwezig", "te_laat", "vroeg_weg")] == [True, False, False, True]


def test_supervisor_lets_an_early_leave_count(floor, client, auth):
    auth.login("supervisor")
    anna = floor["workers"][0]
    client.post(f"/werkvloer/{floor['workshop'].id}/markeren", headers={"HX-Request": "true"},
                data={"worker_id": anna.id, "blok": floor["morning"].id, "status": "vroeg_weg", "at_time": "11:15",
                      "reason": "afspraak", "note": "huisarts", "early_leave_counts": "1"})
    record = db.session.scalar(select(Attendance))
    assert (record.at_time, record.note, record.early_leave_counts) == (time(11, 15), "afspraak · huisarts", True)
    assert "telt mee (werkbegeleider)" in db.session.scalar(select(AttendanceChange.note))
    assert queries.week_counts({anna.id}, MONDAY) == {anna.id: 1}


def test_no_shows_after_half_an_hour_and_contact_on_the_card(floor, client, auth, app):
    anna, bram, cor = floor["workers"]
    set_status(anna.id, MONDAY, floor["morning"].id, "aanwezig")
    set_status(bram.id, MONDAY, floor["morning"].id, "afwezig_zonder_bericht")
    db.session.commit()
    auth.login("supervisor")
    url = f"/werkvloer/{floor['workshop'].id}/kort-op-de-man?datum={MONDAY}"
    app.config["DAGDEEL_NOW"] = "2026-11-23T08:20"
    page = client.get(url).get_data(as_text=True)
    assert "Bram" in page and "Cor" not in page  # 20 minutes in: not yet
    app.config["DAGDEEL_NOW"] = "2026-11-23T08:31"
    page = client.get(url).get_data(as_text=True)
    assert "Bram" in page and "Cor" in page and "Anna" not in page and 'href="tel:0611223344"' in page
    client.post(url, data={"worker_id": cor.id, "text": "gebeld, komt morgen"})
    assert db.session.scalar(select(ContactLog.text)) == "gebeld, komt morgen"
    assert "gebeld, komt morgen" in client.get(f"/medewerkers/{cor.id}").get_data(as_text=True)
    empty = client.post(url, data={"worker_id": cor.id, "text": ""})
    assert empty.status_code == 422 and "Schrijf kort wat je deed" in empty.get_data(as_text=True)


def test_week_grid_counts_and_lnw_criterion(floor, client, auth):
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    anna = floor["workers"][0]
    for offset in range(3):
        set_status(anna.id, MONDAY + timedelta(days=offset), lnw.blocks[0].id, "aanwezig")
    set_status(anna.id, MONDAY + timedelta(days=3), lnw.blocks[0].id, "afwezig_bericht")
    set_status(anna.id, MONDAY - timedelta(days=1), lnw.blocks[0].id, "aanwezig")  # previous week
    db.session.commit()
    grid = queries.week_grid([lnw.blocks[0].id], MONDAY)
    assert grid.counts[anna.id] == 3 and len(grid.days) == 7
    auth.login("counsellor")
    assert "3 van 4 dagdelen deze week" in client.get(f"/werkvloer/{lnw.id}/week?datum={MONDAY}").get_data(as_text=True)
    page = client.get(f"/werkvloer/medewerker/{anna.id}/week?datum={MONDAY}").get_data(as_text=True)
    assert "<strong>3</strong> gewerkte dagdelen" in page


@contextmanager
def count_queries():
    counter = {"n": 0}

    def count(*args):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


TAP_QUERIES = 11  # issue 19: the session, the replay guard, the workshop, the worker, the record locked (and, at the
# first mark, made and locked again: two servers may tap the same person at once), whether it is paid (asked after
# the lock, so a payout a moment ago on another server is seen), its write and its history line, the row and tally


@pytest.mark.parametrize("programme", ["viavia", "lnw"])
def test_a_tap_costs_a_fixed_number_of_queries(floor, client, auth, programme):
    """A tap (first mark, change, undo) is a handful of queries, however many people the board holds: a supervisor
    of the workshop's site (the site rule), Loon naar Werken's week count, someone with a namesake and a flag."""
    floor["workshop"].programme = programme
    auth.login("supervisor", site_id=floor["workshop"].site_id)
    anna = floor["workers"][0]
    factories.WorkerFactory(roepnaam="Anna", last_name=anna.last_name)
    db.session.add(Agreement(worker_id=anna.id, text="op tijd komen"))
    for _ in range(20):
        db.session.add(ScheduleSlot(worker_id=factories.WorkerFactory().id, block_id=floor["morning"].id, weekday=0))
    db.session.commit()
    for n, status in enumerate(["aanwezig", "te_laat", rules.OPEN]):
        with count_queries() as taps:
            answer = tap(client, floor, anna, status, f"00000000-0000-4000-8000-00000000001{n}")
        assert answer.status_code == 200 and f'id="row-{anna.id}"' in answer.get_data(as_text=True)
        assert taps["n"] <= TAP_QUERIES, (status, taps["n"])
    assert "afspraak" in answer.get_data(as_text=True) and anna.external_id in answer.get_data(as_text=True)


def test_board_query_count_does_not_grow_with_workers(floor, client, auth):
    auth.login("supervisor")
    url = f"/werkvloer/{floor['workshop'].id}?datum={MONDAY}&blok={floor['morning'].id}"

    def add(n):
        for _ in range(n):
            w = factories.WorkerFactory()
            db.session.add(ScheduleSlot(worker_id=w.id, block_id=floor["morning"].id, weekday=0))
            db.session.add(Agreement(worker_id=w.id, text="x"))
            set_status(w.id, MONDAY, floor["morning"].id, "aanwezig")
        db.session.commit()

    add(2)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    add(40)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    # 14 for the page, 3 for its list-view log (audit/shown.py): the workshop's name, today's lines, one INSERT
    assert large["n"] == small["n"] <= 17


def test_tap_query_count_does_not_grow_with_workers(floor, client, auth):
    """A tap answers with one row and the tally: it reads no more for a full board than for a small one."""
    auth.login("assistant")
    url, anna, morning = f"/werkvloer/{floor['workshop'].id}/markeren", floor["workers"][0].id, floor["morning"].id

    def tap(n):
        return client.post(url, headers={"HX-Request": "true"}, data={
            "worker_id": anna, "status": "aanwezig" if n % 2 else "te_laat", "blok": morning, "datum": MONDAY.isoformat(),
            "client_id": f"00000000-0000-4000-8000-{n:012d}"})

    tap(0)
    with count_queries() as small:
        assert tap(1).status_code == 200
    for _ in range(40):
        w = factories.WorkerFactory()
        db.session.add(ScheduleSlot(worker_id=w.id, block_id=morning, weekday=0))
        set_status(w.id, MONDAY, morning, "aanwezig")
    db.session.commit()
    with count_queries() as large:
        page = tap(2).get_data(as_text=True)
    assert large["n"] == small["n"]
    assert page.count('class="att-row') == 1 and f'id="row-{anna}"' in page and 'data-tally="present">41</strong>' in page


HEADER = "external_id;date;workshop;dagdeel;status;note"


def test_csv_import_good_bad_and_windows_1252(floor, runner, tmp_path):
    anna, bram, _ = floor["workers"]
    good = f"{HEADER}\n{anna.external_id};2026-11-23;Via Via;ochtend;aanwezig;\n{bram.external_id};23-11-2026;via via;middag;afwezig_bericht;ziek — griep\n"
    path = tmp_path / "lijst.csv"
    path.write_bytes(good.replace(";", ",").encode("cp1252"))
    result = runner.invoke(args=["attendance", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Import klaar: 2 regels aanwezigheid." in result.output
    assert db.session.scalar(select(Attendance.note).where(Attendance.worker_id == bram.id)) == "ziek — griep"
    bad = f"{HEADER}\n{anna.external_id};2026-11-24;Via Via;avond;aanwezig;\nONBEKEND;2026-11-24;Hout;ochtend;ziek;\n"
    parsed = csv_io.parse(bad)
    assert parsed.messages() == [
        "Regel 2: kolom dagdeel: werkplaats 'Via Via' heeft geen dagdeel 'avond'.",
        "Regel 3: kolom external_id: onbekende medewerker 'ONBEKEND'.",
        "Regel 3: kolom workshop: onbekende werkplaats 'Hout'.",
        "Regel 3: kolom status: 'ziek' is geen status (gebruik aanwezig, te_laat, vroeg_weg, afwezig_bericht, afwezig_zonder_bericht, naar_huis).",
    ]
    long_note = csv_io.parse(f"{HEADER}\n{anna.external_id};2026-11-24;Via Via;ochtend;afwezig_bericht;{'z' * (rules.NOTE_MAX + 5)}\n")
    assert long_note.messages() == [f"Regel 2: kolom note: Hoogstens {rules.NOTE_MAX} tekens; dit zijn er {rules.NOTE_MAX + 5}, dat is te lang."]
    path.write_text(bad, encoding="utf-8")
    result = runner.invoke(args=["attendance", "import", str(path)])
    assert result.exit_code == 1 and "Niets geïmporteerd." in result.output
    assert db.session.scalar(select(func.count(Attendance.id))) == 2


def test_csv_export_and_web_import(floor, runner, client, auth):
    anna = floor["workers"][0]
    auth.login("supervisor")
    text = f"{HEADER}\n{anna.external_id};2026-11-23;Via Via;ochtend;te_laat;bus gemist\n"
    preview = client.post("/werkvloer/import", data={"file": (io.BytesIO(text.encode()), "a.csv")}, content_type="multipart/form-data")
    assert "Klaar om te importeren: 1 regels" in preview.get_data(as_text=True)
    client.post("/werkvloer/import/bevestigen", data={"csv": text})
    result = runner.invoke(args=["attendance", "export", "--from", "2026-11-23", "--to", "2026-11-23"])
    lines = result.output.strip().splitlines()
    assert lines[0] == HEADER + ";recorded_by;recorded_at"
    assert lines[1].startswith(f"{anna.external_id};2026-11-23;Via Via;ochtend;te_laat;bus gemist;{auth.staff.email};")


def test_the_phone_goes_to_its_workshop_and_andere_werkplaats_lists_them_all(floor, client, auth):
    """The Werkvloer tab opens the workshop this phone last used; "Andere werkplaats" shows the list instead of
    sending the user straight back to it."""
    auth.login("assistant")
    other = factories.WorkshopFactory(name="Metaal", programme="viavia")
    db.session.commit()
    client.get(f"/werkvloer/{floor['workshop'].id}")
    assert client.get("/werkvloer/").headers["Location"].endswith(f"/werkvloer/{floor['workshop'].id}")
    board = client.get(f"/werkvloer/{floor['workshop'].id}").get_data(as_text=True)
    assert 'href="/werkvloer/?kies=1"' in board
    listed = client.get("/werkvloer/?kies=1")
    assert listed.status_code == 200 and "Metaal" in listed.get_data(as_text=True)


def tap(client, floor, worker, status, client_id, **extra):
    return client.post(f"/werkvloer/{floor['workshop'].id}/markeren", headers={"HX-Request": "true"},
                       data={"worker_id": worker.id, "status": status, "blok": floor["morning"].id,
                             "datum": MONDAY.isoformat(), "client_id": client_id, **extra})


def test_a_wrong_tap_is_undone_to_open_with_both_changes_kept(floor, client, auth):
    """Tap the wrong person present, then undo: the row is open again (what its undo and its menu are built from:
    the status menu offers to clear a marked row only, static/js/statusmenu.js), the tally says 'nog niet', and the
    history holds both changes on the one record."""
    auth.login("assistant")
    anna = floor["workers"][0]
    tapped = tap(client, floor, anna, "aanwezig", "00000000-0000-4000-8000-00000000000a").get_data(as_text=True)
    assert f'<li class="att-row status-aanwezig" id="row-{anna.id}"' in tapped  # the undo after a next change
    undone = tap(client, floor, anna, "open", "00000000-0000-4000-8000-00000000000b")
    page = undone.get_data(as_text=True)
    assert undone.status_code == 200 and f'<li class="att-row status-open" id="row-{anna.id}"' in page and "gewijzigd door" not in page
    assert 'data-tally="present">0</strong>' in page and 'data-tally="open">3</span>' in page
    assert [r.record for r in queries.board(floor["workshop"], MONDAY, [floor["morning"].id])[0][floor["morning"].id]] == [None] * 3
    record = db.session.scalar(select(Attendance))
    assert (record.status, record.note, record.at_time) == (rules.OPEN, "", None)
    changes = db.session.scalars(select(AttendanceChange).order_by(AttendanceChange.id)).all()
    assert [(c.old_status, c.new_status, c.attendance_id) for c in changes] == [
        (None, "aanwezig", record.id), ("aanwezig", "open", record.id)]


def test_the_undo_restores_exactly_what_the_row_was(floor, client, auth):
    """A late arrival with its time and note, tapped present by mistake: the row's undo carries all of it back (the
    page's one undo, filled in from the row by static/js/undo.js)."""
    auth.login("assistant")
    anna = floor["workers"][0]
    tap(client, floor, anna, "te_laat", "00000000-0000-4000-8000-00000000000c", at_time="08:35", note="bus gemist")
    board = client.get(f"/werkvloer/{floor['workshop'].id}?blok={floor['morning'].id}").get_data(as_text=True)
    row = board.split(f'id="row-{anna.id}"')[0].rsplit("<li ", 1)[1] + board.split(f'id="row-{anna.id}"')[1].split(">")[0]
    assert 'class="att-row status-te_laat"' in row and 'data-at="08:35"' in row and 'data-note="bus gemist"' in row
    assert 'id="undo-sheet"' in board
    tap(client, floor, anna, "aanwezig", "00000000-0000-4000-8000-00000000000d")
    tap(client, floor, anna, "te_laat", "00000000-0000-4000-8000-00000000000e", at_time="08:35", note="bus gemist")
    record = db.session.scalar(select(Attendance))
    assert (record.status, record.at_time, record.note) == ("te_laat", time(8, 35), "bus gemist")


def test_a_mark_taken_back_is_no_record_for_no_shows_week_grids_and_csv(floor, client, auth, app, runner):
    anna, bram, cor = floor["workers"]
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    set_status(anna.id, MONDAY, floor["morning"].id, "afwezig_zonder_bericht")
    set_status(anna.id, MONDAY, floor["morning"].id, rules.OPEN)
    for day in (MONDAY, MONDAY + timedelta(days=1)):
        set_status(bram.id, day, lnw.blocks[0].id, "aanwezig")
    set_status(bram.id, MONDAY + timedelta(days=1), lnw.blocks[0].id, rules.OPEN)
    set_status(cor.id, MONDAY, floor["morning"].id, "aanwezig")
    db.session.commit()
    assert rules.is_marked("aanwezig") and not rules.is_marked(rules.OPEN) and not rules.is_marked(None)
    assert queries.board(floor["workshop"], MONDAY, [floor["morning"].id])[1][floor["morning"].id] == queries.Tally(present=1, open=2)
    app.config["DAGDEEL_NOW"] = "2026-11-23T08:31"
    assert [(row.worker.roepnaam, row.record) for row, _b in queries.no_shows(floor["workshop"], MONDAY, clock.now())] == [
        ("Anna", None), ("Bram", None)]
    grid = queries.week_grid([lnw.blocks[0].id], MONDAY)
    assert (bram.id, MONDAY + timedelta(days=1), lnw.blocks[0].id) not in grid.cells and grid.counts[bram.id] == 1
    assert queries.week_counts({bram.id}, MONDAY) == {bram.id: 1}
    auth.login("supervisor")
    week = client.get(f"/werkvloer/{floor['workshop'].id}/week?datum={MONDAY}").get_data(as_text=True)
    assert 'class="cell status-open"' not in week and "KeyError" not in week
    worker_week = client.get(f"/werkvloer/medewerker/{bram.id}/week?datum={MONDAY}").get_data(as_text=True)
    assert "status-open" not in worker_week and "<strong>1</strong> gewerkt dagdeel" in worker_week
    exported = runner.invoke(args=["attendance", "export", "--from", "2026-11-23", "--to", "2026-11-24"]).output
    assert ";open;" not in exported and len(exported.strip().splitlines()) == 3  # header, Bram's Monday, Cor
    assert "kolom status: 'open' is geen status" in csv_io.parse(
        f"{HEADER}\n{anna.external_id};2026-11-23;Via Via;ochtend;open;\n").messages()[0]
