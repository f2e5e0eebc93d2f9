"""PostgreSQL engine: a weighted ``tsvector`` (A title, B section, C tags, D body) built with
``unaccent`` and the ``english`` configuration, ranked by ``ts_rank_cd``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from resync.knowledge.store import (
    SearchFilters,
    SqlKnowledgeStore,
    StoredChunk,
    filter_sql,
    stored_chunk,
)

CONFIG = "english"
# ts_rank_cd weights for {D, C, B, A}: body, tags, section, title.
RANK_WEIGHTS = "{0.1, 0.5, 0.7, 1.0}"
_LEXEME = re.compile(r"^[^\W_]+$", re.UNICODE)


def tsquery_text(terms: Sequence[str]) -> str:
    """``term | term …`` from plain alphanumeric terms only (compound ones come split)."""
    return " | ".join(t for t in terms if _LEXEME.match(t))


class PostgresKnowledgeStore(SqlKnowledgeStore):
    engine = "postgresql-fts"

    async def _index_document(self, conn: AsyncConnection, document_id: int) -> None:
        await conn.execute(
            text(
                "UPDATE knowledge_chunks SET tsv = "
                f"setweight(to_tsvector('{CONFIG}', unaccent(title)), 'A') || "
                f"setweight(to_tsvector('{CONFIG}', unaccent(section)), 'B') || "
                f"setweight(to_tsvector('{CONFIG}', unaccent(tags)), 'C') || "
                f"setweight(to_tsvector('{CONFIG}', unaccent(text)), 'D') "
                "WHERE document_id = :document_id"
            ),
            {"document_id": document_id},
        )

    async def _unindex_document(self, conn: AsyncConnection, document_id: int) -> None:
        """The index lives on the chunk rows: deleting them is enough."""

    async def _document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """One round trip: how many chunks match each term; terms the search leaves out
        (not a plain lexeme) count as matching nothing."""
        lexemes = [t for t in terms if _LEXEME.match(t)]
        found: dict[str, int] = dict.fromkeys(terms, 0)
        if not lexemes:
            return found
        params = {f"t{i}": term for i, term in enumerate(lexemes)}
        counts = ", ".join(
            "(SELECT count(*) FROM knowledge_chunks "
            f"WHERE tsv @@ to_tsquery('{CONFIG}', unaccent(:t{i})))"
            for i in range(len(lexemes))
        )
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(text(f"SELECT {counts}"), params)).one()
        found.update({term: int(row[i]) for i, term in enumerate(lexemes)})
        return found

    async def search(
        self,
        terms: Sequence[str],
        *,
        limit: int,
        filters: SearchFilters,
        anchors: Sequence[str] | None = None,
    ) -> list[StoredChunk]:
        query = tsquery_text(terms)
        if not query:
            return []
        params: dict[str, object] = {"query": query, "limit": limit}
        where = filter_sql(filters, params)
        candidates = "q"
        anchor_query = tsquery_text(anchors or ())
        if anchor_query:  # candidates contain an anchor; scores still use every term
            params["anchors"] = anchor_query
            candidates = f"to_tsquery('{CONFIG}', unaccent(:anchors))"
        sql = (
            f"SELECT c.id, c.source, c.title, c.section, c.text, c.language, c.tags, "
            f"ts_rank_cd('{RANK_WEIGHTS}', c.tsv, q, 1) AS score "
            f"FROM knowledge_chunks c, to_tsquery('{CONFIG}', unaccent(:query)) AS q "
            f"WHERE c.tsv @@ {candidates}{where} ORDER BY score DESC, c.id LIMIT :limit"
        )
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(text(sql), params)).all()
        return [stored_chunk(row, float(row.score)) for row in rows]
