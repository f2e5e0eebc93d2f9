"""A short-TTL cache for plan reads with single-flight coalescing.

Many concurrent identical reads make one upstream request: the first caller runs the
fetch, the others await the same future. Results live ``ttl`` seconds; actions call
:meth:`ReadCache.invalidate` so nobody reads a plan older than their own change.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any


class ReadCache:
    def __init__(self, ttl: float = 5.0, max_entries: int = 512) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._inflight: dict[Hashable, asyncio.Future[Any]] = {}
        self._generation = 0

    def __len__(self) -> int:
        return len(self._entries)

    def invalidate(self) -> None:
        self._entries.clear()
        self._generation += 1  # results of fetches started before this are not stored

    async def get(self, key: Hashable, fetch: Callable[[], Awaitable[Any]]) -> tuple[Any, str]:
        """The value and how it was obtained: ``"hit"``, ``"coalesced"`` or ``"miss"``."""
        if self.ttl > 0:
            entry = self._entries.get(key)
            if entry is not None:
                if entry[0] > time.monotonic():
                    self._entries.move_to_end(key)
                    return entry[1], "hit"
                del self._entries[key]
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending), "coalesced"
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        generation = self._generation
        try:
            value = await fetch()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when alone
            raise
        finally:
            self._inflight.pop(key, None)
        future.set_result(value)
        if self.ttl > 0 and generation == self._generation:
            self._entries[key] = (time.monotonic() + self.ttl, value)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value, "miss"
