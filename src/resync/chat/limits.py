"""Per-user limits on chat traffic: message rate and concurrent WebSocket sessions.

In one process they are counted in memory. With Redis (``RESYNC_REDIS_URL``) they are
counted there, so they hold across every process and host: the rate as a sliding window
(a sorted set of send times per user), the sessions as leases (a sorted set of open
sessions per user, each renewed while its socket lives, so a killed process frees its
sessions when their lease runs out). Redis's own clock is the only clock used.

When Redis does not answer, each process counts in memory again (limits then hold per
process) and tries Redis again a few seconds later: the chat never stops for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import defaultdict, deque
from typing import Any

import structlog
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)

RATE_KEY = "resync:chat:rate:"
SESSIONS_KEY = "resync:chat:sessions:"
SESSION_LEASE_MS = 30_000
RENEW_EVERY = 10.0
RETRY_REDIS_AFTER = 5.0
REDIS_DOWN = (OSError, asyncio.TimeoutError, RedisError)

# KEYS[1] the user's window; ARGV limit, window (ms), a unique member.
# Returns 0 when allowed (and counted), else the milliseconds until a slot frees.
RATE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
"""

# KEYS[1] the user's sessions; ARGV limit (0: renew, or add back after an outage),
# lease (ms), the session.
# Returns 1 when the session holds a lease (acquired or renewed), else 0.
SESSION_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit = tonumber(ARGV[1])
if limit == 0 or redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], lease)
  return 1
end
return 0
"""


class _RedisLink:
    """A Redis client and when it last failed: while it is down, callers count locally."""

    def __init__(self, client: Any, what: str) -> None:
        self.client = client
        self.what = what
        self.down_until = 0.0

    @property
    def usable(self) -> bool:
        return self.client is not None and time.monotonic() >= self.down_until

    def failed(self, exc: BaseException) -> None:
        if self.down_until == 0.0 or time.monotonic() >= self.down_until:
            log.warning("chat_limits_local", limit=self.what, error=f"{type(exc).__name__}: {exc}")
        self.down_until = time.monotonic() + RETRY_REDIS_AFTER

    def recovered(self) -> None:
        if self.down_until:
            log.info("chat_limits_shared_again", limit=self.what)
        self.down_until = 0.0


class MessageRateLimiter:
    """Sliding one-minute window per user (in Redis when a client is given)."""

    def __init__(self, per_minute: int, window: float = 60.0, redis: Any = None) -> None:
        self.per_minute = per_minute
        self.window = window
        self._sent: dict[str, deque[float]] = defaultdict(deque)
        self._redis = _RedisLink(redis, "rate")

    async def acquire(self, user: str) -> float:
        """0 when ``user`` may send now (the message is counted), else seconds to wait."""
        if self._redis.usable:
            try:
                wait_ms = await self._redis.client.eval(
                    RATE_SCRIPT,
                    1,
                    RATE_KEY + user,
                    self.per_minute,
                    int(self.window * 1000),
                    uuid.uuid4().hex,
                )
            except REDIS_DOWN as exc:
                self._redis.failed(exc)
            else:
                self._redis.recovered()
                return int(wait_ms) / 1000
        return self._local(user)

    def _local(self, user: str) -> float:
        now = time.monotonic()
        sent = self._sent[user]
        while sent and now - sent[0] >= self.window:
            sent.popleft()
        if len(sent) >= self.per_minute:
            return max(0.001, self.window - (now - sent[0]))
        sent.append(now)
        return 0.0


class SessionCounter:
    """Open chat sessions per user (leases in Redis when a client is given)."""

    def __init__(self, per_user: int, redis: Any = None) -> None:
        self.per_user = per_user
        self._open: dict[str, int] = defaultdict(int)
        self._redis = _RedisLink(redis, "sessions")
        self._leases: dict[str, str] = {}  # session → user, renewed while open
        self._renewer: asyncio.Task[None] | None = None

    async def acquire(self, user: str) -> str | None:
        """A session handle for ``release``, or None when ``user`` has too many open."""
        if self._redis.usable:
            session = uuid.uuid4().hex
            try:
                got = await self._redis.client.eval(
                    SESSION_SCRIPT, 1, SESSIONS_KEY + user, self.per_user, SESSION_LEASE_MS, session
                )
            except REDIS_DOWN as exc:
                self._redis.failed(exc)
            else:
                self._redis.recovered()
                if not got:
                    return None
                self._leases[session] = user
                self._start_renewing()
                return session
        if self._open[user] >= self.per_user:
            return None
        self._open[user] += 1
        return "local"

    async def release(self, user: str, session: str) -> None:
        if session == "local":
            self._open[user] = max(0, self._open[user] - 1)
            return
        self._leases.pop(session, None)
        with contextlib.suppress(*REDIS_DOWN):
            await self._redis.client.zrem(SESSIONS_KEY + user, session)

    def open_sessions(self, user: str) -> int:
        """Sessions of ``user`` open in this process."""
        return self._open[user] + sum(1 for owner in self._leases.values() if owner == user)

    def _start_renewing(self) -> None:
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.create_task(self._renew(), name="chat-session-leases")

    async def _renew(self) -> None:
        while self._leases:
            await asyncio.sleep(RENEW_EVERY)
            for session, user in list(self._leases.items()):
                try:
                    await self._redis.client.eval(
                        SESSION_SCRIPT, 1, SESSIONS_KEY + user, 0, SESSION_LEASE_MS, session
                    )
                except REDIS_DOWN as exc:
                    self._redis.failed(exc)
                    break

    async def close(self) -> None:
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer
