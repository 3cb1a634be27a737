"""The outflow report page (/trajecten/uitstroom): a period per track with n, the cohort view, the CSV, refusals."""
from datetime import date

import pytest
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory import catalogue as methods
from webapp.trajectory.models import Enrolment

from . import factories


def _stay(worker, code, start, end=None, outcome=None):
    module, _ = methods.find(code, None)
    db.session.add(Enrolment(worker_id=worker.id, module_id=module.id, start_date=start, end_date=end, outcome=outcome))


@pytest.fixture
def history(app, catalogue):
    """This year (2026, today 23 nov): three left arbeidsrehabilitatie (2 to work, 1 stopped), one left
    resocialisatie for it (doorstroom); last year one left resocialisatie (moved)."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:30"
    w = [factories.WorkerFactory() for _ in range(5)]
    db.session.flush()
    _stay(w[0], "gewenning", date(2026, 1, 5), date(2026, 3, 5))
    _stay(w[0], "algemeen", date(2026, 3, 5), date(2026, 7, 1), "regulier_werk")
    _stay(w[1], "gewenning", date(2025, 11, 1), date(2026, 2, 1), "sw")
    _stay(w[2], "gewenning", date(2026, 2, 1), date(2026, 4, 1), "gestopt")
    _stay(w[3], "lnw", date(2025, 6, 1), date(2026, 5, 1))
    _stay(w[3], "gewenning", date(2026, 5, 1))
    _stay(w[4], "lnw", date(2025, 1, 1), date(2025, 3, 1), "verhuisd")
    db.session.commit()
    return w


def test_this_year_so_far_per_track_always_with_n(history, client, auth):
    auth.login("counsellor")
    page = client.get("/trajecten/uitstroom").get_data(as_text=True)
    assert '<h2 id="period-h">1 januari 2026 – 23 november 2026</h2>' in page
    assert ("In 2026 tot en met 23 november verlieten 3 medewerkers een arbeidsrehabilitatietraject: 66,7\u00a0% "
            "sloot het positief af; de negatieve uitstroom was 33,3\u00a0%.") in page
    assert "Arbeidsrehabilitatie <small>· 3 uitstromers</small>" in page
    assert "66,7 % (2 van 3)" in page and "33,3 % (1 van 3)" in page and "0,0 % (0 van 3)" in page
    assert "Resocialisatie <small>· 1 uitstromer</small>" in page and "100,0 % (1 van 1)" in page
    assert "Totaal <small>· 4 uitstromers</small>" in page and "75,0 % (3 van 4)" in page
    assert "Algemene Arbeidstraining</strong> · 1 uitstromer" in page  # per module of the ending enrolment
    logged = db.session.scalar(select(AccessLog.detail).where(AccessLog.staff_id == auth.staff.id, AccessLog.action == "view"))
    assert logged == "uitstroom 2026-01-01–2026-11-23"


def test_last_year_is_one_tap_away_and_says_in_2025(history, client, auth):
    auth.login("supervisor")
    page = client.get("/trajecten/uitstroom").get_data(as_text=True)
    assert 'href="/trajecten/uitstroom?van=2025-01-01&amp;tot=2025-12-31"' in page
    last_year = client.get("/trajecten/uitstroom?van=2025-01-01&tot=2025-12-31").get_data(as_text=True)
    assert '<h2 id="period-h">2025</h2>' in last_year
    assert "In 2025 verliet 1 medewerker een resocialisatietraject: 0,0\u00a0% sloot het positief af" in last_year
    assert "Arbeidsrehabilitatie <small>· 0 uitstromers</small>" in last_year
    assert "(0 van 0)" not in last_year  # no exits: no percentages of nothing, a dash


def test_the_cohort_shows_starters_and_where_they_are(history, client, auth):
    auth.login("counsellor")
    page = client.get("/trajecten/uitstroom?weergave=cohort").get_data(as_text=True)
    # 2026 starters: w0 (rehab, to work), w2 (rehab, stopped), w3 (rehab since May: lopend)
    assert "Arbeidsrehabilitatie <small>· 3 starters</small>" in page
    assert "33,3 % (1 van 3)" in page
    assert "Resocialisatie <small>· 0 starters</small>" in page
    assert 'aria-current="page">Cohort: 12 maanden later' in page


def test_the_csv_downloads_have_the_clis_columns(history, client, auth):
    auth.login("admin")
    response = client.get("/trajecten/uitstroom.csv?van=2026-01-01&tot=2026-11-23")
    assert response.headers["Content-Disposition"] == 'attachment; filename="uitstroom-2026-01-01-2026-11-23.csv"'
    assert response.get_data(as_text=True).lstrip("\ufeff").splitlines() == [
        "track;exits;positief;negatief;overig;positief_pct;negatief_pct;overig_pct",
        "arbeidsrehabilitatie;3;2;1;0;66,7;33,3;0,0",
        "resocialisatie;1;1;0;0;100,0;0,0;0,0",
        "totaal;4;3;1;0;75,0;25,0;0,0",
    ]
    cohort = client.get("/trajecten/uitstroom.csv?van=2026-01-01&tot=2026-11-23&weergave=cohort").get_data(as_text=True)
    assert cohort.lstrip("\ufeff").splitlines()[0] == "track;starters;positief;negatief;overig;lopend"
    assert cohort.splitlines()[1] == "arbeidsrehabilitatie;3;1;1;0;1"
    assert db.session.scalar(select(AccessLog.detail).where(AccessLog.action == "export").order_by(AccessLog.id.desc())) == (
        "uitstroom 2026-01-01–2026-11-23 cohort")


def test_a_period_that_ends_before_it_starts_is_refused_kindly_and_bad_dates_in_dutch(history, client, auth):
    auth.login("counsellor")
    response = client.get("/trajecten/uitstroom?van=2026-06-01&tot=2026-01-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "De periode eindigt op do 1 jan, vóór ze begint (ma 1 jun)" in page  # the app's day, not 01-01-2026
    other_year = client.get("/trajecten/uitstroom?van=2026-06-01&tot=2025-12-30").get_data(as_text=True)
    assert "De periode eindigt op di 30 dec 2025, vóór ze begint (ma 1 jun)" in other_year
    assert 'name="van" value="2026-06-01"' in page  # the form stays, to put right
    assert client.get("/trajecten/uitstroom.csv?van=2026-06-01&tot=2026-01-01").status_code == 422
    bad = client.get("/trajecten/uitstroom?van=2026-02-30")
    assert bad.status_code == 422 and "Ongeldige begindatum" in bad.get_data(as_text=True)


def test_the_usermenu_links_the_report_for_the_roles_that_may_see_it(history, client, auth):
    auth.login("counsellor")
    assert 'href="/trajecten/uitstroom"' in client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/uitloggen")
    auth.login("assistant")
    assert 'href="/trajecten/uitstroom"' not in client.get("/", follow_redirects=True).get_data(as_text=True)
    assert client.get("/trajecten/uitstroom").status_code == 403


def test_the_demo_has_two_years_of_exits_near_the_seeds_mix(app, catalogue):
    """Last year and this year each show both tracks with the seed's shape: about a third of those leaving
    rehabilitation positive and a sixth negative; in resocialisatie under a fifth positive, over two fifths negative."""
    from webapp.trajectory import demo_outflow, figures

    app.config["DAGDEEL_NOW"] = "2026-11-23T09:30"
    demo_outflow.load()
    demo_outflow.load()  # idempotent
    db.session.commit()
    for start, end in ((date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 11, 23))):
        rehab, resoc, total = figures.period_rows(start, end)[0]
        assert rehab.exits >= 15 and 30 <= rehab.positief_pct <= 40 and 12 <= rehab.negatief_pct <= 22
        assert resoc.exits >= 10 and 12 <= resoc.positief_pct <= 24 and 38 <= resoc.negatief_pct <= 50
    assert total.exits == 30 and db.session.scalar(select(func.count(Enrolment.id))) == 2 * 59
