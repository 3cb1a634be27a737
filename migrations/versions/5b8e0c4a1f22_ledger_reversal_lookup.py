"""Ledger reversal lookup: a partial index on reverses_id, so the payout lists find a line's reversal by index

Revision ID: 5b8e0c4a1f22
Revises: 3f1c2a7d9e10
Create Date: 2026-11-23 01:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5b8e0c4a1f22'
down_revision = '3f1c2a7d9e10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_ledger_reverses', 'ledger_line', ['reverses_id'],
                    sqlite_where=sa.text('reverses_id IS NOT NULL'), postgresql_where=sa.text('reverses_id IS NOT NULL'))


def downgrade():
    op.drop_index('ix_ledger_reverses', table_name='ledger_line')
