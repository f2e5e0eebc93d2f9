"""One thread that makes this process's hot-path writes on SQLite, committing the writes
that queued up meanwhile together (group commit).

SQLite takes one writer at a time, and each commit costs the same whatever it holds:
taking the write lock, appending to the WAL, and the Python around it. Under load, writes
arrive faster than they commit, so the writer drains what is waiting and commits it in
one transaction on the one connection it keeps. Every caller is answered only after the
commit that holds its write. When one write of a batch fails, the batch is rolled back
and each write runs again in a transaction of its own, so one failure never loses the
others: a write must therefore be a function of the connection alone, safe to run again.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import Connection, Engine

log = structlog.get_logger(__name__)

MAX_BATCH = 64


@dataclass(slots=True)
class _Write:
    work: Callable[[Connection], Any]
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop

    def settle(self, result: Any, error: BaseException | None) -> None:
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
            self.loop.call_soon_threadsafe(_settle, self.future, result, error)


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class SqliteWriter:
    def __init__(self, engine: Engine, max_batch: int = MAX_BATCH) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self.batches = 0  # commits made, and writes they held: the batching at work
        self.writes = 0
        self._queue: queue.SimpleQueue[_Write | None] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="sqlite-writer", daemon=True)
        self._thread.start()

    async def submit(self, work: Callable[[Connection], Any]) -> Any:
        if self._closed:
            raise RuntimeError("the database is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._queue.put(_Write(work, future, loop))
        return await future

    def close(self) -> None:
        """Finish the writes already queued, then stop (blocks: run it off the loop)."""
        self._closed = True
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        conn: Connection | None = None
        try:
            while True:
                first = self._queue.get()
                if first is None:
                    return
                batch, stop = self._drain(first)
                if conn is None or conn.invalidated:
                    conn = self.engine.connect()
                self._commit(conn, batch)
                if stop:
                    return
        finally:
            if conn is not None:
                conn.close()

    def _drain(self, first: _Write) -> tuple[list[_Write], bool]:
        batch = [first]
        while len(batch) < self.max_batch:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _commit(self, conn: Connection, batch: list[_Write]) -> None:
        if len(batch) > 1:
            try:
                with conn.begin():
                    results = [write.work(conn) for write in batch]
            except Exception as exc:  # one of them failed: each on its own below
                log.debug("sqlite_batch_split", writes=len(batch), error=type(exc).__name__)
            else:
                self._count(len(batch))
                for write, result in zip(batch, results, strict=True):
                    write.settle(result, None)
                return
        for write in batch:
            try:
                with conn.begin():
                    result = write.work(conn)
            except Exception as exc:
                write.settle(None, exc)
            else:
                self._count(1)
                write.settle(result, None)

    def _count(self, writes: int) -> None:
        self.batches += 1
        self.writes += writes
