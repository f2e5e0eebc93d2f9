from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from resync.db.engine import Database
from resync.db.migrate import run_migrations
from tests.fixtures.auth_clients import make_client
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.routing_app import app, make_app

__all__ = ["app", "make_app", "make_client"]


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL on each supported backend."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'resync.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database("resync_routing")


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[Database]:
    db = Database(db_url)
    await run_migrations(db)
    yield db
    await db.close()
