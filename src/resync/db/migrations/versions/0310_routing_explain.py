"""Routing decisions: the classifier's reasons and entities, for the console's explain panel.

Revision ID: 0310_routing_explain
Revises: 0300_routing
"""

import sqlalchemy as sa
from alembic import op

revision = "0310_routing_explain"
down_revision = "0300_routing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("routing_decisions") as table:
        table.add_column(sa.Column("reasons", sa.JSON, nullable=False, server_default="[]"))
        table.add_column(sa.Column("entities", sa.JSON, nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("routing_decisions") as table:
        table.drop_column("entities")
        table.drop_column("reasons")
