from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from resync.db.engine import Database
from resync.db.migrate import run_migrations
from resync.knowledge.service import KnowledgeService
from resync.settings import Settings
from tests.fixtures.postgres import PostgresServer


def knowledge_settings(tmp_path: Path, database_url: str = "", **extra: object) -> Settings:
    return Settings(  # type: ignore[call-arg]
        data_dir=tmp_path / "var", database_url=database_url, _env_file=None, **extra
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database on each engine: the same tests run against both."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database("resync_kb")


async def start_knowledge(settings: Settings) -> tuple[Database, KnowledgeService]:
    db = Database(settings.database_url)
    await run_migrations(db)
    return db, await KnowledgeService.start(settings, db)


@pytest.fixture
async def knowledge(tmp_path: Path, engine_url: str) -> AsyncIterator[KnowledgeService]:
    """The service with the starter corpus, on each engine."""
    db, service = await start_knowledge(knowledge_settings(tmp_path, engine_url))
    yield service
    await service.close()
    await db.close()


@pytest.fixture
async def empty_knowledge(tmp_path: Path, engine_url: str) -> AsyncIterator[KnowledgeService]:
    """The service on an empty store (no starter corpus), on each engine."""
    settings = knowledge_settings(tmp_path, engine_url, knowledge_load_starter_corpus=False)
    db, service = await start_knowledge(settings)
    yield service
    await service.close()
    await db.close()
