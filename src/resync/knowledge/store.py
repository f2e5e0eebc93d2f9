"""The knowledge store: one interface, two full-text engines (SQLite FTS5, PostgreSQL).

:class:`SqlKnowledgeStore` holds the SQL both engines share (documents, chunks, vectors);
each engine adds its own index maintenance and ranked search. :func:`open_store` picks the
engine from the database dialect.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from resync.db.engine import Database
from resync.knowledge.chunking import ChunkDraft
from resync.knowledge.models import ChunkRow, DocumentRow
from resync.knowledge.schemas import DocumentInfo, KnowledgeStats
from resync.knowledge.term_selection import ANCHOR_POSTINGS, TermSelection, select_terms

MAX_CACHED_FREQUENCIES = 50_000


@dataclass
class DocumentDraft:
    source: str
    title: str
    media_type: str
    language: str
    content_hash: str
    size_bytes: int


@dataclass
class StoredChunk:
    id: int
    source: str
    title: str
    section: str
    text: str
    language: str
    tags: list[str]
    score: float = 0.0


@dataclass
class SearchFilters:
    language: str | None = None
    sources: Sequence[str] | None = None
    tags: Sequence[str] | None = None  # a chunk matches when it carries any of them


class KnowledgeStore(Protocol):
    engine: str

    async def get_document(self, source: str) -> DocumentInfo | None: ...
    async def replace_document(
        self,
        document: DocumentDraft,
        chunks: Sequence[ChunkDraft],
        vectors: Sequence[list[float]] | None = None,
    ) -> DocumentInfo: ...
    async def remove_document(self, source: str) -> bool: ...
    async def list_documents(self) -> list[DocumentInfo]: ...
    async def stats(self) -> KnowledgeStats: ...
    async def chunk_count(self) -> int: ...
    async def search(
        self,
        terms: Sequence[str],
        *,
        limit: int,
        filters: SearchFilters,
        anchors: Sequence[str] | None = None,
    ) -> list[StoredChunk]: ...
    async def select_terms(self, terms: Sequence[str]) -> TermSelection: ...
    async def vectors(self, filters: SearchFilters) -> list[tuple[int, list[float]]]: ...
    async def get_chunks(self, ids: Sequence[int]) -> list[StoredChunk]: ...


def tags_column(tags: Sequence[str]) -> str:
    return f" {' '.join(tags)} " if tags else " "


def _document_info(row: DocumentRow) -> DocumentInfo:
    return DocumentInfo(
        source=row.source,
        title=row.title,
        media_type=row.media_type,
        language=row.language,
        content_hash=row.content_hash,
        size_bytes=row.size_bytes,
        chunk_count=row.chunk_count,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def stored_chunk(row: object, score: float = 0.0) -> StoredChunk:
    return StoredChunk(
        id=row.id,  # type: ignore[attr-defined]
        source=row.source,  # type: ignore[attr-defined]
        title=row.title,  # type: ignore[attr-defined]
        section=row.section,  # type: ignore[attr-defined]
        text=row.text,  # type: ignore[attr-defined]
        language=row.language,  # type: ignore[attr-defined]
        tags=row.tags.split(),  # type: ignore[attr-defined]
        score=score,
    )


class SqlKnowledgeStore(ABC):
    engine = "sql"

    def __init__(self, db: Database, anchor_postings: int = ANCHOR_POSTINGS) -> None:
        self.db = db
        self.anchor_postings = anchor_postings  # see term_selection
        # Document frequency of each term asked about, until the store changes.
        self._frequencies: dict[str, int] = {}

    # -- engine-specific -------------------------------------------------------------
    @abstractmethod
    async def _index_document(self, conn: AsyncConnection, document_id: int) -> None: ...

    @abstractmethod
    async def _unindex_document(self, conn: AsyncConnection, document_id: int) -> None: ...

    @abstractmethod
    async def search(
        self,
        terms: Sequence[str],
        *,
        limit: int,
        filters: SearchFilters,
        anchors: Sequence[str] | None = None,
    ) -> list[StoredChunk]:
        """Chunks ranked by all ``terms``; with ``anchors``, only chunks containing one of
        them are candidates (scores are unchanged: see :mod:`term_selection`)."""

    @abstractmethod
    async def _document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many chunks each term matches, as the engine's full-text search sees it."""

    # -- shared ----------------------------------------------------------------------
    async def select_terms(self, terms: Sequence[str]) -> TermSelection:
        """Which terms anchor the search (see :mod:`term_selection`).

        Frequencies are counted once per term and kept until a document is stored or
        removed in this process.
        """
        missing = [t for t in dict.fromkeys(terms) if t not in self._frequencies]
        if missing:
            if len(self._frequencies) + len(missing) > MAX_CACHED_FREQUENCIES:
                self._frequencies.clear()
            self._frequencies.update(await self._document_frequencies(missing))
        return select_terms(terms, self._frequencies, budget=self.anchor_postings)

    def _forget_frequencies(self) -> None:
        self._frequencies.clear()

    async def get_document(self, source: str) -> DocumentInfo | None:
        async with self.db.session() as session:
            row = await session.scalar(select(DocumentRow).where(DocumentRow.source == source))
            return _document_info(row) if row else None

    async def replace_document(
        self,
        document: DocumentDraft,
        chunks: Sequence[ChunkDraft],
        vectors: Sequence[list[float]] | None = None,
    ) -> DocumentInfo:
        """Store a document and its chunks, replacing any earlier version, atomically."""
        now = datetime.now(UTC)
        async with self.db.engine.begin() as conn:
            old = (
                await conn.execute(
                    select(DocumentRow.id, DocumentRow.created_at).where(
                        DocumentRow.source == document.source
                    )
                )
            ).first()
            if old is not None:
                await self._unindex_document(conn, old.id)
                await conn.execute(delete(ChunkRow).where(ChunkRow.document_id == old.id))
                await conn.execute(delete(DocumentRow).where(DocumentRow.id == old.id))
            created = old.created_at if old is not None else now
            document_id = (
                await conn.execute(
                    insert(DocumentRow)
                    .values(
                        source=document.source,
                        title=document.title,
                        media_type=document.media_type,
                        language=document.language,
                        content_hash=document.content_hash,
                        size_bytes=document.size_bytes,
                        chunk_count=len(chunks),
                        created_at=created,
                        updated_at=now,
                    )
                    .returning(DocumentRow.id)
                )
            ).scalar_one()
            if chunks:
                await conn.execute(
                    insert(ChunkRow),
                    [
                        {
                            "document_id": document_id,
                            "ordinal": chunk.ordinal,
                            "source": document.source,
                            "title": chunk.title,
                            "section": chunk.section,
                            "text": chunk.text,
                            "language": chunk.language,
                            "tags": tags_column(chunk.tags),
                            "embedding": json.dumps(vectors[i]) if vectors else None,
                        }
                        for i, chunk in enumerate(chunks)
                    ],
                )
                await self._index_document(conn, document_id)
        self._forget_frequencies()  # after the commit, so no old count is cached again
        info = await self.get_document(document.source)
        assert info is not None
        return info

    async def remove_document(self, source: str) -> bool:
        async with self.db.engine.begin() as conn:
            document_id = (
                await conn.execute(select(DocumentRow.id).where(DocumentRow.source == source))
            ).scalar()
            if document_id is None:
                return False
            await self._unindex_document(conn, document_id)
            await conn.execute(delete(ChunkRow).where(ChunkRow.document_id == document_id))
            await conn.execute(delete(DocumentRow).where(DocumentRow.id == document_id))
        self._forget_frequencies()
        return True

    async def list_documents(self) -> list[DocumentInfo]:
        async with self.db.session() as session:
            rows = await session.scalars(select(DocumentRow).order_by(DocumentRow.source))
            return [_document_info(row) for row in rows]

    async def chunk_count(self) -> int:
        async with self.db.session() as session:
            return int(await session.scalar(select(func.count(ChunkRow.id))) or 0)

    async def stats(self) -> KnowledgeStats:
        async with self.db.session() as session:
            documents = await session.scalar(select(func.count(DocumentRow.id))) or 0
            rows = await session.execute(
                select(ChunkRow.language, func.count(ChunkRow.id)).group_by(ChunkRow.language)
            )
            by_language = {str(language): int(count) for language, count in rows}
        return KnowledgeStats(
            documents=int(documents),
            chunks=sum(by_language.values()),
            by_language=by_language,
        )

    async def vectors(self, filters: SearchFilters) -> list[tuple[int, list[float]]]:
        query = select(ChunkRow.id, ChunkRow.embedding, ChunkRow.tags).where(
            ChunkRow.embedding.is_not(None)
        )
        if filters.language:
            query = query.where(ChunkRow.language == filters.language)
        if filters.sources:
            query = query.where(ChunkRow.source.in_(list(filters.sources)))
        async with self.db.session() as session:
            rows = (await session.execute(query)).all()
        wanted = {f" {t} " for t in filters.tags or ()}
        return [
            (row.id, json.loads(row.embedding))
            for row in rows
            if not wanted or any(t in row.tags for t in wanted)
        ]

    async def set_vectors(self, vectors: dict[int, list[float]]) -> None:
        async with self.db.engine.begin() as conn:
            for chunk_id, vector in vectors.items():
                await conn.execute(
                    update(ChunkRow)
                    .where(ChunkRow.id == chunk_id)
                    .values(embedding=json.dumps(vector))
                )

    async def get_chunks(self, ids: Sequence[int]) -> list[StoredChunk]:
        if not ids:
            return []
        async with self.db.session() as session:
            rows = (await session.execute(select(ChunkRow).where(ChunkRow.id.in_(list(ids))))).all()
        by_id = {row.ChunkRow.id: stored_chunk(row.ChunkRow) for row in rows}
        return [by_id[i] for i in ids if i in by_id]


