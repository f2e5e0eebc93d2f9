"""Two Resync processes on one PostgreSQL: one poller at a time, the other takes over when
the leader is killed, and no alert is raised twice."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from resync.db.engine import Database
from resync.db.locks import leader_lock
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.processes import free_port, python_process, wait_http

ADMIN = ("admin", "leader-Admin-pass-1")
INTERVAL = "2"


def _wait_for(condition: Callable[[], Any], timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.2)


class Cluster:
    def __init__(self, tmp: Path, database_url: str) -> None:
        self.tmp, self.database_url = tmp, database_url
        self.exit = ExitStack()
        self.sim = f"http://127.0.0.1:{free_port()}/twsd"

    def start_simulator(self) -> None:
        workdir = self.tmp / "sim"
        workdir.mkdir()
        port = self.sim.split(":")[2].split("/")[0]
        env = {"RESYNC_HWA_SIM_CLOCK_SPEED": "0"}
        args = ["-m", "tests.fixtures.hwa_simulator_process", port, str(workdir)]
        proc, _, _ = self.exit.enter_context(python_process(args, env, workdir))
        wait_http(f"{self.sim}/api/v2/engine/info", proc=proc)

    def start_resync(self, name: str) -> tuple[Any, str]:
        port = free_port()
        logdir = self.tmp / name
        logdir.mkdir()
        env = {
            "RESYNC_DATA_DIR": str(logdir / "var"),
            "RESYNC_DATABASE_URL": self.database_url,
            "RESYNC_HWA_URL": self.sim,
            "RESYNC_HWA_READ_TIMEOUT": "120",
            "RESYNC_ADMIN_PASSWORD": ADMIN[1],
            "RESYNC_MONITORING_POLL_SECONDS": INTERVAL,
        }
        args = ["-m", "resync", "serve", "--port", str(port)]
        proc, _, _ = self.exit.enter_context(python_process(args, env, logdir))
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/health/live", proc=proc, timeout=90)
        return proc, base


def _poller(base: str) -> dict[str, Any]:
    answer = httpx.get(f"{base}/api/v1/monitoring/current", auth=ADMIN, timeout=30)
    answer.raise_for_status()
    status: dict[str, Any] = answer.json()["poller"]
    return status


def _alerts(base: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{base}/api/v1/monitoring/alerts", params={"limit": 500}, auth=ADMIN, timeout=30
    )
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


@pytest.fixture
def cluster(tmp_path: Path, postgres_server: PostgresServer) -> Iterator[Cluster]:
    instance = Cluster(tmp_path, postgres_server.create_database("resync_leader"))
    with instance.exit:
        instance.start_simulator()
        yield instance


@pytest.mark.timeout(600)
def test_one_poller_at_a_time_and_a_takeover_when_the_leader_dies(cluster: Cluster) -> None:
    first, first_url = cluster.start_resync("first")
    second, second_url = cluster.start_resync("second")
    statuses = _wait_for(
        lambda: (lambda a, b: (a, b) if a["polls"] + b["polls"] >= 3 else None)(
            _poller(first_url), _poller(second_url)
        )
    )
    leaders = [s for s in statuses if s["leader"]]
    assert len(leaders) == 1 and next(s for s in statuses if not s["leader"])["polls"] == 0
    leader, follower_url = (first, second_url) if statuses[0]["leader"] else (second, first_url)
    before = _alerts(follower_url)
    assert before and len({a["key"] for a in before}) == len(before)
    leader.send_signal(signal.SIGKILL)
    leader.wait(30)
    _wait_for(lambda: _poller(follower_url)["leader"] and _poller(follower_url)["polls"] >= 2)
    after = _alerts(follower_url)
    assert sorted(a["key"] for a in after) == sorted(a["key"] for a in before)
    assert [a["id"] for a in after] == [a["id"] for a in before]  # nothing raised again


async def test_the_lock_has_one_holder_and_is_free_once_released(postgres_url: str) -> None:
    first, second = Database(postgres_url), Database(postgres_url)
    try:
        async with leader_lock(first.engine, "resync-test-lock") as held:
            assert held.held and await held.check()
            async with leader_lock(second.engine, "resync-test-lock") as other:
                assert not other.held
            async with second.engine.connect() as conn:
                locks = await conn.execute(
                    text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
                )
                assert locks.scalar() == 1
        async with leader_lock(second.engine, "resync-test-lock") as now_free:
            assert now_free.held
    finally:
        await asyncio.gather(first.close(), second.close())
