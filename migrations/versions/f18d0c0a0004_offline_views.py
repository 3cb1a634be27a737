"""Offline views: when a view the phone showed from its cache reached the server.

Revision ID: f18d0c0a0004
Revises: f18c0c0a0003
Create Date: 2026-12-07 09:10:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'f18d0c0a0004'
down_revision = 'f18c0c0a0003'
branch_labels = None
depends_on = None


# Plain ALTER TABLE, never batch mode: SQLite's batch mode copies the table and would drop the append-only triggers
# (migration f18a0c0a0001).
def upgrade():
    op.add_column('access_log', sa.Column('synced_at', sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column('access_log', 'synced_at')
