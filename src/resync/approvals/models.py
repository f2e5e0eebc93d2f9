"""The approval_requests table (migrations 0201_approvals, 0203_approval_warnings)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resync.db.base import Base
from resync.db.timestamps import UTCDateTime


class ApprovalRow(Base):
    __tablename__ = "approval_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(300))
    plan_id: Mapped[str | None] = mapped_column(String(300), nullable=True)
    job_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    job_stream: Mapped[str | None] = mapped_column(String(100), nullable=True)
    workstation: Mapped[str | None] = mapped_column(String(100), nullable=True)
    target_state: Mapped[str | None] = mapped_column(String(16), nullable=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The second opinion (resync.approvals.second_opinion): code, severity, params, pt, en.
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    requester_id: Mapped[int] = mapped_column(Integer)
    requester: Mapped[str] = mapped_column(String(64))
    justification: Mapped[str] = mapped_column(Text)
    risk: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(24), index=True)
    source: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decision_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
