"""Locks held in the database, so several Resync processes do one thing one at a time.

On PostgreSQL both are session-level advisory locks taken on a connection of their own:
:func:`database_lock` waits for its lock (``pg_advisory_lock``) until it is released or
the holder's connection dies (a killed process never leaves it held); :func:`leader_lock`
tries once (``pg_try_advisory_lock``) and keeps its connection open while held, so when
the leader dies its session ends and the lock is free at once. On SQLite, which serves
one process only, the first is an in-process lock and the second always held.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

_local: dict[str, asyncio.Lock] = {}


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL's advisory lock space)."""
    digest = hashlib.sha256(b"resync-lock\0" + name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@asynccontextmanager
async def database_lock(engine: AsyncEngine, name: str) -> AsyncIterator[None]:
    """Hold the lock called ``name`` for the block, waiting for it as long as it takes."""
    if engine.dialect.name != "postgresql":
        async with _local.setdefault(name, asyncio.Lock()):
            yield
        return
    key = lock_key(name)
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        await conn.commit()
        try:
            yield
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            await conn.commit()


@dataclass
class Lease:
    held: bool
    _conn: AsyncConnection | None = None

    async def check(self) -> bool:
        """Still held: the connection that holds it still answers."""
        if not self.held or self._conn is None:
            return self.held
        try:
            await self._conn.execute(text("SELECT 1"))
        except Exception:  # the session is gone, and the lock with it
            self.held = False
        return self.held


@asynccontextmanager
async def leader_lock(engine: AsyncEngine, name: str) -> AsyncIterator[Lease]:
    """Try once to take the lock ``name``; the lease says whether this process holds it."""
    if engine.dialect.name != "postgresql":
        yield Lease(True)
        return
    key = lock_key(name)
    async with engine.connect() as conn:
        taken = await conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        lease = Lease(bool(taken.scalar()), conn)
        await conn.commit()  # end the implicit transaction: the lock is the session's
        try:
            yield lease
        finally:
            if lease.held:
                try:
                    await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    await conn.commit()
                except Exception:  # the session is gone: so is the lock
                    lease.held = False
