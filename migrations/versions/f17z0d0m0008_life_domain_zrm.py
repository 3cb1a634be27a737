"""Life domains say which ZRM domain they are one to one with (the method file's `zrm`), so that a method's own domain
codes pre-fill the ZRM, not only Relim's (issue 17). The shipped methods' pairs are set here for a database whose
method files are not loaded again; loading a file sets them from then on.

Revision ID: f17z0d0m0008
Revises: f18l0g0a0006
"""
import sqlalchemy as sa
from alembic import op

revision = "f17z0d0m0008"
down_revision = "f18l0g0a0006"
branch_labels = None
depends_on = None

SHIPPED = {
    "relim": {"dagbesteding": "tijdsbesteding", "wonen": "huisvesting", "justitie": "justitie",
              "sociaal": "sociaal_netwerk"},
    "wezm": {"financien": "financien", "huisvesting": "huisvesting", "gezondheid": "lichamelijke_gezondheid",
             "psychisch": "geestelijke_gezondheid", "verslaving": "middelengebruik",
             "sociaal_netwerk": "sociaal_netwerk", "justitie_wezm": "justitie"},
}


def upgrade():
    with op.batch_alter_table("life_domain") as batch:
        batch.add_column(sa.Column("zrm", sa.String(length=40), nullable=True))
    for method, pairs in SHIPPED.items():
        for code, zrm in pairs.items():
            op.execute(sa.text("UPDATE life_domain SET zrm = :zrm WHERE code = :code AND method_id IN "
                               "(SELECT id FROM method WHERE code = :method)").bindparams(zrm=zrm, code=code, method=method))


def downgrade():
    with op.batch_alter_table("life_domain") as batch:
        batch.drop_column("zrm")
