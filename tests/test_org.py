"""Beheer: staff accounts, sites, workshops with dagdeel blocks, shelters, buses."""
from datetime import time

from sqlalchemy import select

from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.org.models import Bus, Shelter, Workshop

from . import factories


def test_admin_creates_a_staff_account_with_a_hashed_password(client, auth):
    auth.login("admin")
    response = client.post("/beheer/personeel/nieuw", data={
        "name": "Anja", "email": "Anja@Relim.nl", "role": "assistant",
        "password": "bus-ronde-heerlen", "active": "y"})
    assert response.status_code == 302
    anja = db.session.scalar(select(Staff).where(Staff.email == "anja@relim.nl"))
    assert anja.role == "assistant" and anja.password_hash.startswith("$argon2id$")


def test_common_password_is_refused_for_new_staff(client, auth):
    auth.login("admin")
    response = client.post("/beheer/personeel/nieuw", data={
        "name": "Anja", "email": "anja@relim.nl", "role": "assistant", "password": "password1"})
    assert response.status_code == 422
    assert "veel gebruikt" in response.get_data(as_text=True)


def test_admin_changes_role_and_deactivates(client, auth):
    other = factories.StaffFactory(role="assistant")
    db.session.commit()
    auth.login("admin")
    response = client.post(f"/beheer/personeel/{other.id}", data={
        "name": other.name, "email": other.email, "role": "supervisor"})
    assert response.status_code == 302
    db.session.refresh(other)
    assert (other.role, other.active) == ("supervisor", False)


def test_last_admin_cannot_remove_themselves(client, auth):
    admin = auth.login("admin")
    response = client.post(f"/beheer/personeel/{admin.id}", data={
        "name": admin.name, "email": admin.email, "role": "assistant", "active": "y"})
    assert response.status_code == 422
    assert "laatste actieve beheerder" in response.get_data(as_text=True)


def test_workshop_with_dagdeel_blocks(client, auth):
    site = factories.SiteFactory(name="Heerlen")
    db.session.commit()
    auth.login("admin")
    response = client.post("/beheer/werkplaatsen/nieuw", data={
        "name": "Via Via", "site_id": str(site.id), "programme": "viavia", "active": "y",
        "blocks-0-name": "ochtend", "blocks-0-starts_at": "08:00", "blocks-0-ends_at": "12:00",
        "blocks-1-name": "middag", "blocks-1-starts_at": "12:30", "blocks-1-ends_at": "16:30",
        "blocks-2-name": "", "blocks-2-starts_at": "", "blocks-2-ends_at": ""})
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert [b.label for b in workshop.blocks] == ["ochtend 08:00–12:00", "middag 12:30–16:30"]
    assert "ochtend 08:00–12:00" in client.get("/beheer/werkplaatsen").get_data(as_text=True)

    # Blank a row to remove it, rename another.
    first, second = workshop.blocks
    client.post(f"/beheer/werkplaatsen/{workshop.id}", data={
        "name": "Via Via", "site_id": str(site.id), "programme": "viavia", "active": "y",
        "blocks-0-id": str(first.id), "blocks-0-name": "", "blocks-0-starts_at": "08:00", "blocks-0-ends_at": "12:00",
        "blocks-1-id": str(second.id), "blocks-1-name": "werkdag", "blocks-1-starts_at": "10:00", "blocks-1-ends_at": "14:00"})
    db.session.expire_all()
    assert [(b.id, b.name, b.starts_at) for b in workshop.blocks] == [(second.id, "werkdag", time(10))]


def test_workshop_block_errors_are_dutch(client, auth):
    site = factories.SiteFactory()
    db.session.commit()
    auth.login("admin")
    response = client.post("/beheer/werkplaatsen/nieuw", data={
        "name": "Hout", "site_id": str(site.id), "programme": "",
        "blocks-0-name": "ochtend", "blocks-0-starts_at": "12:00", "blocks-0-ends_at": "08:00"})
    assert response.status_code == 422
    assert "De eindtijd moet na de begintijd liggen." in response.get_data(as_text=True)
    response = client.post("/beheer/werkplaatsen/nieuw", data={"name": "Hout", "site_id": str(site.id), "blocks-0-name": ""})
    assert "minstens één dagdeel" in response.get_data(as_text=True)


def test_shelters_in_route_order_and_bus_seats(client, auth):
    site = factories.SiteFactory()
    db.session.commit()
    auth.login("admin")
    for name, order in (("Het Anker", "2"), ("De Boei", "1")):
        client.post("/beheer/opvang/nieuw", data={"name": name, "address": "Straat 1", "route_order": order,
                                                  "site_id": str(site.id), "active": "y"})
    page = client.get("/beheer/opvang").get_data(as_text=True)
    assert page.index("1. De Boei") < page.index("2. Het Anker")
    assert client.post("/beheer/bussen/nieuw", data={"name": "Bus 1", "seats": "0", "site_id": str(site.id)}).status_code == 422
    assert client.post("/beheer/bussen/nieuw", data={"name": "Bus 1", "seats": "8", "site_id": str(site.id), "active": "y"}).status_code == 302
    assert db.session.scalar(select(Bus.seats)) == 8
    assert [s.name for s in db.session.scalars(select(Shelter).order_by(Shelter.route_order))] == ["De Boei", "Het Anker"]


def test_duplicate_name_is_refused(client, auth):
    site = factories.SiteFactory()
    factories.BusFactory(name="Bus 1")
    db.session.commit()
    auth.login("admin")
    response = client.post("/beheer/bussen/nieuw", data={"name": "Bus 1", "seats": "8", "site_id": str(site.id)})
    assert response.status_code == 422 and "bestaat al" in response.get_data(as_text=True)


def test_unknown_kind_is_404(client, auth):
    auth.login("admin")
    assert client.get("/beheer/raketten").status_code == 404
