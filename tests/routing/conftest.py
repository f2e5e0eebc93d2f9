from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from resync.db.engine import Database
from resync.db.migrate import run_migrations
from tests.fixtures.postgres import create_database, postgres_server


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL on each supported backend."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'resync.db'}"
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    return await create_database(admin_url)


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[Database]:
    db = Database(db_url)
    await run_migrations(db)
    yield db
    await db.close()
