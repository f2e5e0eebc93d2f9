from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import uvicorn
from prometheus_client import CollectorRegistry

from resync.tws.client import HWAClient
from resync.tws.simulator.app import SimulatorState, simulator_app, standalone_app
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.transport import HWAConnection
from tests.fixtures.processes import free_port

START = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
API_KEY = "test-api-key-0123456789"


@pytest.fixture
def engine() -> PlanEngine:
    return PlanEngine(42, SimulatedClock(START, speed=0))


@dataclass
class SimServer:
    url: str  # base URL ending in /twsd
    state: SimulatorState

    def requests(self, key: str = "total") -> int:
        return self.state.requests[key]

    def fault(self, **fault: Any) -> None:
        answer = httpx.post(
            self.url + "/sim/faults", json=fault, auth=("wauser", "wapassword"), timeout=5
        )
        assert answer.status_code == 201


@contextmanager
def serve(app: Any) -> Iterator[int]:
    """An ASGI app served by uvicorn on a loopback port (real HTTP), in a thread."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_config=None,
        log_level="warning",
        lifespan="off",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def sim_server(engine: PlanEngine) -> Iterator[SimServer]:
    """The simulator served over real HTTP."""
    simulator = simulator_app(engine, api_keys=frozenset({API_KEY}))
    with serve(standalone_app(simulator)) as port:
        yield SimServer(f"http://127.0.0.1:{port}/twsd", simulator.state.simulator)


ClientFactory = Callable[..., HWAClient]


@pytest.fixture
async def make_client() -> AsyncIterator[ClientFactory]:
    clients: list[HWAClient] = []

    def build(*hosts: str, cache_ttl: float = 5.0, **options: Any) -> HWAClient:
        settings: dict[str, Any] = {
            "username": "wauser",
            "password": "wapassword",
            "backoff_base": 0.01,
            "backoff_max": 0.05,
            "connect_timeout": 2.0,
            "read_timeout": 5.0,
            **options,
        }
        client = HWAClient(
            HWAConnection(hosts=tuple(hosts), **settings),
            registry=CollectorRegistry(),
            cache_ttl=cache_ttl,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()


def dead_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}/twsd"
