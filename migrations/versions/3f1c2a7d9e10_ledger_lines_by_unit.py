"""Ledger lines by unit: the payout lists look lines up by (programme, unit)

Revision ID: 3f1c2a7d9e10
Revises: 899050954d28
Create Date: 2026-11-22 23:45:00

"""
from alembic import op

revision = '3f1c2a7d9e10'
down_revision = '899050954d28'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_ledger_programme_unit', 'ledger_line', ['programme', 'unit'])


def downgrade():
    op.drop_index('ix_ledger_programme_unit', table_name='ledger_line')
