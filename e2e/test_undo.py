"""Journeys: a wrong tap on the Werkvloer board is undone with one tap, and a sign-up for the wrong person on the
bus round is withdrawn, online and offline."""
import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.attendance.models import Attendance, AttendanceChange
from webapp.extensions import db
from webapp.rounds.models import SignUp

from .conftest import login
from .waits import queued, wait_for_queue


def tally(page) -> dict:
    return {key: int(page.locator(f"#tally [data-tally={key}]").inner_text()) for key in ("present", "other", "open")}


def history(server_app, worker_id: int, day) -> list[tuple]:
    with server_app.app_context():
        record = db.session.scalar(select(Attendance).where(Attendance.worker_id == worker_id, Attendance.date == day))
        changes = db.session.scalars(select(AttendanceChange).where(AttendanceChange.attendance_id == record.id)
                                     .order_by(AttendanceChange.id)).all()
        return [record.status] + [(c.old_status, c.new_status) for c in changes]


def tap_wrong_person_and_undo(page, row_id: str, name: str, before: dict, online: bool = True) -> None:
    page.locator(f"#{row_id} .tap-present").click()
    if online:  # the server answered the tap (a faster undo is ordered by device time, not by this test)
        expect(page.locator(f"#{row_id}.status-aanwezig:not(.pending)")).to_have_count(1)
    undo = page.get_by_role("button", name=f"Ongedaan maken — {name}")
    expect(page.locator(f"#{row_id}").get_by_role("button", name=f"Ongedaan maken — {name}")).to_be_visible()  # in the row
    box = undo.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.wait_for_timeout(700)  # a second tap within 600 ms is a double tap, not an undo
    undo.click()
    expect(page.locator(f"#{row_id}.status-open")).to_have_count(1)
    expect(page.locator(f"#{row_id}.status-aanwezig")).to_have_count(0)
    expect(undo).to_have_count(0)
    expect(page.locator("#tally [data-tally=open]")).to_have_text(str(before["open"]))
    assert tally(page) == before


