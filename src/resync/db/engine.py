"""The async engine and session factory; SQLite (aiosqlite) by default, PostgreSQL by URL.

SQLite allows one writer at a time: a connection that finds the database locked sleeps in
SQLite's busy handler (1, 2, 5, 10… ms, up to the busy timeout) however soon the lock is
released. Under concurrent load those sleeps, not the work, made the latency. Writes that
go through :meth:`Database.writing` therefore queue on an asyncio lock in this process
first (FIFO, woken as soon as the previous writer commits), so they rarely meet a lock
held by a sibling connection; the busy timeout still covers other processes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = structlog.get_logger(__name__)


class Database:
    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.dialect = self.url.get_backend_name()
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if self.is_sqlite:
            database = self.url.database or ""
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs = {"connect_args": {"timeout": 30}}
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = asyncio.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session for a write transaction: on SQLite, one writer of this process at a
        time (see the module's docstring); on PostgreSQL, the same as :meth:`session`."""
        if not self.is_sqlite:
            async with self.sessions() as session:
                yield session
            return
        async with self._write_lock, self.sessions() as session:
            yield session

    async def ping(self) -> float:
        started = time.perf_counter()
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return time.perf_counter() - started

    async def close(self) -> None:
        await self.engine.dispose()

    def safe_url(self) -> str:
        return self.url.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
