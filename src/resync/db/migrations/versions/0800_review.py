"""Answer feedback (thumbs up/down) and the review queue's resolutions.

Revision ID: 0800_review
Revises: 0400_chat
"""

import sqlalchemy as sa
from alembic import op

revision = "0800_review"
down_revision = "0400_chat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_feedback",
        sa.Column("message_id", sa.String(32), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(32),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("author", sa.String(150), nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_message_feedback_rating", "message_feedback", ["rating"])
    op.create_table(
        "review_resolutions",
        sa.Column("message_id", sa.String(32), primary_key=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("intent", sa.String(32), nullable=True),
        sa.Column("routing", sa.String(16), nullable=True),
        sa.Column("entities", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("incident_id", sa.Integer, nullable=True),
        sa.Column("reviewer", sa.String(150), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_review_resolutions_action", "review_resolutions", ["action"])


def downgrade() -> None:
    op.drop_table("review_resolutions")
    op.drop_table("message_feedback")
