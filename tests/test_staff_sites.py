"""Staff belong to one or more sites (issue 18 item 4): the admin's form with a checkbox per site and the "alle
vestigingen" grant, and the migration that carried each account's one site over."""
import re

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from webapp.auth.models import Staff
from webapp.extensions import db

from . import factories

BEFORE = "f18d0c0a0004"  # staff.site_id, one optional site


def test_the_admin_ticks_the_sites_of_an_account_and_the_grant(client, auth):
    maastricht, heerlen, venlo = (factories.SiteFactory(name=n) for n in ("Maastricht", "Heerlen", "Venlo"))
    db.session.commit()
    auth.login("admin")
    form = client.get("/beheer/personeel/nieuw").get_data(as_text=True)
    assert "<legend>Vestigingen</legend>" in form and 'type="checkbox"' in form and "Alle vestigingen" in form
    response = client.post("/beheer/personeel/nieuw", data={
        "name": "Anja", "email": "anja@relim.nl", "role": "assistant", "site_ids": [maastricht.id, heerlen.id],
        "password": "bus-ronde-heerlen", "active": "y"})
    assert response.status_code == 302
    anja = db.session.scalar(select(Staff).where(Staff.email == "anja@relim.nl"))
    assert [s.name for s in anja.sites] == ["Heerlen", "Maastricht"] and not anja.all_sites
    response = client.post(f"/beheer/personeel/{anja.id}", data={
        "name": "Anja", "email": anja.email, "role": "counsellor", "site_ids": [venlo.id], "all_sites": "y",
        "active": "y"})
    assert response.status_code == 302
    db.session.refresh(anja)
    assert [s.name for s in anja.sites] == ["Venlo"] and anja.all_sites
    edit = client.get(f"/beheer/personeel/{anja.id}").get_data(as_text=True)
    boxes = {int(value): "checked" in tag for tag, value in re.findall(r'(<input[^>]*name="site_ids"[^>]*value="(\d+)"[^>]*>)', edit)}
    assert boxes == {maastricht.id: False, heerlen.id: False, venlo.id: True}
    assert "alle vestigingen" in client.get("/beheer/personeel").get_data(as_text=True)


def test_the_migration_carries_each_accounts_site_over(app):
    site = factories.SiteFactory(name="Heerlen")
    db.session.commit()
    site_id = site.id
    db.session.remove()
    downgrade(revision=BEFORE)
    try:
        db.session.execute(text(
            "INSERT INTO staff (email, name, role, password_hash, active, site_id, created_at, session_version, language) "
            "VALUES ('a@dagdeel.test', 'A', 'assistant', 'x', :t, :site, CURRENT_TIMESTAMP, 0, 'nl'), "
            "('b@dagdeel.test', 'B', 'counsellor', 'x', :t, NULL, CURRENT_TIMESTAMP, 0, 'nl')"),
            {"t": True, "site": site_id})
        db.session.commit()
    finally:
        db.session.remove()
        upgrade()
    placed, unplaced = db.session.scalars(select(Staff).order_by(Staff.email)).all()
    assert [s.id for s in placed.sites] == [site_id] and not placed.all_sites
    assert unplaced.sites == [] and not unplaced.all_sites  # no site: sees nothing site-bound until an admin sets one
