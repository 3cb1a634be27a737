"""checklists: instruments, versions, sessions, scores, goals

Revision ID: f16a0c1e0001
Revises: f16b0d0a0001
Create Date: 2026-11-23 18:56:43.450405

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f16a0c1e0001'
down_revision = 'f16b0d0a0001'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('instrument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('phase_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_instrument_module_id_module')),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_instrument_phase_id_phase')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument')),
    sa.UniqueConstraint('code', name=op.f('uq_instrument_code'))
    )
    op.create_table('instrument_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('items_json', sa.Text(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_instrument_version_instrument_id_instrument')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument_version')),
    sa.UniqueConstraint('instrument_id', 'number', name=op.f('uq_instrument_version_instrument_id_number'))
    )
    op.create_table('checklist_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('supervisor_done_at', sa.DateTime(), nullable=True),
    sa.Column('worker_done_at', sa.DateTime(), nullable=True),
    sa.Column('worker_on_paper', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_checklist_session_by_id_staff')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_checklist_session_review_id_review')),
    sa.ForeignKeyConstraint(['version_id'], ['instrument_version.id'], name=op.f('fk_checklist_session_version_id_instrument_version')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_checklist_session_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_session')),
    sa.UniqueConstraint('client_id', name=op.f('uq_checklist_session_client_id'))
    )
    with op.batch_alter_table('checklist_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_session_worker_id'), ['worker_id'], unique=False)

    op.create_table('checklist_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=120), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_checklist_goal_by_id_staff')),
    sa.ForeignKeyConstraint(['session_id'], ['checklist_session.id'], name=op.f('fk_checklist_goal_session_id_checklist_session')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_checklist_goal_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_goal')),
    sa.UniqueConstraint('client_id', name=op.f('uq_checklist_goal_client_id'))
    )
    with op.batch_alter_table('checklist_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_goal_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_goal_worker_id'), ['worker_id'], unique=False)

    op.create_table('checklist_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('rater', sa.String(length=20), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('on_paper', sa.Boolean(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_checklist_score_by_id_staff')),
    sa.ForeignKeyConstraint(['session_id'], ['checklist_session.id'], name=op.f('fk_checklist_score_session_id_checklist_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_score')),
    sa.UniqueConstraint('session_id', 'rater', 'item', name=op.f('uq_checklist_score_session_id_rater_item'))
    )
    with op.batch_alter_table('checklist_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_score_session_id'), ['session_id'], unique=False)




def downgrade():

    with op.batch_alter_table('checklist_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_score_session_id'))

    op.drop_table('checklist_score')
    with op.batch_alter_table('checklist_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_goal_worker_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_goal_session_id'))

    op.drop_table('checklist_goal')
    with op.batch_alter_table('checklist_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_session_worker_id'))

    op.drop_table('checklist_session')
    op.drop_table('instrument_version')
    op.drop_table('instrument')

