"""Ledger latest voucher: a partial index on (worker_id, id) of lines with a voucher, for the preselected choice

Revision ID: 9d4f6b2c7a31
Revises: 5b8e0c4a1f22
Create Date: 2026-11-23 01:35:00

"""
from alembic import op
import sqlalchemy as sa

revision = '9d4f6b2c7a31'
down_revision = '5b8e0c4a1f22'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_ledger_worker_voucher', 'ledger_line', ['worker_id', 'id'],
                    sqlite_where=sa.text('voucher_type IS NOT NULL'), postgresql_where=sa.text('voucher_type IS NOT NULL'))


def downgrade():
    op.drop_index('ix_ledger_worker_voucher', table_name='ledger_line')
