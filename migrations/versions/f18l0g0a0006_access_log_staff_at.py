"""Access log by staff member and time: the list pages ask, on every view, which workers this staff member's view of
the page already logged today (webapp/audit/shown.py). An index on (staff_id, at) answers that from today's lines
only; it replaces the index on staff_id alone, which it also serves. Plain CREATE/DROP INDEX, no table rebuild: the
append-only triggers stay.

Revision ID: f18l0g0a0006
Revises: f17e7a0c0007
"""
from alembic import op

revision = "f18l0g0a0006"
down_revision = "f17e7a0c0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_access_log_staff_id_at", "access_log", ["staff_id", "at"])
    op.drop_index("ix_access_log_staff_id", table_name="access_log")


def downgrade():
    op.create_index("ix_access_log_staff_id", "access_log", ["staff_id"])
    op.drop_index("ix_access_log_staff_id_at", table_name="access_log")
