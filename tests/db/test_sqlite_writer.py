"""The SQLite writer: writes that queue up commit together, a failing one loses no other,
every caller hears only after its commit, and closing finishes what is queued."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from structlog.testing import capture_logs

from resync.db.engine import Database


@pytest.fixture
async def database(tmp_path: Path) -> Database:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'writer.db'}")
    await db.write(lambda conn: conn.execute(text("CREATE TABLE t (n INTEGER UNIQUE)")))
    return db


def _insert(n: int) -> object:
    def work(conn: Connection) -> int:
        conn.execute(text("INSERT INTO t (n) VALUES (:n)"), {"n": n})
        return n * 10

    return work


def _stored(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:  # another connection: only committed rows
        return [row[0] for row in conn.execute("SELECT n FROM t ORDER BY n")]


async def test_concurrent_writes_share_commits_and_each_gets_its_result(
    database: Database, tmp_path: Path
) -> None:
    writer = database.sqlite_writer
    assert writer is not None
    before = writer.batches
    results = await asyncio.gather(*(database.write(_insert(n)) for n in range(200)))
    assert results == [n * 10 for n in range(200)]
    assert _stored(tmp_path / "writer.db") == list(range(200))
    assert writer.batches - before < 200  # queued writes were committed together
    await database.close()


def _slow(conn: Connection) -> None:
    time.sleep(0.1)  # holds the writer while the next writes queue up behind it


async def test_a_failing_write_loses_none_of_its_batch(database: Database, tmp_path: Path) -> None:
    writer = database.sqlite_writer
    assert writer is not None
    await database.write(_insert(7))
    blocker = asyncio.ensure_future(database.write(_slow))
    await asyncio.sleep(0.02)
    writes_before = writer.writes
    with capture_logs() as logs:
        outcomes = await asyncio.gather(
            *(database.write(_insert(n)) for n in (1, 2, 7, 3, 4)), return_exceptions=True
        )
        await blocker
    assert [e["writes"] for e in logs if e["event"] == "sqlite_batch_split"] == [5]
    assert outcomes[:2] == [10, 20] and outcomes[3:] == [30, 40]
    assert "UNIQUE" in str(outcomes[2])  # the duplicate alone fails
    assert _stored(tmp_path / "writer.db") == [1, 2, 3, 4, 7]
    # the slow write, then the batch of five split and retried one by one: four succeed
    assert writer.writes - writes_before == 5
    await database.close()


async def test_closing_finishes_the_queued_writes(database: Database, tmp_path: Path) -> None:
    pending = [asyncio.ensure_future(database.write(_insert(n))) for n in range(50)]
    await asyncio.sleep(0)  # queued, not necessarily written
    await database.close()
    assert [await write for write in pending] == [n * 10 for n in range(50)]
    assert _stored(tmp_path / "writer.db") == list(range(50))
    with pytest.raises(RuntimeError, match="closed"):
        await database.write(_insert(99))
