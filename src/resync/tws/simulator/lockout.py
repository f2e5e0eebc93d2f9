"""Failed-login counting for the simulator's Basic auth, per client address, in memory.

Like Resync's own logins: after ``max_failures`` failures from one address within
``window`` seconds, that address is refused (429 with ``Retry-After``) until the window
has passed, even with the right credentials.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

MAX_ADDRESSES = 10_000


@dataclass
class _Count:
    failures: int
    first: float
    locked_until: float = 0.0


class FailureCounter:
    def __init__(self, max_failures: int, window: float) -> None:
        self.max_failures = max_failures
        self.window = window
        self._counts: dict[str, _Count] = {}

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again; None when it is not locked."""
        count = self._counts.get(address)
        now = time.monotonic()
        if count is None or count.locked_until <= now:
            return None
        return max(1, math.ceil(count.locked_until - now))

    def failure(self, address: str) -> None:
        now = time.monotonic()
        count = self._counts.get(address)
        if count is None or (now - count.first > self.window and count.locked_until <= now):
            if len(self._counts) >= MAX_ADDRESSES:
                self._counts.clear()  # a flood of addresses: forget rather than grow
            count = self._counts[address] = _Count(0, now)
        count.failures += 1
        if count.failures >= self.max_failures and count.locked_until <= now:
            count.locked_until = now + self.window

    def success(self, address: str) -> None:
        count = self._counts.get(address)
        if count is not None and count.locked_until <= time.monotonic():
            del self._counts[address]
