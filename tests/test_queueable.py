"""The queue's mark: rendered only next to @idempotent endpoints, and the app will not start otherwise."""
import pytest
from flask import render_template_string
from jinja2 import ChoiceLoader, DictLoader

from conftest import make_app
from webapp.extensions import db
from webapp.offline import queueable
from webapp.workers import notes_views

from . import factories


def test_the_app_refuses_to_start_when_a_queued_form_is_not_idempotent(database_url, monkeypatch):
    """As with @allow: a card note form the queue may take, whose view lost @idempotent, stops the start."""
    monkeypatch.delattr(notes_views.add_agreement, "idempotent")
    with pytest.raises(RuntimeError, match="workers.add_agreement"):
        make_app(database_url)


@pytest.mark.parametrize("template, problem", [
    ("<form {{ queued_post('workers.create', label='Nieuw') }}>", "workers.create"),
    ('<form hx-post="/medewerkers/1/afspraken" data-queue>', "by hand"),
    ("<form {{ queued_post(endpoint, label='x') }}>", "write the endpoint"),
])
def test_templates_are_checked_at_start_up(app, template, problem):
    """A marked endpoint that is not @idempotent, a hand-written mark, or an endpoint computed at render time."""
    app.jinja_env.loader = ChoiceLoader([DictLoader({"probe.html": template}), app.jinja_env.loader])
    try:
        with pytest.raises(RuntimeError, match=problem):
            queueable.check_queued_writes_are_idempotent(app)
    finally:
        app.jinja_env.loader = app.jinja_env.loader.loaders[1]


def test_the_helper_refuses_an_endpoint_that_is_not_idempotent(app):
    with app.test_request_context():
        with pytest.raises(RuntimeError, match="not @idempotent"):
            render_template_string("{{ queued_post('workers.create', label='Nieuw') }}")
        html = render_template_string("{{ queued_post('workers.add_agreement', worker_id=7, label='Afspraak <Sanne>') }}")
    assert html == 'hx-post="/medewerkers/7/afspraken" data-queue data-label="Afspraak &lt;Sanne&gt;"'


def test_the_card_lets_the_queue_take_notes_named_after_the_person(client, auth):
    """The note forms carry the mark and a label with the action and the person; office forms do not."""
    worker = factories.WorkerFactory(roepnaam="Sanne", last_name="de Vries")
    db.session.commit()
    auth.login("supervisor")
    page = client.get(f"/medewerkers/{worker.id}").get_data(as_text=True)
    assert f'hx-post="/medewerkers/{worker.id}/afspraken" data-queue data-label="Afspraak Sanne de Vries"' in page
    assert f'hx-post="/medewerkers/{worker.id}/incidenten" data-queue data-label="Incident Sanne de Vries"' in page
    assert page.count("data-queue") == 2
