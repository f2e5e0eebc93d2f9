"""The event bus, in-process and over a real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from resync.events import EventBus, InProcessBus, RedisBus
from tests.fixtures.redis_server import redis_server


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path) as url:
        yield url


@pytest.fixture(params=["in_process", "redis"])
async def bus(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EventBus]:
    if request.param == "in_process":
        instance: EventBus = InProcessBus()
        yield instance
        await instance.close()
        return
    with redis_server(tmp_path) as url:
        instance = RedisBus(url)
        yield instance
        await instance.close()


async def _take(subscription: AsyncIterator[dict[str, object]], count: int) -> list[object]:
    found = []
    async for payload in subscription:
        found.append(payload)
        if len(found) == count:
            break
    return found


async def test_subscribers_get_what_is_published_on_their_topic(bus: EventBus) -> None:
    async with (
        bus.subscribe("approvals") as first,
        bus.subscribe("approvals") as second,
        bus.subscribe("other") as other,
    ):
        await bus.publish("approvals", {"id": 1, "status": "pending"})
        await bus.publish("other", {"x": 1})
        await bus.publish("approvals", {"id": 1, "status": "approved"})
        got_first = await asyncio.wait_for(_take(aiter(first), 2), 5)
        got_second = await asyncio.wait_for(_take(aiter(second), 2), 5)
        got_other = await asyncio.wait_for(_take(aiter(other), 1), 5)
    expected = [{"id": 1, "status": "pending"}, {"id": 1, "status": "approved"}]
    assert got_first == got_second == expected
    assert got_other == [{"x": 1}]


async def test_a_closed_subscription_ends_its_iteration(bus: EventBus) -> None:
    subscription = bus.subscribe("approvals")
    await subscription.start()

    async def drain() -> list[dict[str, object]]:
        return [payload async for payload in subscription]

    task = asyncio.create_task(drain())
    await bus.publish("approvals", {"n": 1})
    await asyncio.sleep(0.2)
    await subscription.close()
    assert await asyncio.wait_for(task, 5) == [{"n": 1}]


async def test_payloads_are_copies(bus: EventBus) -> None:
    payload = {"id": 7, "tags": ["a"]}
    async with bus.subscribe("t") as subscription:
        await bus.publish("t", payload)
        received = (await asyncio.wait_for(_take(aiter(subscription), 1), 5))[0]
    assert received == payload and received is not payload


async def test_two_redis_buses_share_events(redis_url: str) -> None:
    one, two = RedisBus(redis_url), RedisBus(redis_url)
    try:
        async with two.subscribe("approvals") as subscription:
            await one.publish("approvals", {"from": "process one"})
            got = await asyncio.wait_for(_take(aiter(subscription), 1), 5)
        assert got == [{"from": "process one"}]
        await one.ping()
    finally:
        await one.close()
        await two.close()
