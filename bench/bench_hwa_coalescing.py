"""Single-flight: 100 concurrent identical plan reads through the HWA client.

The simulator counts the requests it receives. Prints the ratio of upstream requests to
client calls (target: 1 request for 100 calls, 0.01), then the same for 100 calls with
the cache and coalescing off (the baseline, 1.0).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
from prometheus_client import CollectorRegistry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from resync.tws.client import HWAClient
from resync.tws.models import JobState
from resync.tws.simulator.app import simulator_app, standalone_app
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.transport import HWAConnection

CALLS = 100


async def upstream_per_call(cache_ttl: float) -> float:
    simulator = simulator_app(PlanEngine(42, SimulatedClock(speed=0)))
    state = simulator.state.simulator
    client = HWAClient(
        HWAConnection(hosts=("http://sim/twsd",), password="wapassword"),
        registry=CollectorRegistry(),
        transport=httpx.ASGITransport(app=standalone_app(simulator)),
        cache_ttl=cache_ttl,
    )
    async with client:
        if cache_ttl == 0:  # the baseline: every call goes upstream, one after the other
            for _ in range(CALLS):
                await client.http.request(
                    "GET",
                    "/api/v2/plan/job",
                    endpoint="raw",
                    idempotent=True,
                    params={"oql": "status = 'ABEND'"},
                )
        else:
            await asyncio.gather(*(client.list_jobs(states=[JobState.ABEND]) for _ in range(CALLS)))
    return state.requests["total"] / CALLS


async def main() -> None:
    coalesced = await upstream_per_call(5.0)
    baseline = await upstream_per_call(0)
    print(
        f"hwa single-flight: {coalesced:.2f} upstream requests per client call "
        f"({round(coalesced * CALLS)} for {CALLS} concurrent identical reads; "
        f"without coalescing {baseline:.2f})"
    )


if __name__ == "__main__":
    asyncio.run(main())
