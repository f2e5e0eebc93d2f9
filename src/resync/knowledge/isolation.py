"""Parse and chunk untrusted uploads in a separate process, under a time limit.

A hostile document (thousands of nested elements, a decompression bomb) could keep a
parser busy for a long time; in a thread it would still hold the GIL that the event loop
needs. Here one spawned worker process does the work; a parse past the time limit kills
the worker (a new one starts with the next upload) and the upload fails with 422. The
worker's address space is capped too, so a bomb fails with ``MemoryError`` there instead
of growing the server.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, TypeVar

from resync.knowledge.errors import CorruptDocument, DocumentTooComplex

T = TypeVar("T")
WORKER_MEMORY_BYTES = 2 * 1024**3


def _limit_memory() -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))


class ParseWorker:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = asyncio.Lock()

    async def run(self, work: Callable[..., T], *args: Any, name: str = "") -> T:
        """``work(*args)`` in the worker process; one document at a time."""
        async with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    1, mp_context=get_context("spawn"), initializer=_limit_memory
                )
            future = asyncio.wrap_future(self._pool.submit(work, *args))
            try:
                return await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                self._stop()
                raise DocumentTooComplex(
                    f"{name}: parsing took longer than {self.timeout:g} s "
                    "(RESYNC_KNOWLEDGE_PARSE_TIMEOUT)"
                ) from None
            except MemoryError:
                self._stop()
                raise DocumentTooComplex(f"{name}: the document expands to too much") from None
            except BrokenProcessPool:
                self._stop()
                raise CorruptDocument(f"{name}: the parser stopped on this document") from None

    def _stop(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(pool._processes.values()):  # no public way to kill a busy worker
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._stop()
