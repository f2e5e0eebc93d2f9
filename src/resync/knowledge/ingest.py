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
from resync.knowledge.isolation import ParseWorker
from resync.knowledge.parsers import (
    ParsedDocument,
    check_expanded_size,
    parse_document,
    parser_for,
)
from resync.knowledge.schemas import IngestResult
from resync.knowledge.store import DocumentDraft, KnowledgeStore

log = structlog.get_logger(__name__)


@dataclass
class IngestLimits:
    max_bytes: int
    chunk_chars: int
    chunk_overlap: int
    max_text_chars: int = 5_000_000
    max_chunks: int = 5000


class Ingestor:
    def __init__(
        self,
        store: KnowledgeStore,
        limits: IngestLimits,
        embeddings: EmbeddingsClient | None = None,
        worker: ParseWorker | None = None,
    ) -> None:
        self.store = store
        self.limits = limits
        self.embeddings = embeddings
        self.worker = worker

    async def ingest_path(self, path: Path, *, source: str | None = None) -> IngestResult:
        parser_for(path.name)  # unsupported types fail before reading anything
        size = await asyncio.to_thread(_file_size, path)
        if size is None:
            raise DocumentNotFound(f"{path}: no such file")
        self._check_size(path.name, size)
        data = await asyncio.to_thread(path.read_bytes)
        return await self.ingest_bytes(data, path.name, source=source)

    async def ingest_bytes(
        self, data: bytes, name: str, *, source: str | None = None, untrusted: bool = False
    ) -> IngestResult:
        """``untrusted`` (an upload): parsed in the worker process, under its time limit."""
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
        if untrusted and self.worker is not None:
            parsed, chunks = await self.worker.run(
                parse_and_chunk, data, name, self.limits, name=name
            )
        else:
            parsed, chunks = await asyncio.to_thread(parse_and_chunk, data, name, self.limits)
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


def parse_and_chunk(
    data: bytes, name: str, limits: IngestLimits
) -> tuple[ParsedDocument, list[ChunkDraft]]:
    """Parse and chunk one document within ``limits`` (runs in a thread or the worker)."""
    check_expanded_size(data, name, limits.max_text_chars)
    parsed = parse_document(data, name)
    if parsed.text_chars > limits.max_text_chars:
        raise DocumentTooLarge(
            f"{name}: {parsed.text_chars} characters of text is over the "
            f"{limits.max_text_chars} limit (RESYNC_KNOWLEDGE_MAX_TEXT_CHARS)"
        )
    chunks = chunk_document(parsed, max_chars=limits.chunk_chars, overlap=limits.chunk_overlap)
    if not chunks:
        raise EmptyDocument(f"{name}: no text found in the document")
    if len(chunks) > limits.max_chunks:
        raise DocumentTooLarge(
            f"{name}: {len(chunks)} chunks is over the {limits.max_chunks} limit "
            "(RESYNC_KNOWLEDGE_MAX_CHUNKS_PER_DOCUMENT)"
        )
    return parsed, chunks


def _file_size(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() else None
