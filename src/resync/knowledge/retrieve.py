"""Retrieval: full-text candidates from the store, optional dense candidates, and their
fusion by reciprocal rank."""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Sequence

from resync.knowledge.embeddings import EmbeddingsClient, cosine
from resync.knowledge.store import KnowledgeStore, SearchFilters, StoredChunk
from resync.knowledge.term_selection import TermSelection

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]], k: int = RRF_K
) -> dict[Hashable, float]:
    """score(d) = Σ 1 / (k + rank(d)) over the rankings d appears in (rank from 1)."""
    scores: dict[Hashable, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return dict(sorted(scores.items(), key=lambda kv: kv[1], reverse=True))


class Retriever:
    def __init__(self, store: KnowledgeStore, embeddings: EmbeddingsClient | None = None) -> None:
        self.store = store
        self.embeddings = embeddings
        self._vectors: dict[tuple[object, ...], list[tuple[int, list[float]]]] = {}

    @property
    def dense_enabled(self) -> bool:
        return self.embeddings is not None

    def invalidate(self) -> None:
        """Forget cached vectors after the store changed."""
        self._vectors.clear()

    async def lexical(
        self, terms: Sequence[str], *, limit: int, filters: SearchFilters
    ) -> tuple[list[StoredChunk], TermSelection]:
        """Full-text candidates, anchored on the question's discriminative terms."""
        selection = await self.store.select_terms(terms)
        anchors = selection.anchors if selection.restricts else None
        found = await self.store.search(terms, limit=limit, filters=filters, anchors=anchors)
        return found, selection

    async def dense(self, query: str, *, limit: int, filters: SearchFilters) -> list[StoredChunk]:
        """Chunks nearest to the question; raises EmbeddingsUnavailable when it can't."""
        if self.embeddings is None:
            return []
        (query_vector,) = await self.embeddings.embed([query])
        key = (filters.language, tuple(filters.sources or ()), tuple(filters.tags or ()))
        if key not in self._vectors:
            self._vectors[key] = await self.store.vectors(filters)
        best = heapq.nlargest(limit, ((cosine(query_vector, v), i) for i, v in self._vectors[key]))
        chunks = {c.id: c for c in await self.store.get_chunks([i for _, i in best])}
        found = []
        for score, chunk_id in best:
            if chunk_id in chunks:
                chunks[chunk_id].score = score
                found.append(chunks[chunk_id])
        return found
