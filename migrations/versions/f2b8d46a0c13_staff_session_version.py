"""Staff session version: logout and a password change end every session of the account

Revision ID: f2b8d46a0c13
Revises: 0c5d7e9a2b46
Create Date: 2026-11-24 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'f2b8d46a0c13'
down_revision = '0c5d7e9a2b46'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff') as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('staff') as batch_op:
        batch_op.drop_column('session_version')
