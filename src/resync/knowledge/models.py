"""Tables of the knowledge base (created by migration ``0100_knowledge``).

The full-text index (FTS5 table on SQLite, ``tsv`` column on PostgreSQL) is not mapped:
the dialect-specific stores maintain it with their own SQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resync.db.base import Base


class DocumentRow(Base):
    __tablename__ = "knowledge_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(512), unique=True)
    title: Mapped[str] = mapped_column(String(512))
    media_type: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    chunk_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChunkRow(Base):
    __tablename__ = "knowledge_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_documents.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(512), index=True)
    title: Mapped[str] = mapped_column(String(512))
    section: Mapped[str] = mapped_column(String(1024))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), index=True)
    # Space-delimited with a leading and trailing space (" AWSBHT001E FAIL "), so a tag
    # filter is a plain LIKE '% TAG %' on both engines.
    tags: Mapped[str] = mapped_column(Text)
    embedding: Mapped[str | None] = mapped_column(Text, nullable=True)


class IncidentRow(Base):
    __tablename__ = "knowledge_incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_name: Mapped[str] = mapped_column(String(255), index=True)
    job_stream: Mapped[str | None] = mapped_column(String(255), nullable=True)
    workstation: Mapped[str | None] = mapped_column(String(255), nullable=True)
    return_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    message_ids: Mapped[str] = mapped_column(Text)
    abend_code: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    log_lines: Mapped[str] = mapped_column(Text)  # JSON list of strings
    cause: Mapped[str] = mapped_column(Text)
    fix: Mapped[str] = mapped_column(Text)
    resolved_by: Mapped[str] = mapped_column(String(255))
    resolved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
