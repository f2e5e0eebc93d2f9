"""Per-user limits on chat traffic: message rate and concurrent WebSocket sessions."""

from __future__ import annotations

import time
from collections import defaultdict, deque


class MessageRateLimiter:
    """Sliding one-minute window per user."""

    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._sent: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, user: str) -> bool:
        now = time.monotonic()
        sent = self._sent[user]
        while sent and now - sent[0] >= self.window:
            sent.popleft()
        if len(sent) >= self.per_minute:
            return False
        sent.append(now)
        return True

    def retry_after(self, user: str) -> float:
        sent = self._sent.get(user)
        if not sent:
            return 0.0
        return max(0.0, self.window - (time.monotonic() - sent[0]))


class SessionCounter:
    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._open: dict[str, int] = defaultdict(int)

    def acquire(self, user: str) -> bool:
        if self._open[user] >= self.per_user:
            return False
        self._open[user] += 1
        return True

    def release(self, user: str) -> None:
        self._open[user] = max(0, self._open[user] - 1)

    def open_sessions(self, user: str) -> int:
        return self._open[user]
