"""The async engine and session factory; SQLite (aiosqlite) by default, PostgreSQL by URL.

SQLite allows one writer at a time: a connection that finds the database locked sleeps in
SQLite's busy handler (1, 2, 5, 10… ms, up to the busy timeout) however soon the lock is
released. Under concurrent load those sleeps, not the work, made the latency. Writes that
go through :meth:`Database.writing` therefore queue on an asyncio lock in this process
first (FIFO, woken as soon as the previous writer commits), so they rarely meet a lock
held by a sibling connection; the busy timeout still covers other processes.

Hot paths (a chat message, a batch of routing decisions) use :meth:`Database.read` and
:meth:`Database.write` instead: a plain function over a SQLAlchemy Core ``Connection``.
On SQLite it runs whole on a worker thread of a synchronous engine (one writer thread,
so writes queue there and commit in groups; a few reader threads, WAL lets them read
alongside): one hop to the thread and back, where an ORM session over aiosqlite makes a
hop per statement, cursor, commit and close, and costs several times the CPU. On
PostgreSQL it runs through the async engine's ``run_sync`` in one transaction.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import orjson
import structlog
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from resync.db.sqlite_writer import SqliteWriter

log = structlog.get_logger(__name__)

T = TypeVar("T")

SQLITE_READERS = 4


class Database:
    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.dialect = self.url.get_backend_name()
        kwargs: dict[str, Any] = {"json_serializer": _json}
        if self.is_sqlite:
            database = self.url.database or ""
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = asyncio.Lock()
        self._sync: Engine | None = None
        self.sqlite_writer: SqliteWriter | None = None
        self._readers: ThreadPoolExecutor | None = None
        if self.is_sqlite and (self.url.database or ":memory:") != ":memory:":
            self._sync = create_engine(
                self.url.set(drivername="sqlite"),
                connect_args={"timeout": 30, "check_same_thread": False},
                pool_size=SQLITE_READERS + 2,  # the readers, the writer, one lookup
                json_serializer=_json,
            )
            event.listen(self._sync, "connect", _sqlite_pragmas)
            self.sqlite_writer = SqliteWriter(self._sync)
            self._readers = ThreadPoolExecutor(SQLITE_READERS, thread_name_prefix="sqlite-reader")

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

    async def read(self, work: Callable[[Connection], T]) -> T:
        """``work(connection)`` for reading (no commit); see the module's docstring.

        ``work`` runs on another thread: it must only use the connection and its
        arguments."""
        if self._sync is None:
            async with self.engine.connect() as conn:
                return await conn.run_sync(work)
        engine = self._sync

        def run() -> T:
            with engine.connect() as conn:
                return work(conn)

        return await asyncio.get_running_loop().run_in_executor(self._readers, run)

    async def lookup(self, work: Callable[[Connection], T]) -> T:
        """``work(connection)`` for a read of a few rows by key, on SQLite run right here:
        such a read takes tens of µs, less than the hop to a reader thread and back
        (WAL readers never wait for a writer). Anything bigger goes through :meth:`read`."""
        if self._sync is None:
            async with self.engine.connect() as conn:
                return await conn.run_sync(work)
        with self._sync.connect() as conn:
            return work(conn)

    async def write(self, work: Callable[[Connection], T]) -> T:
        """``work(connection)`` in a transaction, committed when it returns and rolled
        back when it raises; see the module's docstring. On SQLite it may share its
        commit with other writes, and run again when one of those fails
        (:mod:`resync.db.sqlite_writer`): it must only use the connection and its
        arguments."""
        if self.sqlite_writer is None:
            async with self.engine.begin() as conn:
                return await conn.run_sync(work)
        result: T = await self.sqlite_writer.submit(work)
        return result

    async def ping(self) -> float:
        started = time.perf_counter()
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return time.perf_counter() - started

    async def close(self) -> None:
        if self.sqlite_writer is not None:
            await asyncio.to_thread(self.sqlite_writer.close)
        if self._readers is not None:
            await asyncio.to_thread(self._readers.shutdown)
        if self._sync is not None:
            self._sync.dispose()
        await self.engine.dispose()

    def safe_url(self) -> str:
        return self.url.render_as_string(hide_password=True)


def _json(value: Any) -> str:
    """JSON columns as orjson writes them (several times faster than ``json.dumps``)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
