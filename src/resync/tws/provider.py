"""Build the HWA client (and, with no ``RESYNC_HWA_URL``, the embedded simulator) from settings."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette

from resync.settings import Settings
from resync.tws.client import HWAClient
from resync.tws.simulator.app import PREFIX, simulator_app, standalone_app
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.transport import HWAConnection

SIMULATOR_BASE_URL = "http://hwa-simulator" + PREFIX
IN_PROCESS_CLIENT = ("resync-in-process", 0)


@dataclass
class HWAStack:
    client: HWAClient
    simulator: Starlette | None = None  # the simulator's app (paths relative to /twsd)


def build_simulator(settings: Settings) -> Starlette:
    clock = SimulatedClock(settings.hwa_sim_start, speed=settings.hwa_sim_clock_speed)
    engine = PlanEngine(settings.hwa_sim_seed, clock)
    return simulator_app(
        engine,
        username=settings.hwa_sim_username,
        password=settings.hwa_sim_password.get_secret_value(),
        max_failures=settings.auth_max_failures_per_address,
        lockout_seconds=settings.auth_lockout_seconds,
    )


def connection_from_settings(settings: Settings) -> HWAConnection:
    hosts = tuple(h.strip().rstrip("/") for h in settings.hwa_url.split(",") if h.strip())
    return HWAConnection(
        hosts=hosts or (SIMULATOR_BASE_URL,),
        username=settings.hwa_username,
        password=settings.hwa_password.get_secret_value(),
        api_key=settings.hwa_api_key.get_secret_value(),
        verify_tls=settings.hwa_verify_tls,
        ca_bundle=settings.hwa_ca_bundle,
        connect_timeout=settings.hwa_connect_timeout,
        read_timeout=settings.hwa_read_timeout,
        read_retries=settings.hwa_read_retries,
        breaker_threshold=settings.hwa_breaker_threshold,
        breaker_reset=settings.hwa_breaker_reset,
    )


def build_hwa(settings: Settings, registry: CollectorRegistry | None = None) -> HWAStack:
    """A real-HTTP client for ``RESYNC_HWA_URL``, else the simulator over ASGI in-process."""
    connection = connection_from_settings(settings)
    if not settings.uses_simulator:
        return HWAStack(HWAClient(connection, registry=registry, cache_ttl=settings.hwa_cache_ttl))
    simulator = build_simulator(settings)
    connection = HWAConnection(
        **{
            **connection.__dict__,
            "username": settings.hwa_sim_username,
            "password": settings.hwa_sim_password.get_secret_value(),
            "api_key": "",
        }
    )
    # Its own client address: failed logins at /twsd from anyone else never lock it out.
    transport = httpx.ASGITransport(app=standalone_app(simulator), client=IN_PROCESS_CLIENT)
    client = HWAClient(
        connection, registry=registry, transport=transport, cache_ttl=settings.hwa_cache_ttl
    )
    return HWAStack(client, simulator)
