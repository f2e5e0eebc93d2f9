"""Ingestion: read → check → parse → chunk → (embed) → store, all-or-nothing per document.

Idempotent by content hash: the same bytes under the same source are not stored twice;
changed bytes replace the document's chunks in one transaction. Bad input raises a
:class:`~resync.knowledge.errors.KnowledgeError` before anything is written.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from pathlib import Path

import structlog

from resync.knowledge.chunking import ChunkDraft, chunk_document, document_language
from resync.knowledge.embeddings import EmbeddingsClient, EmbeddingsUnavailable
from resync.knowledge.errors import DocumentNotFound, DocumentTooLarge, EmptyDocument
from resync.knowledge.parsers import ParsedDocument, parse_document, parser_for
from resync.knowledge.schemas import IngestResult
from resync.knowledge.store import DocumentDraft, KnowledgeStore

log = structlog.get_logger(__name__)


@dataclass
class IngestLimits:
    max_bytes: int
    chunk_chars: int
    chunk_overlap: int


class Ingestor:
    def __init__(
        self,
        store: KnowledgeStore,
        limits: IngestLimits,
        embeddings: EmbeddingsClient | None = None,
    ) -> None:
        self.store = store
        self.limits = limits
        self.embeddings = embeddings

    async def ingest_path(self, path: Path, *, source: str | None = None) -> IngestResult:
        parser_for(path.name)  # unsupported types fail before reading anything
        size = await asyncio.to_thread(_file_size, path)
        if size is None:
            raise DocumentNotFound(f"{path}: no such file")
        self._check_size(path.name, size)
        data = await asyncio.to_thread(path.read_bytes)
        return await self.ingest_bytes(data, path.name, source=source)

    async def ingest_bytes(
        self, data: bytes, name: str, *, source: str | None = None
    ) -> IngestResult:
        source = source or name
        parser_for(name)
        self._check_size(name, len(data))
        if not data.strip():
            raise EmptyDocument(f"{name}: the document is empty")
        content_hash = hashlib.sha256(data).hexdigest()
        existing = await self.store.get_document(source)
        if existing is not None and existing.content_hash == content_hash:
            log.info("knowledge_document_unchanged", source=source)
            return IngestResult(
                source=source,
                status="unchanged",
                chunks=existing.chunk_count,
                title=existing.title,
                language=existing.language,
            )
        parsed, chunks = await asyncio.to_thread(self._parse_and_chunk, data, name)
        vectors = await self._embed(source, chunks)
        info = await self.store.replace_document(
            DocumentDraft(
                source=source,
                title=parsed.title,
                media_type=parsed.media_type,
                language=document_language(parsed),
                content_hash=content_hash,
                size_bytes=len(data),
            ),
            chunks,
            vectors,
        )
        status = "replaced" if existing is not None else "added"
        log.info("knowledge_document_ingested", source=source, status=status, chunks=len(chunks))
        return IngestResult(
            source=source,
            status=status,
            chunks=len(chunks),
            title=info.title,
            language=info.language,
        )

    def _check_size(self, name: str, size: int) -> None:
        if size > self.limits.max_bytes:
            raise DocumentTooLarge(
                f"{name}: {size} bytes is over the {self.limits.max_bytes}-byte limit "
                "(RESYNC_KNOWLEDGE_MAX_DOCUMENT_BYTES)"
            )

    def _parse_and_chunk(self, data: bytes, name: str) -> tuple[ParsedDocument, list[ChunkDraft]]:
        parsed = parse_document(data, name)
        chunks = chunk_document(
            parsed, max_chars=self.limits.chunk_chars, overlap=self.limits.chunk_overlap
        )
        if not chunks:
            raise EmptyDocument(f"{name}: no text found in the document")
        return parsed, chunks

    async def _embed(self, source: str, chunks: list[ChunkDraft]) -> list[list[float]] | None:
        if self.embeddings is None:
            return None
        try:
            return await self.embeddings.embed(
                [f"{c.title}\n{c.section}\n{c.text}" for c in chunks]
            )
        except EmbeddingsUnavailable as exc:
            log.warning("knowledge_embeddings_skipped", source=source, error=str(exc))
            return None


def _file_size(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() else None
