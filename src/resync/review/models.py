"""The tables of the review loop (migration 0800_review)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resync.db.base import Base
from resync.db.timestamps import UTCDateTime


class FeedbackRow(Base):
    """One rating per answer, by the conversation's author; changing it replaces it."""

    __tablename__ = "message_feedback"

    message_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="CASCADE")
    )
    author: Mapped[str] = mapped_column(String(150))
    rating: Mapped[str] = mapped_column(String(8), index=True)
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ResolutionRow(Base):
    """What a reviewer made of one answer (resolving it again replaces it)."""

    __tablename__ = "review_resolutions"

    message_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), index=True)
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(32), nullable=True)
    routing: Mapped[str | None] = mapped_column(String(16), nullable=True)
    entities: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    incident_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewer: Mapped[str] = mapped_column(String(150))
    resolved_at: Mapped[datetime] = mapped_column(UTCDateTime())
