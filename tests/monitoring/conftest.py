"""A poller against the simulator over real HTTP, with a clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry

from resync.audit.service import AuditService
from resync.db.engine import Database
from resync.db.migrate import run_migrations
from resync.monitoring.alerts import AlertService, MonitoringMetrics
from resync.monitoring.poller import Poller
from resync.monitoring.rules import RuleSettings
from resync.tws.client import HWAClient
from resync.tws.models import JobState
from resync.tws.simulator import ids
from resync.tws.simulator.app import simulator_app, standalone_app
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob
from resync.tws.transport import HWAConnection
from tests.tws.conftest import START, serve

RULES = RuleSettings(prompt_minutes=30, critical_streams=frozenset({"JS_DW_LOAD", "JS_PAYROLL"}))
STEP_S = 600.0  # simulated seconds between two polls: a fast clock


@dataclass
class Rig:
    engine: PlanEngine
    url: str
    tws: HWAClient
    db: Database
    audit: AuditService
    registry: CollectorRegistry

    def poller(self) -> Poller:
        """A poller as a (re)started process builds it: its own service, same database."""
        alerts = AlertService(self.db, self.audit, MonitoringMetrics(CollectorRegistry()))
        return Poller(self.tws, alerts, RULES, interval_s=30)

    def job(self, name: str) -> SimJob:
        return next(j for j in self.engine.jobs.values() if j.name == name and j.last_in_chain)

    def failed(self) -> set[str]:
        return {
            ids.job_id(j)  # the v2 id the client reads
            for j in self.engine.jobs.values()
            if j.last_in_chain and j.state in (JobState.ABEND, JobState.FAIL)
        }

    def fault(self, **fault: object) -> None:
        answer = httpx.post(self.url + "/sim/faults", json=fault, auth=("wauser", "wapassword"))
        assert answer.status_code == 201

    def clear_faults(self) -> None:
        httpx.delete(self.url + "/sim/faults", auth=("wauser", "wapassword"))


@pytest.fixture
def served_engine() -> Iterator[tuple[PlanEngine, str]]:
    engine = PlanEngine(42, SimulatedClock(START, speed=0))
    with serve(standalone_app(simulator_app(engine))) as port:
        yield engine, f"http://127.0.0.1:{port}/twsd"


@pytest.fixture
async def rig(served_engine: tuple[PlanEngine, str], tmp_path: Path) -> AsyncIterator[Rig]:
    engine, url = served_engine
    connection = HWAConnection(
        hosts=(url,),
        username="wauser",
        password="wapassword",
        read_retries=0,
        backoff_base=0.01,
        backoff_max=0.02,
        breaker_threshold=1000,
    )
    tws = HWAClient(connection, registry=CollectorRegistry(), cache_ttl=0)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'resync.db'}")
    await run_migrations(db)
    yield Rig(engine, url, tws, db, AuditService(db), CollectorRegistry())
    await tws.aclose()
    await db.close()
