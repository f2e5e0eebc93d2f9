"""The Teams tables (created by migration 0600_notifications), for SQLAlchemy Core."""

from __future__ import annotations

import sqlalchemy as sa

from resync.db.timestamps import UTCDateTime

metadata = sa.MetaData()

channels = sa.Table(
    "teams_channels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("rules", sa.JSON, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("teams_channel_id", sa.String(200)),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)
outbox = sa.Table(
    "teams_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dedupe_key", sa.String(200), nullable=False),
    sa.Column("channel", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
    sa.Column("claim_token", sa.String(32)),
    sa.Column("claimed_until", UTCDateTime()),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("delivered_at", UTCDateTime()),
    sa.UniqueConstraint("dedupe_key", "channel"),
)
deliveries = sa.Table(
    "teams_deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("outbox_id", sa.Integer),
    sa.Column("channel", sa.String(100), nullable=False),
    sa.Column("dedupe_key", sa.String(200), nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("status_code", sa.Integer),
    sa.Column("error", sa.Text),
    sa.Column("response", sa.Text),
    sa.Column("latency_ms", sa.Float),
    sa.Column("retry_after_s", sa.Float),
)
users = sa.Table(
    "teams_users",
    metadata,
    sa.Column("teams_key", sa.String(200), primary_key=True),
    sa.Column("username", sa.String(150), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
activities = sa.Table(
    "teams_activities",
    metadata,
    sa.Column("activity_id", sa.String(200), primary_key=True),
    sa.Column("seen_at", UTCDateTime(), nullable=False),
)
conversations = sa.Table(
    "teams_conversations",
    metadata,
    sa.Column("teams_conversation_id", sa.String(300), primary_key=True),
    sa.Column("owner", sa.String(150), primary_key=True),
    sa.Column("conversation_id", sa.String(32), nullable=False),
)
