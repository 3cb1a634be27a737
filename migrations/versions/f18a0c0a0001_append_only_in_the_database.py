"""The access log and the payout ledger are append-only in the database itself: a trigger refuses every UPDATE
and DELETE, whatever client sends it (the ORM guards stay as the first, friendlier refusal). The one way past it
is the retention job's (`flask privacy purge`): within its transaction it writes the table's name into
`retention_permit`, deletes the access-log lines past their period, and removes the permit again; the ledger has
no such path. Whoever may write that table may also drop a trigger: it guards against mistakes and other
clients, not against the database owner.

Revision ID: f18a0c0a0001
Revises: f17b0c0a0001
Create Date: 2026-11-23 22:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'f18a0c0a0001'
down_revision = 'f17b0c0a0001'
branch_labels = None
depends_on = None

TABLES = ("access_log", "ledger_line")  # frozen here: a later append-only table gets its own migration
PURGEABLE = ("access_log",)  # what the retention job may delete past its period (never the ledger)


def upgrade():
    op.create_table("retention_permit", sa.Column("table_name", sa.String(40), primary_key=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION dagdeel_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('access_log')
                        AND EXISTS (SELECT 1 FROM retention_permit WHERE table_name = TG_TABLE_NAME) THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION '% is append-only: add a row (a reversal, a new entry) instead', TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END $$""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION dagdeel_append_only()")
        return
    for table in TABLES:
        for action in ("UPDATE", "DELETE"):
            permit = (f" WHEN NOT EXISTS (SELECT 1 FROM retention_permit WHERE table_name = '{table}')"
                      if action == "DELETE" and table in PURGEABLE else "")
            op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}{permit} BEGIN "
                       f"SELECT RAISE(ABORT, '{table} is append-only: add a row (a reversal, a new entry) instead'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute("DROP FUNCTION dagdeel_append_only()")
    else:
        for table in TABLES:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER {table}_no_{action}")
    op.drop_table("retention_permit")
