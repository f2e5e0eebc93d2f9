"""Approvals: human-approved plan changes, executed exactly once.

Revision ID: 0201_approvals
Revises: 0200_auth
"""

import sqlalchemy as sa
from alembic import op

from resync.db.timestamps import UTCDateTime

revision = "0201_approvals"
down_revision = "0200_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("plan_id", sa.String(300), nullable=True),
        sa.Column("job_name", sa.String(100), nullable=True),
        sa.Column("job_stream", sa.String(100), nullable=True),
        sa.Column("workstation", sa.String(100), nullable=True),
        sa.Column("target_state", sa.String(16), nullable=True),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.Column("requester_id", sa.Integer, nullable=False),
        sa.Column("requester", sa.String(64), nullable=False),
        sa.Column("justification", sa.Text, nullable=False),
        sa.Column("risk", sa.String(8), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decision_comment", sa.Text, nullable=True),
        sa.Column("claim_token", sa.String(32), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_index("ix_approval_requests_status", "approval_requests", ["status"])


def downgrade() -> None:
    op.drop_index("ix_approval_requests_status", "approval_requests")
    op.drop_table("approval_requests")
