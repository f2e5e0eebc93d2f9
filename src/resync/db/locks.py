"""Locks held in the database, so several Resync processes do one thing one at a time.

On PostgreSQL :func:`database_lock` takes a session-level advisory lock on a connection of
its own (``pg_advisory_lock``): the others wait on the server until it is released, or
until the holder's connection dies (a killed process never leaves it held). On SQLite,
which serves one process only, it is an in-process lock.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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
