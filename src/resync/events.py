"""The event bus: topics carrying JSON payloads between domains (and processes).

``InProcessBus`` is the default; ``RedisBus`` (redis-py asyncio pub/sub) takes over when
``RESYNC_REDIS_URL`` is set, so several Resync processes see the same events.

Subscribe before you trigger what you want to hear about::

    async with services.bus.subscribe("approvals") as events:
        async for payload in events:
            ...

Payloads must be JSON-serialisable; both buses hand subscribers a fresh ``dict`` decoded
from JSON, so a subscriber never shares (or mutates) the publisher's object.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, Protocol

import orjson
import structlog

log = structlog.get_logger(__name__)

QUEUE_SIZE = 1000
REDIS_CHANNEL_PREFIX = "resync:"


class Subscription(Protocol):
    """An async iterator of payloads; ``close()`` (or leaving ``async with``) stops it."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]: ...

    async def __aenter__(self) -> Subscription: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class EventBus(Protocol):
    async def publish(self, topic: str, payload: dict[str, Any]) -> None: ...

    def subscribe(self, topic: str) -> Subscription: ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


def _encode(payload: dict[str, Any]) -> bytes:
    return orjson.dumps(payload, default=str)


class _SubscriptionBase:
    async def start(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def next_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[dict[str, Any]]:
        await self.start()
        while True:
            try:
                yield await self.next_payload()
            except StopAsyncIteration:
                return

    async def __aenter__(self) -> _SubscriptionBase:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


_CLOSED = object()


class _InProcessSubscription(_SubscriptionBase):
    def __init__(self, bus: InProcessBus, topic: str) -> None:
        self.bus = bus
        self.topic = topic
        self.queue: asyncio.Queue[Any] = asyncio.Queue(QUEUE_SIZE)
        self.started = False
        self.closed = False

    async def start(self) -> None:
        if not self.started and not self.closed:
            self.started = True
            self.bus.subscribers.setdefault(self.topic, set()).add(self)

    def deliver(self, data: bytes) -> None:
        if self.queue.full():
            self.queue.get_nowait()
            log.warning("event_dropped", topic=self.topic, reason="subscriber_too_slow")
        self.queue.put_nowait(data)

    async def next_payload(self) -> dict[str, Any]:
        if self.closed and self.queue.empty():
            raise StopAsyncIteration
        item = await self.queue.get()
        if item is _CLOSED:
            raise StopAsyncIteration
        payload: dict[str, Any] = orjson.loads(item)
        return payload

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.bus.subscribers.get(self.topic, set()).discard(self)
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(_CLOSED)


class InProcessBus:
    """Fan-out to the subscribers of this process; slow subscribers lose their oldest events."""

    def __init__(self) -> None:
        self.subscribers: dict[str, set[_InProcessSubscription]] = {}

    async def publish(self, topic: str, payload: dict[str, Any]) -> None:
        data = _encode(payload)
        for subscription in list(self.subscribers.get(topic, ())):
            subscription.deliver(data)

    def subscribe(self, topic: str) -> Subscription:
        return _InProcessSubscription(self, topic)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        for subscriptions in list(self.subscribers.values()):
            for subscription in list(subscriptions):
                await subscription.close()


class _RedisSubscription(_SubscriptionBase):
    def __init__(self, bus: RedisBus, topic: str) -> None:
        self.bus = bus
        self.channel = REDIS_CHANNEL_PREFIX + topic
        self.pubsub: Any = None
        self.closed = False

    async def start(self) -> None:
        if self.pubsub is None and not self.closed:
            self.pubsub = self.bus.client.pubsub(ignore_subscribe_messages=True)
            await self.pubsub.subscribe(self.channel)
            self.bus.subscriptions.add(self)

    async def next_payload(self) -> dict[str, Any]:
        while not self.closed:
            try:
                message = await self.pubsub.get_message(timeout=1.0)
            except Exception:
                if self.closed:  # close() dropped the connection under this read
                    break
                raise
            if message is None or message.get("type") != "message":
                continue
            payload: dict[str, Any] = orjson.loads(message["data"])
            return payload
        raise StopAsyncIteration

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.bus.subscriptions.discard(self)
        if self.pubsub is not None:
            # Disconnecting ends the subscription; an iterator still reading stops cleanly.
            await self.pubsub.aclose()


class RedisBus:
    """Redis pub/sub: every Resync process connected to the same Redis sees every event."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self.client: Any = redis.from_url(url)
        self.subscriptions: set[_RedisSubscription] = set()

    async def publish(self, topic: str, payload: dict[str, Any]) -> None:
        await self.client.publish(REDIS_CHANNEL_PREFIX + topic, _encode(payload))

    def subscribe(self, topic: str) -> Subscription:
        return _RedisSubscription(self, topic)

    async def ping(self) -> None:
        await self.client.ping()

    async def close(self) -> None:
        for subscription in list(self.subscriptions):
            await subscription.close()
        await self.client.aclose()


def build_bus(redis_url: str) -> EventBus:
    return RedisBus(redis_url) if redis_url.strip() else InProcessBus()
