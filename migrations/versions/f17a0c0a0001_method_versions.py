"""method versions, maximum durations, each enrolment's method version

Revision ID: f17a0c0a0001
Revises: f16c0e0a0001
Create Date: 2026-11-23 22:50:00

"""
import json
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f17a0c0a0001'
down_revision = 'f16c0e0a0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('method_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('method_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['method_id'], ['method.id'], name=op.f('fk_method_version_method_id_method')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_method_version')),
    sa.UniqueConstraint('method_id', 'number', name=op.f('uq_method_version_method_id_number'))
    )
    with op.batch_alter_table('method_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_method_version_method_id'), ['method_id'], unique=False)
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_months', sa.Integer(), nullable=True))
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_months', sa.Integer(), nullable=True))
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method_version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_enrolment_method_version_id_method_version'), 'method_version',
                                    ['method_version_id'], ['id'])
    _backfill()


def _backfill():
    """Version 1 of each method is what the database holds now (its hash empty: the next load, whatever the file
    says, is version 2); every enrolment keeps it."""
    bind = op.get_bind()
    methods = bind.execute(sa.text("SELECT id, code, name FROM method")).all()
    for method_id, code, name in methods:
        modules = []
        for module_id, m_code, m_name, track, optional, duration, extension, review, note in bind.execute(sa.text(
                "SELECT id, code, name, track, optional, duration_months, extension_months, review_months, "
                "duration_note FROM module WHERE method_id = :m ORDER BY position"), {"m": method_id}):
            spec = {"code": m_code, "name": m_name, "track": track, "optional": bool(optional),
                    "duration_note": note or ""}
            for key, value in (("duration_months", duration), ("extension_months", extension),
                               ("review_months", review)):
                if value is not None:
                    spec[key] = value
            phases = []
            for number, p_name, p_duration in bind.execute(sa.text(
                    "SELECT number, name, duration_months FROM phase WHERE module_id = :m ORDER BY number"),
                    {"m": module_id}):
                phase = {"number": number, "name": p_name}
                if p_duration is not None:
                    phase["duration_months"] = p_duration
                phases.append(phase)
            if phases:
                spec["phases"] = phases
            modules.append(spec)
        content = json.dumps({"code": code, "name": name, "modules": modules}, ensure_ascii=False, sort_keys=True)
        bind.execute(sa.text("INSERT INTO method_version (method_id, number, content_hash, loaded_at, content) "
                             "VALUES (:m, 1, '', :at, :c)"),
                     {"m": method_id, "at": datetime.now(timezone.utc).replace(tzinfo=None), "c": content})
        version_id = bind.execute(sa.text("SELECT id FROM method_version WHERE method_id = :m AND number = 1"),
                                  {"m": method_id}).scalar()
        bind.execute(sa.text("UPDATE enrolment SET method_version_id = :v WHERE module_id IN "
                             "(SELECT id FROM module WHERE method_id = :m)"), {"v": version_id, "m": method_id})


def downgrade():
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_enrolment_method_version_id_method_version'), type_='foreignkey')
        batch_op.drop_column('method_version_id')
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.drop_column('max_months')
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.drop_column('max_months')
    with op.batch_alter_table('method_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_method_version_method_id'))
    op.drop_table('method_version')
