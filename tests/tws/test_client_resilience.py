"""Error mapping, fail-over, timeouts, retries, the circuit breaker and the read cache."""

from __future__ import annotations

import asyncio
import time

import pytest

from resync.tws.breaker import BreakerState
from resync.tws.errors import (
    TWSAuthError,
    TWSBadRequest,
    TWSCircuitOpen,
    TWSConflict,
    TWSForbidden,
    TWSTimeout,
    TWSUnavailable,
)
from resync.tws.models import JobState
from tests.tws.conftest import ClientFactory, SimServer, dead_url

JOBS = "/api/v2/plan/job"


async def test_wrong_password_is_an_auth_error(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url, password="nope")
    with pytest.raises(TWSAuthError) as error:
        await client.engine_info()
    assert error.value.upstream_status == 401 and error.value.messages


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, TWSBadRequest), (403, TWSForbidden), (409, TWSConflict), (503, TWSUnavailable)],
)
async def test_statuses_map_to_the_hierarchy(
    sim_server: SimServer, make_client: ClientFactory, status: int, kind: type[Exception]
) -> None:
    client = make_client(sim_server.url, read_retries=0)
    sim_server.fault(status=status, path=JOBS)
    with pytest.raises(kind) as error:
        await client.list_jobs(name="PAYROLL_01")
    assert "Injected fault" in str(error.value)
    assert error.value.messages == [f"Injected fault: HTTP {status}."]  # type: ignore[attr-defined]


async def test_action_in_the_wrong_state_is_a_conflict(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    done = (await client.list_jobs(states=[JobState.SUCC], limit=1))[0]
    with pytest.raises(TWSConflict) as error:
        await client.hold(done.id)
    assert "cannot be held" in error.value.messages[0]


async def test_action_without_json_content_type_gets_415(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    job = (await client.find_jobs("PAYROLL_01"))[0]
    with pytest.raises(TWSBadRequest) as error:
        await client.http.request(
            "PUT", f"/plan/current/job/{job.id}/action/rerun", endpoint="raw", idempotent=False
        )
    assert error.value.upstream_status == 415


async def test_fails_over_when_the_first_host_is_down(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(dead_url(), sim_server.url)
    info = await client.engine_info()
    assert info.host == sim_server.url and client.http.current_host == sim_server.url
    assert client.metrics.registry.get_sample_value("hwa_failovers_total") == 1
    await client.list_jobs(name="PAYROLL_01")  # sticks to the host that answered
    assert client.metrics.registry.get_sample_value("hwa_failovers_total") == 1


async def test_no_host_answering_is_unavailable(make_client: ClientFactory) -> None:
    client = make_client(dead_url(), dead_url(), read_retries=1)
    with pytest.raises(TWSUnavailable, match="no HWA host answered"):
        await client.engine_info()


async def test_slow_answers_time_out(sim_server: SimServer, make_client: ClientFactory) -> None:
    client = make_client(sim_server.url, read_timeout=0.2, read_retries=0)
    sim_server.fault(status=200, delay=1.0, path=JOBS)
    with pytest.raises(TWSTimeout):
        await client.list_jobs(name="PAYROLL_01")


async def test_reads_retry_and_honour_retry_after(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url, read_retries=2)
    sim_server.fault(status=503, count=1, retry_after=0.3, path=JOBS)
    before = sim_server.requests()
    started = time.monotonic()
    jobs = await client.list_jobs(name="PAYROLL_01")
    assert jobs and time.monotonic() - started >= 0.3
    assert sim_server.requests() - before == 2


async def test_actions_are_never_retried(sim_server: SimServer, make_client: ClientFactory) -> None:
    client = make_client(sim_server.url, read_retries=3)
    job = (await client.find_jobs("PAYROLL_01"))[0]
    sim_server.fault(status=503, count=1, path=f"{JOBS}/action/rerun")
    before = sim_server.requests()
    with pytest.raises(TWSUnavailable):
        await client.rerun(job.id)
    assert sim_server.requests() - before == 1
    assert [j.id for j in await client.find_jobs("PAYROLL_01")] == [job.id]  # no rerun happened


async def test_circuit_opens_fails_fast_then_closes_after_a_probe(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(
        sim_server.url, read_retries=0, breaker_threshold=3, breaker_reset=0.3, cache_ttl=0
    )
    sim_server.fault(status=503, count=3, path=JOBS)
    for _ in range(3):
        with pytest.raises(TWSUnavailable):
            await client.list_jobs(name="PAYROLL_01")
    assert client.http.breaker.state is BreakerState.OPEN
    before = sim_server.requests()
    with pytest.raises(TWSCircuitOpen):
        await client.list_jobs(name="PAYROLL_01")
    assert sim_server.requests() == before  # failed fast, nothing sent
    await asyncio.sleep(0.35)
    assert client.http.breaker.state is BreakerState.HALF_OPEN
    assert await client.list_jobs(name="PAYROLL_01")  # the probe succeeds
    assert client.http.breaker.state is BreakerState.CLOSED


async def test_a_failed_probe_opens_the_circuit_again(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(
        sim_server.url, read_retries=0, breaker_threshold=1, breaker_reset=0.2, cache_ttl=0
    )
    sim_server.fault(status=503, count=2, path=JOBS)
    with pytest.raises(TWSUnavailable):
        await client.list_jobs(name="PAYROLL_01")
    await asyncio.sleep(0.25)
    with pytest.raises(TWSUnavailable):
        await client.list_jobs(name="PAYROLL_01")  # the probe fails
    assert client.http.breaker.state is BreakerState.OPEN


async def test_concurrent_identical_reads_make_one_request(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url)
    before = sim_server.requests()
    results = await asyncio.gather(*(client.list_jobs(states=[JobState.ABEND]) for _ in range(50)))
    assert sim_server.requests() - before == 1
    assert all(r == results[0] for r in results)
    await client.list_jobs(states=[JobState.ABEND])  # cached
    assert sim_server.requests() - before == 1


async def test_actions_invalidate_the_cache(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url, cache_ttl=60)
    job = (await client.find_jobs("PAYROLL_01"))[0]
    await client.rerun(job.id)
    assert len(await client.find_jobs("PAYROLL_01")) == 2
