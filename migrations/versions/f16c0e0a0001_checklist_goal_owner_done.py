"""checklist goals: the owner as the action points name it (a staff member, the worker, or an outside party), and
"afgerond" (who, when); the free-text owner of earlier goals stays as an outside party's name

Revision ID: f16c0e0a0001
Revises: f16a0c1e0001
Create Date: 2026-11-23 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f16c0e0a0001'
down_revision = 'f16a0c1e0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checklist_goal', schema=None) as batch_op:
        batch_op.alter_column('owner', new_column_name='owner_name', existing_type=sa.String(length=120),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('owner_kind', sa.String(length=20), nullable=False, server_default='extern'))
        batch_op.add_column(sa.Column('owner_staff_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('done_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('done_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('done_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_checklist_goal_owner_staff_id_staff'), 'staff',
                                    ['owner_staff_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_checklist_goal_done_by_id_staff'), 'staff', ['done_by_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_checklist_goal_owner_staff_id'), ['owner_staff_id'], unique=False)


def downgrade():
    with op.batch_alter_table('checklist_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_goal_owner_staff_id'))
        batch_op.drop_constraint(batch_op.f('fk_checklist_goal_done_by_id_staff'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_checklist_goal_owner_staff_id_staff'), type_='foreignkey')
        batch_op.drop_column('done_at')
        batch_op.drop_column('done_by_id')
        batch_op.drop_column('done_on')
        batch_op.drop_column('owner_staff_id')
        batch_op.drop_column('owner_kind')
        batch_op.alter_column('owner_name', new_column_name='owner', existing_type=sa.String(length=120),
                              existing_nullable=False)
