"""What a phone may keep for offline use: only today's daily screens carry the server's mark."""
from datetime import date, time, timedelta

import pytest

from webapp.extensions import db
from webapp.offline.scope import HEADER
from webapp.payouts import operations

from . import factories

TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture
def org(app, auth):
    app.config["DAGDEEL_NOW"] = f"{TODAY.isoformat()}T09:30"
    operations.ensure_default_rules()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    today = factories.RoundFactory(date=TODAY)
    yesterday = factories.RoundFactory(date=TODAY - timedelta(days=1))
    db.session.commit()
    auth.login("supervisor")
    return {"workshop": lnw.id, "today": today.id, "yesterday": yesterday.id}


def _paths(org, kind):
    w, r, old = org["workshop"], org["today"], org["yesterday"]
    return {
        "daily": ["/ronde/", f"/ronde/{r}", f"/ronde/{r}/aankomst", f"/werkvloer/{w}", f"/werkvloer/{w}?datum=2026-11-23",
                  "/uitbetaling/", "/uitbetaling/?datum=2026-11-23", "/uitbetaling/viavia", "/uitbetaling/viavia?week=2026-W48", "/uitbetaling/kas"],
        "other": [f"/ronde/{old}", f"/ronde/{old}/aankomst", f"/ronde/{r}/print", f"/werkvloer/{w}?datum=2026-11-22",
                  f"/werkvloer/{w}/week", "/uitbetaling/?datum=2026-11-20", "/uitbetaling/viavia?week=2026-W47",
                  "/uitbetaling/overzicht", "/uitbetaling/export.csv", "/werkvloer/export.csv?van=2026-11-23&tot=2026-11-23",
                  "/medewerkers/", "/medewerkers/export.csv", "/uitbetaling/kas?datum=2026-11-20",
                  "/trajecten/uitstroom", "/trajecten/uitstroom.csv", "/trajecten/werklijst"],
    }[kind]


def test_todays_daily_screens_are_marked_with_the_servers_date(client, org):
    for path in _paths(org, "daily"):
        response = client.get(path)
        assert (response.status_code, response.headers.get(HEADER)) == (200, "2026-11-23"), path


def test_nothing_else_is_marked(client, org):
    for path in _paths(org, "other"):
        response = client.get(path)
        assert response.status_code < 400, path
        assert HEADER not in response.headers, path


def test_a_fragment_is_not_marked(client, org):
    response = client.get(f"/werkvloer/{org['workshop']}", headers={"HX-Request": "true"})
    assert HEADER not in response.headers


def test_the_service_worker_keeps_only_marked_pages_and_forgets_all_at_the_login_page(client):
    script = client.get("/sw.js").get_data(as_text=True)
    assert f'"{HEADER}"' in script and 'const LOGIN_PATH = "/inloggen"' in script
    assert "/werkvloer/" not in script  # no list of path prefixes that would keep a week grid or an export
