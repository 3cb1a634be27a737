"""Rounds: a sign-up moved to the bus the person boarded, and a boarding on two buses kept as a conflict

Revision ID: 0c5d7e9a2b46
Revises: 9d4f6b2c7a31
Create Date: 2026-11-23 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0c5d7e9a2b46'
down_revision = '9d4f6b2c7a31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moved_from_round_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('moved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('moved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('conflict_round_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('conflict_boarded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('conflict_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_signup_moved_from_round_id_pickup_round'), 'pickup_round',
                                    ['moved_from_round_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_signup_moved_by_id_staff'), 'staff', ['moved_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_signup_conflict_round_id_pickup_round'), 'pickup_round',
                                    ['conflict_round_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_signup_conflict_by_id_staff'), 'staff', ['conflict_by_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_signup_conflict_round_id'), ['conflict_round_id'], unique=False)


def downgrade():
    with op.batch_alter_table('signup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signup_conflict_round_id'))
        batch_op.drop_constraint(batch_op.f('fk_signup_conflict_by_id_staff'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_signup_conflict_round_id_pickup_round'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_signup_moved_by_id_staff'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_signup_moved_from_round_id_pickup_round'), type_='foreignkey')
        for column in ('conflict_by_id', 'conflict_boarded_at', 'conflict_round_id', 'moved_at', 'moved_by_id',
                       'moved_from_round_id'):
            batch_op.drop_column(column)
