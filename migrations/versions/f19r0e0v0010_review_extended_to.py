"""A review that extends a phase keeps where the phase then ends (a late review extends further than the months
asked for, and the review history said the sum of the months instead). Reviews kept before have none: their end is
worked out again from the months (trajectory/talks.py).

Revision ID: f19r0e0v0010
Revises: f17z1t0j0009
"""
import sqlalchemy as sa
from alembic import op

revision = "f19r0e0v0010"
down_revision = "f17z1t0j0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review") as batch:
        batch.add_column(sa.Column("extended_to", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("review") as batch:
        batch.drop_column("extended_to")
