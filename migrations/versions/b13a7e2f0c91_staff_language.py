"""Staff language: each account chooses the interface language (nl or en), Dutch by default

Revision ID: b13a7e2f0c91
Revises: e7a3c91b5d20
Create Date: 2026-11-23 12:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'b13a7e2f0c91'
down_revision = 'e7a3c91b5d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=False, server_default='nl'))


def downgrade():
    with op.batch_alter_table('staff') as batch_op:
        batch_op.drop_column('language')
