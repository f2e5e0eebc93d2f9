"""KnowledgeService: the one object other domains call for knowledge, catalogue, incidents.

Built by ``Services.start`` as ``services.knowledge``; the CLI builds it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError

from resync.classifier.identifiers import COMMANDS
from resync.db.engine import Database
from resync.db.locks import database_lock
from resync.knowledge.catalogue import MessageCatalogue
from resync.knowledge.embeddings import EmbeddingsClient
from resync.knowledge.errors import KnowledgeError
from resync.knowledge.incident_repository import IncidentRepository
from resync.knowledge.incidents import IncidentMemory
from resync.knowledge.ingest import IngestLimits, Ingestor
from resync.knowledge.isolation import ParseWorker
from resync.knowledge.pipeline import RetrievalPipeline
from resync.knowledge.retrieve import Retriever
from resync.knowledge.schemas import DocumentInfo, IngestResult, KnowledgeStats, SearchResponse
from resync.knowledge.store import SqlKnowledgeStore, open_store
from resync.settings import Settings

log = structlog.get_logger(__name__)

CORPUS_DIR = Path(__file__).with_name("corpus")
CORPUS_PREFIX = "corpus/"
MAX_LIMIT = 50


class EmptyQuery(KnowledgeError):
    code = "empty_query"
    status_code = 422


class KnowledgeService:
    def __init__(
        self,
        store: SqlKnowledgeStore,
        ingestor: Ingestor,
        retriever: Retriever,
        catalogue: MessageCatalogue,
        incidents: IncidentMemory,
        embeddings: EmbeddingsClient | None = None,
    ) -> None:
        self.store = store
        self.ingestor = ingestor
        self.retriever = retriever
        self.catalogue = catalogue
        self.incidents = incidents
        self.embeddings = embeddings
        self.pipeline = RetrievalPipeline(retriever, catalogue)

    @classmethod
    async def start(cls, settings: Settings, db: Database) -> KnowledgeService:
        store = open_store(db)
        embeddings = None
        if settings.knowledge_embeddings_url.strip():
            embeddings = EmbeddingsClient(
                settings.knowledge_embeddings_url.strip(),
                settings.knowledge_embeddings_model,
                api_key=settings.knowledge_embeddings_api_key.get_secret_value(),
                timeout=settings.knowledge_embeddings_timeout,
            )
        limits = IngestLimits(
            max_bytes=settings.knowledge_max_document_bytes,
            chunk_chars=settings.knowledge_chunk_chars,
            chunk_overlap=settings.knowledge_chunk_overlap,
            max_text_chars=settings.knowledge_max_text_chars,
            max_chunks=settings.knowledge_max_chunks_per_document,
        )
        worker = ParseWorker(settings.knowledge_parse_timeout)
        service = cls(
            store=store,
            ingestor=Ingestor(store, limits, embeddings, worker),
            retriever=Retriever(store, embeddings),
            catalogue=MessageCatalogue.load(),
            incidents=IncidentMemory(IncidentRepository(db)),
            embeddings=embeddings,
        )
        try:
            async with database_lock(db.engine, "knowledge-seed"):  # once across replicas
                if settings.knowledge_load_starter_corpus and not await store.chunk_count():
                    await service.load_starter_corpus()
                await service.incidents.seed_if_empty()
        except BaseException:
            await service.close()
            raise
        log.info("knowledge_started", engine=store.engine, dense=embeddings is not None)
        return service

    async def close(self) -> None:
        if self.ingestor.worker is not None:
            self.ingestor.worker.close()
        if self.embeddings is not None:
            await self.embeddings.close()

    # -- search ------------------------------------------------------------------------
    async def search(
        self,
        query: str,
        *,
        limit: int = 5,
        language: str | None = None,
        sources: Sequence[str] | None = None,
        tags: Sequence[str] | None = None,
        trace: bool = False,
    ) -> SearchResponse:
        """Best-first results (catalogue hits first); ``.trace`` explains them if asked."""
        if not query.strip():
            raise EmptyQuery("the search query is empty")
        return await self.pipeline.run(
            query.strip(),
            limit=max(1, min(limit, MAX_LIMIT)),
            language=language or None,
            sources=list(sources) if sources else None,
            tags=[_normalise_tag(t) for t in tags] if tags else None,
            trace=trace,
        )

    # -- documents -----------------------------------------------------------------------
    async def ingest_path(self, path: Path | str, *, source: str | None = None) -> IngestResult:
        result = await self.ingestor.ingest_path(Path(path), source=source)
        self.retriever.invalidate()
        return result

    async def ingest_bytes(
        self, data: bytes, name: str, *, source: str | None = None, untrusted: bool = False
    ) -> IngestResult:
        result = await self.ingestor.ingest_bytes(data, name, source=source, untrusted=untrusted)
        self.retriever.invalidate()
        return result

    async def remove(self, source: str) -> bool:
        removed = await self.store.remove_document(source)
        self.retriever.invalidate()
        if removed:
            log.info("knowledge_document_removed", source=source)
        return removed

    async def documents(self) -> list[DocumentInfo]:
        return await self.store.list_documents()

    async def load_starter_corpus(self) -> list[IngestResult]:
        """Ingest the built-in PT/EN corpus (also re-syncs it after an upgrade)."""
        results = []
        for path in sorted(CORPUS_DIR.glob("*.md")):
            try:
                results.append(await self.ingest_path(path, source=f"{CORPUS_PREFIX}{path.name}"))
            except IntegrityError:  # another process loaded it at the same moment
                log.info("knowledge_corpus_loaded_elsewhere", source=path.name)
        log.info("knowledge_corpus_loaded", documents=len(results))
        return results

    async def stats(self) -> KnowledgeStats:
        stats = await self.store.stats()
        stats.incidents = await self.incidents.count()
        stats.catalogue_entries = len(self.catalogue)
        stats.dense_retrieval = self.retriever.dense_enabled
        return stats

    async def health(self) -> dict[str, Any]:
        chunks = await self.store.chunk_count()
        details: dict[str, Any] = {"chunks": chunks, "engine": self.store.engine}
        if chunks == 0:
            details["status"] = "degraded"
        return details


def _normalise_tag(tag: str) -> str:
    tag = tag.strip()
    return tag.lower() if tag.lower() in COMMANDS else tag.upper()
