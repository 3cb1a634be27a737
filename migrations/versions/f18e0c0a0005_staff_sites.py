"""Staff belong to one or more sites (staff_site) with an "alle vestigingen" grant; staff.site_id is carried over
and dropped (issue 18, least privilege per site).

Revision ID: f18e0c0a0005
Revises: f18d0c0a0004
"""
import sqlalchemy as sa
from alembic import op

revision = "f18e0c0a0005"
down_revision = "f18d0c0a0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_site",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_staff_site_site_id_site"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_staff_site_staff_id_staff"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("staff_id", "site_id", name=op.f("pk_staff_site")),
    )
    op.execute("INSERT INTO staff_site (staff_id, site_id) SELECT id, site_id FROM staff WHERE site_id IS NOT NULL")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("all_sites", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint(batch_op.f("fk_staff_site_id_site"), type_="foreignkey")
        batch_op.drop_column("site_id")


def downgrade():
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_staff_site_id_site"), "site", ["site_id"], ["id"])
        batch_op.drop_column("all_sites")
    op.execute("UPDATE staff SET site_id = (SELECT MIN(site_id) FROM staff_site WHERE staff_site.staff_id = staff.id)")
    op.drop_table("staff_site")
