"""The breaker's and the cache's own rules, without a server."""

from __future__ import annotations

import asyncio
import time

import pytest

from resync.tws.breaker import BreakerState, CircuitBreaker
from resync.tws.cache import ReadCache


def test_breaker_opens_after_the_threshold_and_lets_one_probe_through() -> None:
    breaker = CircuitBreaker(failure_threshold=2, reset_timeout=0.05)
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED and breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN and not breaker.allow()
    time.sleep(0.06)
    assert breaker.allow() and not breaker.allow()  # one probe at a time
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED and breaker.failures == 0


def test_a_probe_that_never_reports_does_not_block_forever() -> None:
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=0.05)
    breaker.record_failure()
    time.sleep(0.06)
    assert breaker.allow()  # the probe is lost (cancelled)
    time.sleep(0.06)
    assert breaker.allow()


async def test_cache_coalesces_and_expires() -> None:
    cache = ReadCache(ttl=0.05)
    calls = 0

    async def fetch() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return calls

    results = await asyncio.gather(*(cache.get("k", fetch) for _ in range(10)))
    assert [value for value, _ in results] == [1] * 10 and calls == 1
    assert sorted({source for _, source in results}) == ["coalesced", "miss"]
    assert await cache.get("k", fetch) == (1, "hit")
    await asyncio.sleep(0.06)
    assert await cache.get("k", fetch) == (2, "miss")


async def test_failures_reach_every_waiter_and_are_not_cached() -> None:
    cache = ReadCache(ttl=10)

    async def broken() -> int:
        await asyncio.sleep(0.01)
        raise RuntimeError("upstream down")

    outcomes = await asyncio.gather(
        *(cache.get("k", broken) for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(o, RuntimeError) for o in outcomes) and len(cache) == 0


async def test_invalidate_drops_results_of_reads_started_before() -> None:
    cache = ReadCache(ttl=10)

    async def slow() -> str:
        await asyncio.sleep(0.02)
        return "old plan"

    pending = asyncio.create_task(cache.get("k", slow))
    await asyncio.sleep(0.005)
    cache.invalidate()  # an action happened meanwhile
    assert (await pending)[0] == "old plan"
    assert len(cache) == 0


@pytest.mark.parametrize("ttl", [0.0])
async def test_ttl_zero_still_coalesces_but_never_stores(ttl: float) -> None:
    cache = ReadCache(ttl=ttl)

    async def fetch() -> str:
        await asyncio.sleep(0.01)
        return "v"

    results = await asyncio.gather(*(cache.get("k", fetch) for _ in range(5)))
    assert {source for _, source in results} == {"miss", "coalesced"} and len(cache) == 0
