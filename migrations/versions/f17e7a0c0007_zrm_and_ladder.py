"""The municipality's instruments (issue 17 item 7): ZRM assessments with their scores, entered Participatieladder
rungs, and the rung an outflow reason shows.

Revision ID: f17e7a0c0007
Revises: f18f0c0a0006
"""
import sqlalchemy as sa
from alembic import op


revision = "f17e7a0c0007"
down_revision = "f18f0c0a0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "zrm_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=20), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f("fk_zrm_assessment_by_id_staff")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_zrm_assessment_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zrm_assessment")),
        sa.UniqueConstraint("client_id", name=op.f("uq_zrm_assessment_client_id")),
    )
    op.create_index(op.f("ix_zrm_assessment_worker_id"), "zrm_assessment", ["worker_id"], unique=False)
    op.create_table(
        "zrm_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_zrm_score_level_1_to_5")),
        sa.ForeignKeyConstraint(["assessment_id"], ["zrm_assessment.id"],
                                name=op.f("fk_zrm_score_assessment_id_zrm_assessment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zrm_score")),
        sa.UniqueConstraint("assessment_id", "domain", name=op.f("uq_zrm_score_assessment_id_domain")),
    )
    op.create_index(op.f("ix_zrm_score_assessment_id"), "zrm_score", ["assessment_id"], unique=False)
    op.create_table(
        "ladder_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint("rung BETWEEN 1 AND 6", name=op.f("ck_ladder_entry_rung_1_to_6")),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f("fk_ladder_entry_by_id_staff")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_ladder_entry_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ladder_entry")),
        sa.UniqueConstraint("client_id", name=op.f("uq_ladder_entry_client_id")),
    )
    op.create_index(op.f("ix_ladder_entry_worker_id"), "ladder_entry", ["worker_id"], unique=False)
    with op.batch_alter_table("outflow_reason", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ladder", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("outflow_reason", schema=None) as batch_op:
        batch_op.drop_column("ladder")
    op.drop_index(op.f("ix_ladder_entry_worker_id"), table_name="ladder_entry")
    op.drop_table("ladder_entry")
    op.drop_index(op.f("ix_zrm_score_assessment_id"), table_name="zrm_score")
    op.drop_table("zrm_score")
    op.drop_index(op.f("ix_zrm_assessment_worker_id"), table_name="zrm_assessment")
    op.drop_table("zrm_assessment")
