"""Teams: channels and their rules, the outbox, the delivery log, the user mapping, the
incoming activities seen (replays) and the conversation kept per Teams conversation.

Revision ID: 0600_notifications
Revises: 0001_base
"""

import sqlalchemy as sa
from alembic import op

from resync.db.timestamps import UTCDateTime

revision = "0600_notifications"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_channels",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("rules", sa.JSON, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("teams_channel_id", sa.String(200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "teams_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("claim_token", sa.String(32), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("dedupe_key", "channel", name="uq_teams_outbox_event_channel"),
    )
    op.create_index("ix_teams_outbox_status_next", "teams_outbox", ["status", "next_attempt_at"])
    op.create_table(
        "teams_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("outbox_id", sa.Integer, nullable=True),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("response", sa.Text, nullable=True),
        sa.Column("latency_ms", sa.Float, nullable=True),
        sa.Column("retry_after_s", sa.Float, nullable=True),
    )
    op.create_index("ix_teams_deliveries_outbox", "teams_deliveries", ["outbox_id"])
    op.create_table(
        "teams_users",
        sa.Column("teams_key", sa.String(200), primary_key=True),
        sa.Column("username", sa.String(150), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "teams_activities",
        sa.Column("activity_id", sa.String(200), primary_key=True),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "teams_conversations",
        sa.Column("teams_conversation_id", sa.String(300), primary_key=True),
        sa.Column("owner", sa.String(150), primary_key=True),
        sa.Column("conversation_id", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "teams_conversations",
        "teams_activities",
        "teams_users",
        "teams_deliveries",
        "teams_outbox",
        "teams_channels",
    ):
        op.drop_table(table)
