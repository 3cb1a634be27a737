"""Life domains: the method's eight leefgebieden, per worker their versions (situation, status, goals), action points
with their versions (owner, due, done), and the overleg's "besproken" marks; all append-only

Revision ID: f16b0d0a0001
Revises: c15e0c0f0003
Create Date: 2026-11-23 18:55:58.975158

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f16b0d0a0001'
down_revision = 'c15e0c0f0003'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('life_domain',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('method_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('short', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('supervisors', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['method_id'], ['method.id'], name=op.f('fk_life_domain_method_id_method')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_life_domain')),
    sa.UniqueConstraint('method_id', 'code', name=op.f('uq_life_domain_method_id_code'))
    )
    op.create_table('action_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('domain_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['domain_id'], ['life_domain.id'], name=op.f('fk_action_point_domain_id_life_domain')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_action_point_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_point')),
    sa.UniqueConstraint('client_id', name=op.f('uq_action_point_client_id'))
    )
    with op.batch_alter_table('action_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_point_worker_id'), ['worker_id'], unique=False)

    op.create_table('domain_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('domain_id', sa.Integer(), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_domain_version_by_id_staff')),
    sa.ForeignKeyConstraint(['domain_id'], ['life_domain.id'], name=op.f('fk_domain_version_domain_id_life_domain')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_domain_version_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_domain_version')),
    sa.UniqueConstraint('client_id', name=op.f('uq_domain_version_client_id'))
    )
    with op.batch_alter_table('domain_version', schema=None) as batch_op:
        batch_op.create_index('ix_domain_version_worker_domain', ['worker_id', 'domain_id'], unique=False)

    op.create_table('overleg_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_overleg_mark_by_id_staff')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_overleg_mark_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_overleg_mark')),
    sa.UniqueConstraint('client_id', name=op.f('uq_overleg_mark_client_id'))
    )
    with op.batch_alter_table('overleg_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overleg_mark_worker_id'), ['worker_id'], unique=False)

    op.create_table('action_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('owner_kind', sa.String(length=20), nullable=False),
    sa.Column('owner_staff_id', sa.Integer(), nullable=True),
    sa.Column('owner_name', sa.String(length=120), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['action_point.id'], name=op.f('fk_action_version_action_id_action_point')),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_action_version_by_id_staff')),
    sa.ForeignKeyConstraint(['owner_staff_id'], ['staff.id'], name=op.f('fk_action_version_owner_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_version')),
    sa.UniqueConstraint('client_id', name=op.f('uq_action_version_client_id'))
    )
    with op.batch_alter_table('action_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_version_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_version_owner_staff_id'), ['owner_staff_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('action_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_version_owner_staff_id'))
        batch_op.drop_index(batch_op.f('ix_action_version_action_id'))

    op.drop_table('action_version')
    with op.batch_alter_table('overleg_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overleg_mark_worker_id'))

    op.drop_table('overleg_mark')
    with op.batch_alter_table('domain_version', schema=None) as batch_op:
        batch_op.drop_index('ix_domain_version_worker_domain')

    op.drop_table('domain_version')
    with op.batch_alter_table('action_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_point_worker_id'))

    op.drop_table('action_point')
    op.drop_table('life_domain')
    
