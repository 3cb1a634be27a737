"""Transition: a form's client id on transition checks (a resent form records once), the reason a proefweek started
although a criterion was not met

Revision ID: c15e0c0f0003
Revises: d15a0e7c3b21
Create Date: 2026-11-23 15:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'c15e0c0f0003'
down_revision = 'd15a0e7c3b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('transition_check') as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_transition_check_client_id'), ['client_id'])
    with op.batch_alter_table('enrolment') as batch_op:
        batch_op.add_column(sa.Column('trial_override', sa.String(length=300), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('enrolment') as batch_op:
        batch_op.drop_column('trial_override')
    with op.batch_alter_table('transition_check') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_transition_check_client_id'), type_='unique')
        batch_op.drop_column('client_id')
