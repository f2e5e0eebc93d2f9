"""Tables of the routing domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resync.db.base import Base


class RoutingDecisionRow(Base):
    __tablename__ = "routing_decisions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    trace_id: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(String(200))
    intent: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    mode: Mapped[str] = mapped_column(String(16))
    handler: Mapped[str] = mapped_column(String(64))
    tools: Mapped[list[str]] = mapped_column(JSON)
    latency_ms: Mapped[float] = mapped_column(Float)
    decision_ms: Mapped[float] = mapped_column(Float)
    handler_ms: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    worker: Mapped[str] = mapped_column(String(64))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    entities: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
