"""A cached plan read against an uncached one, over real HTTP to the simulator.

The simulator runs under uvicorn in a thread on a loopback port; the client reads the
ABEND jobs (a) with the cache off and (b) from a warm cache. Prints the ratio of median
latencies (cached / uncached; lower is better).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

import uvicorn
from prometheus_client import CollectorRegistry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fixtures.processes import free_port

from resync.tws.client import HWAClient
from resync.tws.models import JobState
from resync.tws.simulator.app import simulator_app, standalone_app
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.transport import HWAConnection

ROUNDS = 200


def serve() -> tuple[uvicorn.Server, str]:
    port = free_port()
    app = standalone_app(simulator_app(PlanEngine(42, SimulatedClock(speed=0))))
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_config=None, log_level="warning", lifespan="off"
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}/twsd"


async def median_latency(url: str, cache_ttl: float) -> float:
    connection = HWAConnection(hosts=(url,), password="wapassword")
    async with HWAClient(connection, registry=CollectorRegistry(), cache_ttl=cache_ttl) as client:
        await client.list_jobs(states=[JobState.ABEND])  # warm up (connection, cache)
        samples = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            await client.list_jobs(states=[JobState.ABEND])
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    server, url = serve()
    try:
        uncached = asyncio.run(median_latency(url, 0))
        cached = asyncio.run(median_latency(url, 60))
    finally:
        server.should_exit = True
    print(
        f"hwa cached/uncached read latency: {cached / uncached:.4f} "
        f"(cached {cached * 1e6:.0f} us, uncached {uncached * 1e3:.2f} ms, median of {ROUNDS})"
    )


if __name__ == "__main__":
    main()