def test_a_wrong_tap_is_undone_online_and_offline(page, base, server_app, monday_morning):
    """Tap the wrong person present, "Ongedaan maken": the row is open again and the tally says so. Then in
    airplane mode the same: tap, undo, back online, and the server has the person open with both changes kept."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/werkvloer/?kies=1")
    page.get_by_role("link", name="Via Via").click()
    rows = page.locator(".att-row.status-open")
    first, second = rows.nth(0), rows.nth(1)
    first_id, second_id = first.get_attribute("id"), second.get_attribute("id")
    first_name, second_name = first.get_attribute("data-name"), second.get_attribute("data-name")
    before = tally(page)
    assert before["open"] >= 2

    tap_wrong_person_and_undo(page, first_id, first_name, before)
    page.reload()  # the server agrees: nobody marked
    expect(page.locator(f"#{first_id}.status-open")).to_have_count(1)
    assert tally(page) == before
    first_worker = int(first_id.removeprefix("row-"))
    assert history(server_app, first_worker, monday_morning) == ["open", (None, "aanwezig"), ("aanwezig", "open")]

    page.context.set_offline(True)
    tap_wrong_person_and_undo(page, second_id, second_name, before, online=False)
    assert queued(page) == 2  # the tap and its undo, each a write of its own
    page.context.set_offline(False)
    wait_for_queue(page, 0, seconds=30)
    second_worker = int(second_id.removeprefix("row-"))
    assert history(server_app, second_worker, monday_morning) == ["open", (None, "aanwezig"), ("aanwezig", "open")]
    # the phone reloads the rows it marked waiting once they are sent (outbox.js flush): let it, then reload too
    expect(page.locator(".att-row.pending")).to_have_count(0)
    page.reload()
    expect(page.locator(f"#{second_id}.status-open")).to_have_count(1)
    assert tally(page) == before


def test_the_status_menu_clears_a_mark_later_that_day(page, base, server_app, monday_morning):
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/werkvloer/?kies=1")
    page.get_by_role("link", name="Via Via").click()
    row_id = page.locator(".att-row.status-open").first.get_attribute("id")
    before = tally(page)
    page.locator(f"#{row_id} .tap-present").click()
    expect(page.locator(f"#{row_id}.status-aanwezig:not(.pending)")).to_have_count(1)  # the server's answer
    page.locator(f"#{row_id} .status-menu > summary").click()
    page.locator(f"#{row_id}").get_by_label("nog niet afgetekend").check()
    page.locator(f"#{row_id}").get_by_role("button", name="Opslaan").click()
    expect(page.locator(f"#{row_id}.status-open")).to_have_count(1)
    row = page.locator(f"#{row_id}")
    expect(row.locator(".undo-button")).to_be_visible()
    expect(row.locator(".tap-present")).to_be_hidden()  # the undo takes the tap button's place: the name keeps its room
    expect(page.locator("#tally [data-tally=open]")).to_have_text(str(before["open"]))
    assert history(server_app, int(row_id.removeprefix("row-")), monday_morning)[0] == "open"


def test_a_sign_up_for_the_wrong_person_is_withdrawn_at_the_stop(page, base, shot, server_app, monday_morning):
    """At the first stop the assistant taps the wrong regular. "Intrekken" asks on its own button, where the thumb
    is ("Ja, intrekken"), not in a browser dialog; a second tap withdraws and the person is a regular with "+" again.
    A yes not given within a few seconds asks nothing more and changes nothing. Offline the same, sent later."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.get_by_role("button", name="Ronde starten").click()
    stop = page.locator("details.stop[open]")
    sid = stop.get_attribute("id")

    def sign_up_first_regular() -> str:
        regular = stop.locator(".regulars .tap-row:not(.taken):not([data-unmet])").first
        name = regular.get_attribute("data-worker-name")
        regular.click()
        expect(page.locator(f"#{sid}[data-signups='1']")).to_have_count(1)
        return name

    def withdraw_button(name: str):
        return stop.locator(".signed .signup-row").get_by_role("button", name=re.compile(f"^(Intrekken — |Aanmelding van ){name}"))

    name = sign_up_first_regular()
    withdraw = withdraw_button(name)
    withdraw.click()
    expect(withdraw).to_have_text("Ja, intrekken")  # asked on the button; nothing sent yet
    expect(withdraw).to_have_accessible_name(f"Aanmelding van {name} intrekken? Ja, intrekken")
    page.wait_for_timeout(500)  # a second tap within 400 ms is a double tap, not a yes
    withdraw.click()
    expect(page.locator(f"#{sid}[data-signups='0']")).to_have_count(1)
    expect(stop.get_by_role("button", name=f"Aanmelden — {name}")).to_be_visible()  # a regular again, "+" and all
    wait_for_queue(page, 0)

    name = sign_up_first_regular()
    withdraw_button(name).click()
    expect(withdraw_button(name)).to_have_text("Ja, intrekken")
    expect(withdraw_button(name)).to_have_text("Intrekken", timeout=7000)  # no yes: it goes back, nothing withdrawn
    expect(page.locator(f"#{sid}[data-signups='1']")).to_have_count(1)

    page.context.set_offline(True)
    withdraw_button(name).click()
    page.wait_for_timeout(500)
    withdraw_button(name).click()
    wait_for_queue(page, 1)
    count = stop.locator(".stop-count")
    expect(count).to_have_text("· 0 aangemeld")  # counted on the phone: the withdrawal waits to be sent
    badge = stop.locator(".signup-row.pending .pending-badge")
    expect(badge).to_have_text("wacht op verzending")
    assert badge.evaluate("b => b.getClientRects().length === 1 && b.getBoundingClientRect().height < 24")  # one line
    stop.locator(".regulars .tap-row:not(.taken):not([data-unmet])").last.click()  # the right person, offline
    wait_for_queue(page, 2)
    expect(count).to_have_text("· 1 aangemeld")
    wrong = stop.locator(".regulars .tap-row:not(.taken):not([data-unmet]):not([disabled])").first  # and a wrong one
    wrong_ref = wrong.get_attribute("data-worker-ref")
    wrong.click()
    wait_for_queue(page, 3)
    expect(count).to_have_text("· 2 aangemeld")
    row = stop.locator(f".regulars li:has(.tap-row[data-worker-ref='{wrong_ref}'])")
    row.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 300)")  # well down the list: the seat counter sticks, under the offline bar
    bar, counter = page.locator("#sync-bar").bounding_box(), page.locator("#seat-counter").bounding_box()
    assert counter["y"] >= bar["y"] + bar["height"] - 1, (bar, counter)
    shot("round-offline-waiting", full_page=False)
    row.get_by_role("button", name="Intrekken").click()  # taken back on the phone: never sent
    wait_for_queue(page, 2)
    expect(count).to_have_text("· 1 aangemeld")
    expect(row.locator(".tap-row")).to_be_enabled()
    expect(row.locator(".pending-badge")).to_have_count(0)
    page.context.set_offline(False)
    wait_for_queue(page, 0, seconds=30)
    with server_app.app_context():
        assert db.session.scalar(select(func.count(SignUp.id)).where(SignUp.date == monday_morning)) == 1
    # the phone reloads what it showed waiting once it is sent (outbox.js flush): let it, then reload too, so the
    # journey ends on a settled page (closing the browser mid-reload once hung a full run's teardown)
    expect(page.locator(".pending")).to_have_count(0)
    page.reload()
    expect(page.locator(f"#{sid}[data-signups='1']")).to_have_count(1)
    assert dialogs == []


def test_a_sign_up_answers_where_the_thumb_is(page, base, shot, server_app, monday_morning):
    """The third regular tapped: the answer adds them to the signed list above, yet their row stays under the thumb,
    now "✓ aangemeld" (no "+": a second tap there signs up nobody), and the person above does not slide into its
    place. A reload lists them with the signed-up only."""
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.get_by_role("button", name="Ronde starten").click()
    stop = page.locator("details.stop[open]")
    sid = stop.get_attribute("id")
    regular = stop.locator(".regulars .tap-row:not(.taken):not([data-unmet])").nth(2)
    name, ref = regular.get_attribute("data-worker-name"), regular.get_attribute("data-worker-ref")
    regular.scroll_into_view_if_needed()
    before = regular.bounding_box()["y"]
    regular.click()
    expect(page.locator(f"#{sid}[data-signups='1']")).to_have_count(1)
    done = stop.locator(f".just-signed[data-worker-ref='{ref}']")
    expect(done).to_contain_text(f"{name} ✓ aangemeld")
    assert abs(done.bounding_box()["y"] - before) <= 2, (done.bounding_box()["y"], before)
    shot("round-just-signed", full_page=False)
    expect(stop.locator(".signed .signup-row")).to_have_count(1)
    page.reload()
    expect(page.locator(f"#{sid} .just-signed")).to_have_count(0)
    expect(page.locator(f"#{sid} .regulars [data-worker-ref='{ref}']")).to_have_count(0)
    page.locator("details.stop[open] [data-next-stop]").click()  # on to the next stop, nobody signed up there yet
    following = page.locator("details.stop[open]").get_attribute("id")
    assert following != sid
    page.reload()  # the stop the bus is at stays open, not the last one with a sign-up
    expect(page.locator("details.stop[open]")).to_have_count(1)
    expect(page.locator(f"#{following}")).to_have_attribute("open", "")
