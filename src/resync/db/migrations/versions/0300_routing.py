"""Routing decisions: one row per routed message, shared by every worker.

Revision ID: 0300_routing
Revises: 0001_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0300_routing"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routing_decisions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trace_id", sa.String(64), nullable=False),
        sa.Column("message", sa.String(200), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("handler", sa.String(64), nullable=False),
        sa.Column("tools", sa.JSON, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("decision_ms", sa.Float, nullable=False),
        sa.Column("handler_ms", sa.Float, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("worker", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_routing_decisions"),
    )
    op.create_index("ix_routing_decisions_at", "routing_decisions", ["at"])


def downgrade() -> None:
    op.drop_index("ix_routing_decisions_at", table_name="routing_decisions")
    op.drop_table("routing_decisions")
