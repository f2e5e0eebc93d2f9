"""SQLite engine: an FTS5 table (``porter unicode61 remove_diacritics 2``) ranked by bm25().

The FTS5 row id is the chunk id. bm25() weights title and section above the body.
"""

from __future__ import annotations

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

# Column weights for bm25(): title, section, body, tags. The migration sets the same weights
# as the table's default ``rank``, which FTS5 orders by without a separate sort.
BM25_WEIGHTS = "4.0, 3.0, 1.0, 2.0"


def fts5_match(terms: Sequence[str]) -> str:
    """An OR of quoted terms; quoting keeps FTS5 operators in user text inert."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


class SqliteKnowledgeStore(SqlKnowledgeStore):
    engine = "sqlite-fts5"

    async def _index_document(self, conn: AsyncConnection, document_id: int) -> None:
        await conn.execute(
            text(
                "INSERT INTO knowledge_fts(rowid, title, section, body, tags) "
                "SELECT id, title, section, text, tags FROM knowledge_chunks "
                "WHERE document_id = :document_id"
            ),
            {"document_id": document_id},
        )

    async def _unindex_document(self, conn: AsyncConnection, document_id: int) -> None:
        await conn.execute(
            text(
                "DELETE FROM knowledge_fts WHERE rowid IN "
                "(SELECT id FROM knowledge_chunks WHERE document_id = :document_id)"
            ),
            {"document_id": document_id},
        )

    async def _document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """One round trip: a count of FTS5 matches per term (tokenised, stemmed, unaccented
        exactly as the search will be)."""
        params = {f"t{i}": fts5_match([term]) for i, term in enumerate(terms)}
        counts = ", ".join(
            f"(SELECT count(*) FROM knowledge_fts WHERE knowledge_fts MATCH :t{i})"
            for i in range(len(terms))
        )
        query = text(f"SELECT {counts}")
        row = await self.db.read(lambda conn: conn.execute(query, params).one())
        return {term: int(row[i]) for i, term in enumerate(terms)}

    async def search(
        self,
        terms: Sequence[str],
        *,
        limit: int,
        filters: SearchFilters,
        anchors: Sequence[str] | None = None,
    ) -> list[StoredChunk]:
        if not terms:
            return []
        params: dict[str, object] = {"match": fts5_match(terms), "limit": limit}
        where = filter_sql(filters, params)
        if anchors:
            # Candidates: rows with an anchor term. "+rowid" keeps SQLite from probing the
            # FTS table once per candidate; bm25() is then computed for candidates only,
            # still over every phrase of :match, so their scores are unchanged.
            params["anchors"] = fts5_match(anchors)
            where += (
                " AND +knowledge_fts.rowid IN (SELECT rowid FROM knowledge_fts "
                "WHERE knowledge_fts MATCH :anchors)"
            )
        if filters.language or filters.sources or filters.tags:
            sql = (
                f"SELECT c.*, -bm25(knowledge_fts, {BM25_WEIGHTS}) AS score "
                "FROM knowledge_fts JOIN knowledge_chunks c ON c.id = knowledge_fts.rowid "
                f"WHERE knowledge_fts MATCH :match{where} "
                f"ORDER BY bm25(knowledge_fts, {BM25_WEIGHTS}) LIMIT :limit"
            )
        elif anchors:  # the candidates ranked alone, then the few winners joined
            sql = (
                "SELECT c.*, ranked.score FROM ("
                f"SELECT rowid, -bm25(knowledge_fts, {BM25_WEIGHTS}) AS score "
                f"FROM knowledge_fts WHERE knowledge_fts MATCH :match{where} "
                "ORDER BY score DESC LIMIT :limit"
                ") AS ranked JOIN knowledge_chunks c ON c.id = ranked.rowid "
                "ORDER BY ranked.score DESC"
            )
        else:  # FTS5 ranks alone, then the few winners are joined
            sql = (
                "SELECT c.*, ranked.score FROM ("
                "SELECT rowid, -rank AS score "
                "FROM knowledge_fts WHERE knowledge_fts MATCH :match "
                "ORDER BY rank LIMIT :limit"
                ") AS ranked JOIN knowledge_chunks c ON c.id = ranked.rowid "
                "ORDER BY ranked.score DESC"
            )
        query = text(sql)
        return await self.db.read(lambda conn: [_chunk(row) for row in conn.execute(query, params)])


def _chunk(row: object) -> StoredChunk:
    return stored_chunk(row, float(row.score))  # type: ignore[attr-defined]
