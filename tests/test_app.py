"""The app factory, configuration, and that migrations build exactly the models' schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from conftest import make_app
from webapp import config
from webapp.extensions import db


def test_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.secret_key(str(tmp_path))
    assert len(first) == 64
    assert config.secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_defaults_to_sqlite_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(str(tmp_path)) == f"sqlite:///{tmp_path}/dagdeel.sqlite"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/d")
    assert config.database_url("x") == "postgresql+psycopg://u@h:5432/d"


def test_vendored_htmx_is_pinned_2_0_and_present():
    name = config.vendored_htmx_file()
    assert name.startswith("js/htmx-2.0.") and name.endswith(".min.js")
    assert (config.STATIC_JS.parent / name).stat().st_size > 40_000


def test_migrations_match_the_models(app):
    """Autogenerate would find nothing to do: every model change has its migration."""
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []


def test_unknown_page_is_dutch_404(client, auth):
    auth.login("assistant")
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)


def test_demo_mode_is_off_unless_asked(database_url):
    assert make_app(database_url).config["DEMO"] is False


def test_a_served_app_takes_its_long_lived_objects_out_of_the_collectors_walks(database_url):
    """A server's app is frozen for the garbage collector (issue 15: full collections were the work list's p95);
    a test's app is not, so test processes that build many apps do not keep their garbage."""
    import gc

    before = gc.get_freeze_count()
    make_app(database_url)
    assert gc.get_freeze_count() == before
    try:
        make_app(database_url, GC_FREEZE=True)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
