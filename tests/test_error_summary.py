"""A refused form says so in one place on top (_macros.html error_summary): a role="alert" box that takes the focus,
listing each problem as a link to its field; the field keeps what was typed, is aria-invalid and described by its
message. Checked here on the server's HTML for a WTForms form (the ZRM, the login), a hand-read one (an action
point) and the checklist; e2e/test_error_summary.py checks the focus and the viewport on a phone."""
import re
from datetime import date

from webapp.auth import roles
from webapp.extensions import db
from webapp.trajectory import catalogue as methods, domain_ops, zrm_rules
from webapp.trajectory.operations import enrol

from . import factories
from .conftest import csrf_token


def summary(page: str) -> str:
    """The error summary's HTML (there is exactly one)."""
    assert page.count('class="error-summary"') == 1
    return page[page.index('class="error-summary"'):page.index("</div>", page.index('class="error-summary"'))]


def tag(page: str, element_id: str) -> str:
    return re.search(rf'<[^>]*\bid="{element_id}"[^>]*>', page).group(0)


def test_a_refused_action_point_is_summed_up_on_top_and_marked_at_its_field(app, catalogue, client, auth):
    me = auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory(counsellor_id=me.id)
    db.session.commit()
    response = client.post(f"/trajecten/medewerker/{person.id}/leefgebied/schulden/actiepunt",
                           data={"text": "", "owner": "extern", "owner_name": "Schuldhulp Oost", "due_on": "2026-12-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    box = summary(page)
    assert 'role="alert"' in box and 'tabindex="-1"' in box and "autofocus" in box
    assert '<a href="#action-text">Schrijf wat er moet gebeuren.</a>' in box
    text = tag(page, "action-text")
    assert 'aria-invalid="true"' in text and 'aria-describedby="err-text"' in text
    assert 'id="err-text">Schrijf wat er moet gebeuren.' in page
    assert 'value="Schuldhulp Oost"' in tag(page, "action-owner-name")  # what was typed stays
    assert page.index('class="error-summary"') < page.index('id="action-text"')  # on top of the form
    assert "autofocus" not in page.replace(box, "")  # nothing else takes the focus away


def test_an_action_point_edit_with_a_wrong_date_links_to_the_date(app, catalogue, client, auth):
    me = auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory(counsellor_id=me.id)
    db.session.commit()
    area = domain_ops.domain_or_404("schulden", me)
    domain_ops.add_action(person, area, me, "Bellen", ("medewerker", None, ""), date(2026, 12, 1))
    db.session.commit()
    point = domain_ops.actions(person, [area.id], date(2026, 11, 1))[0].point
    page = client.post(f"/trajecten/actiepunt/{point.id}",
                       data={"text": "Bellen met de bank", "owner": "medewerker", "due_on": "1-12"}).get_data(as_text=True)
    assert '<a href="#action-due">' in summary(page) and 'aria-invalid="true"' in tag(page, "action-due")
    assert 'value="Bellen met de bank"' in tag(page, "action-text")


def test_a_refused_zrm_lists_each_problem_linked_to_its_field(app, catalogue, client, auth):
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    me = auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory(counsellor_id=me.id)
    db.session.flush()
    enrol(person, *methods.find("viavia", 1), date(2026, 9, 1))
    db.session.commit()
    scores = {code: "3" for code in zrm_rules.ZRM_DOMAINS}
    scores["justitie"] = ""
    response = client.post(f"/trajecten/medewerker/{person.id}/zrm",
                           data={**scores, "occasion": "intake", "assessed_on": "31-11-2026"})
    page = response.get_data(as_text=True)
    box = summary(page)
    assert response.status_code == 422 and "Niet opgeslagen" in box
    assert box.count("<li>") == 2 and '<a href="#justitie-0">Justitie: Kies een score' in box  # the first option of the missing domain
    assert '<a href="#assessed_on">Datum: Geef een datum' in box
    assert 'aria-invalid="true"' in tag(page, "justitie-0") and 'aria-describedby="justitie-error"' in tag(page, "justitie-0")
    date_input = tag(page, "assessed_on")
    assert 'aria-invalid="true"' in date_input and 'aria-describedby="assessed_on-error"' in date_input
    assert 'value="31-11-2026"' in date_input and 'id="assessed_on-error"' in page
    assert 'value="3" checked' in page  # the scores tapped stay tapped


def test_the_login_page_does_not_focus_the_e_mail_field_and_a_wrong_password_is_summed_up(app, client):
    page = client.get("/inloggen").get_data(as_text=True)
    assert "autofocus" not in page  # a phone's keyboard would cover the demo buttons
    page = client.post("/inloggen", data={"email": "nie@mand.nl", "password": "fout", "csrf_token": csrf_token(client)}
                       ).get_data(as_text=True)
    assert '<a href="#password">Wachtwoord: E-mailadres of wachtwoord klopt niet.</a>' in summary(page)
    assert 'aria-invalid="true"' in tag(page, "password") and 'value="nie@mand.nl"' in tag(page, "email")


def test_the_user_menu_marks_the_language_in_use(app, client, auth):
    auth.login(roles.COUNSELLOR)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    menu = page[page.index('class="language"'):page.index("</form>", page.index('class="language"'))]
    assert re.search(r'value="nl" lang="nl" aria-current="true">Nederlands<', menu)
    assert menu.count("aria-current") == 1