def filter_sql(filters: SearchFilters, params: dict[str, object], alias: str = "c") -> str:
    """``AND …`` clauses for the shared filters, binding their values into ``params``."""
    clauses = []
    if filters.language:
        clauses.append(f"{alias}.language = :language")
        params["language"] = filters.language
    if filters.sources:
        names = []
        for i, source in enumerate(filters.sources):
            params[f"source_{i}"] = source
            names.append(f":source_{i}")
        clauses.append(f"{alias}.source IN ({', '.join(names)})")
    if filters.tags:
        likes = []
        for i, tag in enumerate(filters.tags):
            params[f"tag_{i}"] = f"% {escape_like(tag)} %"
            likes.append(f"{alias}.tags LIKE :tag_{i} ESCAPE '\\'")
        clauses.append(f"({' OR '.join(likes)})")
    return "".join(f" AND {c}" for c in clauses)


def escape_like(value: str) -> str:
    """``value`` matched literally by LIKE … ESCAPE '\\' (``%`` and ``_`` are wildcards)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def open_store(db: Database) -> SqlKnowledgeStore:
    if db.is_postgres:
        from resync.knowledge.postgres_store import PostgresKnowledgeStore

        return PostgresKnowledgeStore(db)
    if db.is_sqlite:
        from resync.knowledge.sqlite_store import SqliteKnowledgeStore

        return SqliteKnowledgeStore(db)
    raise ValueError(f"no knowledge store for database dialect {db.dialect!r}")
