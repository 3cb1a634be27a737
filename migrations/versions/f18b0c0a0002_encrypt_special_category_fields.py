"""Special-category fields encrypted at rest: the intake's diagnosis, addiction and admissions and the life
domains' situation and goals were stored as plain text; this encrypts what is there with the app's data key
(webapp/crypto.py). The columns stay TEXT. Downgrade decrypts.

Revision ID: f18b0c0a0002
Revises: f18a0c0a0001
Create Date: 2026-11-23 23:00:00

"""
from alembic import op

revision = 'f18b0c0a0002'
down_revision = 'f18a0c0a0001'
branch_labels = None
depends_on = None

# Frozen here (a later encrypted column gets its own migration).
COLUMNS = {"intake": ("diagnosis", "addiction", "admissions"), "domain_version": ("situation", "goals")}


def upgrade():
    from webapp.crypto import PREFIX, encrypt, rewrite

    rewrite(op.get_bind(), lambda value: value if value.startswith(PREFIX) else encrypt(value), COLUMNS)


def downgrade():
    from webapp.crypto import decrypt, rewrite

    rewrite(op.get_bind(), decrypt, COLUMNS)
