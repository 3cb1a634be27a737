"""A worker's trajectory page: the counsellor's view of modules, phases and what comes next."""
from datetime import date

from sqlalchemy import select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory import catalogue as methods
from webapp.trajectory.operations import enrol

from . import factories


def test_the_counsellor_sees_the_timeline_and_the_view_is_logged(client, auth, catalogue):
    staff = auth.login("counsellor")
    worker = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen", counsellor=staff)
    lnw, _ = methods.find("lnw", None)
    viavia, phase2 = methods.find("viavia", 2)
    enrol(worker, lnw, None, date(2026, 3, 2), commit=False)
    enrol(worker, viavia, phase2, date(2026, 9, 7))
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Loon naar Werken" in page and "fase 2 Aanpassing" in page and "ma 7 sep" in page
    assert f"Trajectbegeleider: {staff.name}" in page
    assert db.session.scalar(select(AccessLog.id).where(AccessLog.worker_id == worker.id, AccessLog.action == "view",
                                                        AccessLog.detail == "traject")) is not None


def test_an_unknown_worker_is_a_dutch_404(client, auth):
    auth.login("supervisor")
    response = client.get("/trajecten/medewerker/999999")
    assert response.status_code == 404
