"""Top-5 retrieval latency of the knowledge base on SQLite over >= 10,000 chunks.

Times the whole ``KnowledgeService.search`` (analysis, catalogue, anchor terms, FTS5
bm25, fusion, selection) for varied synthetic questions. Prints one line: median and p95 (target p95
<= 10 ms), with the bare FTS5 query's median as the in-run baseline.
"""

from __future__ import annotations

import asyncio
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_knowledge import documents, questions

DOCUMENTS = 500
SECTIONS = 21  # 10,500 chunks
QUESTIONS = 400


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main() -> None:
    from resync.knowledge.language import query_terms
    from resync.knowledge.store import SearchFilters
    from resync.observability.logging import configure_logging
    from resync.observability.metrics import Metrics
    from resync.services import Services
    from resync.settings import Settings

    configure_logging("WARNING", "json", stream=io.StringIO())
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=Path(tmp), knowledge_load_starter_corpus=False, _env_file=None
        )
        services = await Services.start(settings, Metrics())
        knowledge = services.knowledge
        try:
            for name, data in documents(DOCUMENTS, SECTIONS):
                await knowledge.ingest_bytes(data, name)
            chunks = await knowledge.store.chunk_count()
            asked = questions(QUESTIONS)
            for q in asked[:50]:  # warm up caches
                await knowledge.search(q, limit=5)
            full, bare = [], []
            for q in asked:
                started = time.perf_counter()
                await knowledge.search(q, limit=5)
                full.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                await knowledge.retriever.lexical(query_terms(q), limit=5, filters=SearchFilters())
                bare.append((time.perf_counter() - started) * 1000)
        finally:
            await services.close()
    print(
        f"kb top-5 search over {chunks:,} chunks (sqlite-fts5): median "
        f"{statistics.median(full):.2f} ms, p95 {percentile(full, 0.95):.2f} ms "
        f"(target p95 <= 10 ms; bare anchored FTS5 query median {statistics.median(bare):.2f} ms)"
    )


if __name__ == "__main__":
    asyncio.run(main())
