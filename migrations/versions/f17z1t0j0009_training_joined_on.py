"""A training participant who joins a series under way has the day they joined (issue 17): the sessions before it
are not theirs — not on their board, not counted as held for them. Existing participants were there from the start.

Revision ID: f17z1t0j0009
Revises: f17z0d0m0008
"""
import sqlalchemy as sa
from alembic import op

revision = "f17z1t0j0009"
down_revision = "f17z0d0m0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("training_participant") as batch:
        batch.add_column(sa.Column("joined_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("training_participant") as batch:
        batch.drop_column("joined_on")
