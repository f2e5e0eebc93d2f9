"""Views of a job list read: computed once per cached read, never older than the read."""

from __future__ import annotations

import asyncio

from resync.tws.models import JobInstance, JobState
from tests.tws.conftest import ClientFactory, SimServer


class CountingView:
    """A view (the names of the last instance of each chain) that counts its computations."""

    def __init__(self) -> None:
        self.computed = 0

    def __call__(self, jobs: tuple[JobInstance, ...]) -> list[str]:
        self.computed += 1
        return sorted(job.name for job in jobs if job.is_last_in_chain)


async def test_a_view_is_computed_once_per_cached_read(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url, cache_ttl=60)
    view = CountingView()
    first = await client.job_view(view, states=[JobState.ABEND])
    together = await asyncio.gather(
        *(client.job_view(view, states=[JobState.ABEND]) for _ in range(10))
    )
    assert view.computed == 1
    assert all(result is first for result in together)
    listed = await client.list_jobs(states=[JobState.ABEND])
    assert first == sorted(job.name for job in listed if job.is_last_in_chain)
    other = await client.job_view(view, states=[JobState.EXEC])  # another read, its own view
    assert view.computed == 2 and other != first


async def test_an_action_makes_the_next_view_fresh(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url, cache_ttl=60)
    view = CountingView()
    before = await client.job_view(view, states=[JobState.ABEND])
    assert "PAYROLL_01" in before
    payroll = (await client.find_jobs("PAYROLL_01"))[0]
    await client.rerun(payroll.id)  # the rerun instance is now the last of the chain
    after = await client.job_view(view, states=[JobState.ABEND])
    assert view.computed == 2
    assert "PAYROLL_01" not in after
    assert len(after) == len(before) - 1


async def test_a_view_expires_with_its_read(
    sim_server: SimServer, make_client: ClientFactory
) -> None:
    client = make_client(sim_server.url, cache_ttl=0.05)
    view = CountingView()
    await client.job_view(view, states=[JobState.ABEND])
    await asyncio.sleep(0.1)
    await client.job_view(view, states=[JobState.ABEND])
    assert view.computed == 2
    uncached = make_client(sim_server.url, cache_ttl=0)
    await uncached.job_view(view, states=[JobState.ABEND])
    await uncached.job_view(view, states=[JobState.ABEND])
    assert view.computed == 4
