"""Settings changed at run time from the admin console (over the environment's defaults).

Revision ID: 0700_runtime_settings
Revises: 0001_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0700_runtime_settings"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runtime_settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(150), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("runtime_settings")
