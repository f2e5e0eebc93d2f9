"""A leader lock: one holder across processes for a named piece of work.

On PostgreSQL it is a session advisory lock (``pg_try_advisory_lock``) taken on a dedicated
connection kept open while held: when the holder dies its session ends and the lock is
free at once. On SQLite there is one process (the database file is not shared between
hosts), which is always the leader.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (advisory locks take a bigint)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


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
