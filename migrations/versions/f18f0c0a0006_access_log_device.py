"""The access log says from which device and on whose behalf (NEN 7513): access_log.device and .on_behalf.

Revision ID: f18f0c0a0006
Revises: f18e0c0a0005
"""
import sqlalchemy as sa
from alembic import op

revision = "f18f0c0a0006"
down_revision = "f18e0c0a0005"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, never batch mode: SQLite's batch mode copies the table and would drop the append-only triggers
# (migration f18a0c0a0001).
def upgrade():
    op.add_column("access_log", sa.Column("device", sa.String(300), server_default="", nullable=False))
    op.add_column("access_log", sa.Column("on_behalf", sa.String(120), server_default="", nullable=False))


def downgrade():
    op.drop_column("access_log", "on_behalf")
    op.drop_column("access_log", "device")
