"""Who may see a worker's checklists and life domains (trajectory/access.py): a counsellor her own workers and her
sites' team, a supervisor his sites' team, staff granted all sites everyone, staff without a site no one; a worker of
another site is a 404 (the page does not confirm they exist), the rest is the Dutch 403."""
import re
from datetime import date

import pytest

from webapp.extensions import db
from webapp.trajectory import access, domain_ops
from webapp.workers.models import ScheduleSlot

from . import factories
from .test_checklists import done_session, enrolled, instrument_of


def scheduled(worker, workshop):
    db.session.add(ScheduleSlot(worker_id=worker.id, block_id=workshop.blocks[0].id, weekday=0))


@pytest.fixture
def sites(app, catalogue):
    """Maastricht and Heerlen, a worker at each, each with a finished checklist and a life-domain action point."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    maastricht, heerlen = factories.WorkshopFactory(), factories.WorkshopFactory()
    colleague = factories.StaffFactory(role="counsellor", site_id=heerlen.site_id)
    here = enrolled("gewenning", first_name="Hier", last_name="Maas")
    there = enrolled("gewenning", first_name="Daar", last_name="Heer", counsellor_id=colleague.id)
    scheduled(here, maastricht)
    scheduled(there, heerlen)
    sessions = {w: done_session(w, colleague, instrument_of("gewenning"), {}, {}) for w in (here, there)}
    wonen = next(d for d in domain_ops.all_domains() if d.supervisors)
    actions = {w: domain_ops.add_action(w, wonen, colleague, "Bellen met de woningbouw", ("staff", colleague.id, ""),
                                        date(2026, 11, 20), None) for w in (here, there)}
    db.session.commit()
    return dict(maastricht=maastricht, heerlen=heerlen, here=here, there=there, sessions=sessions, domain=wonen,
                actions=actions, colleague=colleague)


def pages(scene, worker) -> list[str]:
    sitting = scene["sessions"][worker].id
    return [f"/trajecten/checklist/{sitting}", f"/trajecten/checklist/{sitting}/afdruk",
            f"/trajecten/checklist/{sitting}/begeleider", f"/trajecten/checklist/{sitting}/geef-door",
            f"/trajecten/checklist/{sitting}/papier", f"/trajecten/checklist/{sitting}/terug",
            f"/trajecten/checklist/{sitting}/medewerker/1",
            f"/trajecten/medewerker/{worker.id}/leefgebied/{scene['domain'].code}",
            f"/trajecten/actiepunt/{scene['actions'][worker].id}"]


def posts(scene, worker) -> list[str]:
    sitting = scene["sessions"][worker].id
    return [f"/trajecten/medewerker/{worker.id}/checklist", f"/trajecten/checklist/{sitting}/afspraak",
            f"/trajecten/medewerker/{worker.id}/leefgebied/{scene['domain'].code}",
            f"/trajecten/medewerker/{worker.id}/leefgebied/{scene['domain'].code}/actiepunt",
            f"/trajecten/actiepunt/{scene['actions'][worker].id}/gedaan",
            f"/trajecten/actiepunt/{scene['actions'][worker].id}/heropen",
            f"/trajecten/actiepunt/{scene['actions'][worker].id}",
            f"/trajecten/overleg/{worker.id}/besproken"]


def test_a_maastricht_supervisor_gets_404_on_a_heerlen_workers_checklists_and_domains(sites, client, auth):
    auth.login("supervisor", site_id=sites["maastricht"].site_id)
    for url in pages(sites, sites["there"]):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Daar" not in response.get_data(as_text=True), url
    for url in posts(sites, sites["there"]):
        assert client.post(url, data={"text": "x", "owner": "worker", "status": "stabiel"}).status_code == 404, url
    for url in pages(sites, sites["here"])[:2] + pages(sites, sites["here"])[-1:]:
        assert client.get(url).status_code == 200, url


def test_the_trajectory_page_shows_checklists_and_domains_for_my_team_only(sites, client, auth):
    auth.login("supervisor", site_id=sites["maastricht"].site_id)
    mine = client.get(f"/trajecten/medewerker/{sites['here'].id}").get_data(as_text=True)
    assert 'id="checklists"' in mine and 'id="leefgebieden"' in mine and "Bellen met de woningbouw" in mine
    other = client.get(f"/trajecten/medewerker/{sites['there'].id}")
    assert other.status_code == 404 and "Daar" not in other.get_data(as_text=True)  # another site's: out of sight


def test_a_counsellor_sees_her_own_workers_anywhere_and_her_sites_team(sites, client, auth):
    elsewhere = factories.StaffFactory(role="counsellor", site_id=sites["maastricht"].site_id)
    db.session.commit()
    assert access.may_see(sites["colleague"], sites["there"].id)  # hers and her site's
    assert not access.may_see(sites["colleague"], sites["here"].id)
    assert access.may_see(elsewhere, sites["here"].id) and not access.may_see(elsewhere, sites["there"].id)
    sites["here"].counsellor_id = sites["colleague"].id  # assigned to her: seen wherever they work
    db.session.commit()
    assert access.may_see(sites["colleague"], sites["here"].id)


@pytest.mark.parametrize("role, site, seen", [
    ("supervisor", "all", True), ("counsellor", "all", True), ("admin", "heerlen", True), ("admin", None, True),
    ("supervisor", None, False), ("counsellor", None, False),
    ("assistant", "all", False), ("assistant", "maastricht", False),
])
def test_staff_granted_all_sites_see_everyone_without_a_site_no_one_and_assistants_no_one(sites, role, site, seen):
    staff = factories.StaffFactory(role=role, site_id=sites[site].site_id if site in sites else None,
                                   all_sites=site == "all")
    db.session.commit()
    assert access.may_see(staff, sites["here"].id) is seen and access.may_see(staff, sites["there"].id) is seen


def test_the_overleg_and_work_list_hold_only_my_teams_workers(sites, client, auth):
    me = auth.login("counsellor", site_id=sites["maastricht"].site_id)
    heerlen = client.get(f"/trajecten/overleg?werkplaats={sites['heerlen'].id}").get_data(as_text=True)
    assert "Heer" not in heerlen
    theirs = client.get(f"/trajecten/overleg?begeleider={sites['colleague'].id}").get_data(as_text=True)
    assert "Heer" not in theirs
    sites["here"].counsellor_id = sites["colleague"].id
    db.session.commit()
    assert "Maas" in client.get(f"/trajecten/overleg?begeleider={sites['colleague'].id}").get_data(as_text=True)
    everyone = client.get("/trajecten/werklijst?filter=alles&dagen=30").get_data(as_text=True)
    shown = re.sub(r"<[^>]+>", "", everyone)  # the words on the screen (a line's "Gedaan" button names it again)
    assert shown.count("Bellen met de woningbouw") == 1  # Heerlen's action point is life-domain content
    assert me.id
