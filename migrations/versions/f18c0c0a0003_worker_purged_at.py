"""Retention: when `flask privacy purge` anonymised a former worker.

Revision ID: f18c0c0a0003
Revises: f18b0c0a0002
Create Date: 2026-11-23 23:10:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'f18c0c0a0003'
down_revision = 'f18b0c0a0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
