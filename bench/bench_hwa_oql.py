"""OQL query for ABEND jobs over the simulator's plan (>= 2,000 jobs), in the simulator.

Requests go through the simulator's ASGI app in-process (routing, auth, OQL compile,
filter, JSON), with no network. Prints the median time per query against the 20 ms
target, and the plan size.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from resync.tws.simulator.app import simulator_app, standalone_app
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine

ROUNDS = 200
TARGET_MS = 20.0
QUERY = "status = 'ABEND' AND lastInRerunChain = true"


async def main() -> None:
    engine = PlanEngine(42, SimulatedClock(speed=0))
    app = standalone_app(simulator_app(engine))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sim/twsd", auth=("wauser", "wapassword")
    ) as http:
        samples = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            answer = await http.get("/api/v2/plan/job", params={"oql": QUERY})
            samples.append(time.perf_counter() - started)
            assert answer.status_code == 200 and answer.json()["count"] > 0
    median_ms = statistics.median(samples) * 1000
    print(
        f"hwa OQL ABEND query: {median_ms:.2f} ms median over {len(engine.jobs)} jobs "
        f"({median_ms / TARGET_MS:.2f} of the {TARGET_MS:g} ms target)"
    )


if __name__ == "__main__":
    asyncio.run(main())
