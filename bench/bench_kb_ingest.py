"""Ingestion throughput of the knowledge base on SQLite: parse + chunk + tag + store + index.

Prints one line: chunks per second over a few hundred synthetic Markdown documents.
"""

from __future__ import annotations

import asyncio
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_knowledge import documents

DOCUMENTS = 200
SECTIONS = 20


async def main() -> None:
    from resync.observability.logging import configure_logging
    from resync.observability.metrics import Metrics
    from resync.services import Services
    from resync.settings import Settings

    configure_logging("WARNING", "json", stream=io.StringIO())
    docs = documents(DOCUMENTS, SECTIONS)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=Path(tmp), knowledge_load_starter_corpus=False, _env_file=None
        )
        services = await Services.start(settings, Metrics())
        try:
            started = time.perf_counter()
            chunks = 0
            for name, data in docs:
                chunks += (await services.knowledge.ingest_bytes(data, name)).chunks
            elapsed = time.perf_counter() - started
        finally:
            await services.close()
    print(
        f"kb ingestion (sqlite-fts5): {chunks / elapsed:,.0f} chunks/s "
        f"({chunks} chunks from {DOCUMENTS} Markdown documents in {elapsed:.1f} s)"
    )


if __name__ == "__main__":
    asyncio.run(main())
