"""Special-category fields are encrypted at rest (issue 18 item 7): the intake's diagnosis, addiction and
admissions and a life domain's situation and goals never reach the database as plain text; a new key can be
rotated in; data stored before the change is encrypted by its migration."""
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from webapp.extensions import db
from webapp.trajectory.domain_models import DomainVersion, LifeDomain
from webapp.trajectory.models import Intake

from . import factories

SECRETS = {"diagnosis": "schizofrenie-K7Q", "addiction": "heroïne-M2X", "admissions": "Vijverdal-2019-P4W",
           "situation": "schulden-Z9X bij de woningbouw", "goals": "budgetbeheer-J3V"}


def _store(worker_name: str = "Bas") -> int:
    worker = factories.WorkerFactory(first_name=worker_name)
    db.session.flush()
    db.session.add(Intake(worker_id=worker.id, held_on=date(2026, 11, 23), diagnosis=SECRETS["diagnosis"],
                          addiction=SECRETS["addiction"], admissions=SECRETS["admissions"], motivation="wil werken"))
    domain = db.session.scalar(select(LifeDomain).where(LifeDomain.code == "schulden"))
    db.session.add(DomainVersion(worker_id=worker.id, domain_id=domain.id, status="knelpunt",
                                 situation=SECRETS["situation"], goals=SECRETS["goals"]))
    db.session.commit()
    return worker.id


def _raw(sql: str) -> list:
    with db.engine.connect() as conn:
        return [value for row in conn.execute(text(sql)) for value in row]


def test_the_sensitive_fields_are_stored_encrypted_and_read_back_plain(app, catalogue):
    worker_id = _store()
    stored = _raw("SELECT diagnosis, addiction, admissions, motivation FROM intake") + \
        _raw("SELECT situation, goals FROM domain_version")
    assert not any(secret in str(value) for value in stored for secret in SECRETS.values())
    assert all(str(value).startswith("gAAAAA") for value in stored if value != "wil werken")
    assert "wil werken" in stored  # not special-category: stays searchable plain text
    db.session.expire_all()
    intake = db.session.scalar(select(Intake).where(Intake.worker_id == worker_id))
    version = db.session.scalar(select(DomainVersion).where(DomainVersion.worker_id == worker_id))
    assert (intake.diagnosis, intake.addiction, intake.admissions) == \
        (SECRETS["diagnosis"], SECRETS["addiction"], SECRETS["admissions"])
    assert (version.situation, version.goals) == (SECRETS["situation"], SECRETS["goals"])


def test_the_database_file_does_not_hold_the_plain_text(app, catalogue):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a file to read is SQLite's; on PostgreSQL the raw-SQL test above is the check")
    _store()
    db.session.remove()
    db.engine.dispose()  # checkpoint: everything is in the file
    path = Path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database)
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert b"Bas" in raw  # the file is the right one
    assert not any(secret.encode() in raw for secret in SECRETS.values())


def test_a_new_key_is_rotated_in_and_the_old_one_can_go(app, catalogue, runner):
    worker_id = _store()
    old, new = app.config["DATA_KEYS"], Fernet.generate_key().decode()
    try:
        app.config["DATA_KEYS"] = f"{new},{old}"
        result = runner.invoke(args=["privacy", "rotate-key"])
        assert result.exit_code == 0, result.output
        assert "5 versleutelde velden" in result.output
        app.config["DATA_KEYS"] = new
        db.session.expire_all()
        assert db.session.scalar(select(Intake.diagnosis).where(Intake.worker_id == worker_id)) == SECRETS["diagnosis"]
        assert db.session.scalar(select(DomainVersion.goals)) == SECRETS["goals"]
        app.config["DATA_KEYS"] = old  # the old key alone no longer reads them: a clear error, not nonsense
        db.session.expire_all()
        with pytest.raises(RuntimeError, match="key it was written with is missing"):
            db.session.scalar(select(Intake.diagnosis))
    finally:
        app.config["DATA_KEYS"] = old


def test_the_migration_encrypts_what_was_stored_before_and_its_downgrade_decrypts(app, catalogue):
    _store()
    downgrade(revision="f18a0c0a0001")
    try:
        assert SECRETS["diagnosis"] in _raw("SELECT diagnosis FROM intake")
        assert SECRETS["situation"] in _raw("SELECT situation FROM domain_version")
    finally:
        upgrade()
    assert SECRETS["diagnosis"] not in _raw("SELECT diagnosis FROM intake")
    db.session.expire_all()
    assert db.session.scalar(select(DomainVersion.situation)) == SECRETS["situation"]
