"""HWA failing in every way it can, against real processes: Resync served as `resync serve`
talks to the simulator served as its own process (`resync tws-sim`). Each fault gives the
operator a clear answer — never a 5xx, never a traceback — and the next question after the
fault is gone is answered from the plan again, without restarting anything."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from resync.settings import DEFAULT_SIMULATOR_PASSWORD
from tests.fixtures.auth_clients import ADMIN, ADMIN_PASSWORD, basic
from tests.fixtures.processes import free_port, python_process, wait_http

QUESTION = "quais jobs abendaram hoje?"
ENGINE = basic("wauser", DEFAULT_SIMULATOR_PASSWORD)  # the simulator's own login
FROM_THE_PLAN = "PAYROLL_01"  # in every answer the plan gives to QUESTION


@dataclass
class World:
    resync: str
    simulator: str  # …/twsd
    log: Path

    def ask(self, text: str = QUESTION) -> httpx.Response:
        return httpx.post(
            f"{self.resync}/api/v1/chat", json={"text": text}, headers=ADMIN, timeout=120
        )

    def fault(self, **fault: Any) -> None:
        httpx.post(
            f"{self.simulator}/sim/faults", json=fault, headers=ENGINE, timeout=10
        ).raise_for_status()

    def clear(self) -> None:
        httpx.delete(f"{self.simulator}/sim/faults", headers=ENGINE, timeout=10).raise_for_status()


def _server_env(tmp: Path, hwa_url: str) -> dict[str, str]:
    return {
        "RESYNC_DATA_DIR": str(tmp / "var"),
        "RESYNC_LOG_LEVEL": "WARNING",
        "RESYNC_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RESYNC_HWA_URL": hwa_url,
        "RESYNC_HWA_READ_TIMEOUT": "2",
        "RESYNC_HWA_CONNECT_TIMEOUT": "2",
        "RESYNC_HWA_READ_RETRIES": "0",
        "RESYNC_HWA_CACHE_TTL": "0",
        "RESYNC_HWA_BREAKER_THRESHOLD": "3",
        "RESYNC_HWA_BREAKER_RESET": "1",
    }


def _serve(tmp: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = ["-m", "resync", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with python_process(args, env, tmp) as (proc, _out, _err):
        wait_http(f"{base}/health/live", timeout=90.0, proc=proc)
        yield base


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    sim_dir = tmp_path_factory.mktemp("hwa")
    sim_port = free_port()
    simulator = f"http://127.0.0.1:{sim_port}/twsd"
    sim_args = ["-m", "resync", "tws-sim", "--port", str(sim_port), "--speed", "0"]
    with python_process(sim_args, {"RESYNC_LOG_LEVEL": "WARNING"}, sim_dir) as (sim, _o, _e):
        wait_http(f"{simulator}/sim/state", timeout=60.0, proc=sim)
        tmp = tmp_path_factory.mktemp("resync")
        for base in _serve(tmp, _server_env(tmp, simulator)):
            yield World(base, simulator, tmp / "stderr.log")


def _answered_from_the_plan(world: World) -> None:
    """The fault is gone: within the breaker's reset the plan answers again."""
    deadline = time.monotonic() + 60
    while True:
        reply = world.ask()
        assert reply.status_code == 200, reply.text
        if FROM_THE_PLAN in reply.json()["answer"]:
            return
        assert time.monotonic() < deadline, reply.json()["answer"]
        time.sleep(0.5)


def _clear_answer_without_the_plan(reply: httpx.Response) -> str:
    assert reply.status_code == 200, reply.text
    body = reply.json()
    answer: str = body["answer"]
    assert FROM_THE_PLAN not in answer  # nothing invented
    assert "Traceback" not in answer and "Exception" not in answer
    assert "HWA" in answer, answer  # it says which part is failing
    assert body["degraded"] is True
    return answer


def test_the_plan_answers_before_any_fault(world: World) -> None:
    _answered_from_the_plan(world)


def test_hwa_server_errors_get_a_clear_answer_and_recovery(world: World) -> None:
    world.fault(status=503, count=50)
    _clear_answer_without_the_plan(world.ask())
    world.clear()
    _answered_from_the_plan(world)


def test_a_slow_hwa_times_out_with_a_clear_answer(world: World) -> None:
    world.fault(status=200, delay=6, count=50)  # longer than the 2 s read timeout
    _clear_answer_without_the_plan(world.ask())
    world.clear()
    _answered_from_the_plan(world)


def test_malformed_json_from_hwa_gets_a_clear_answer(world: World) -> None:
    world.fault(garbled=True, count=50)
    _clear_answer_without_the_plan(world.ask())
    world.clear()
    _answered_from_the_plan(world)


def test_nothing_unhandled_reached_the_log(world: World) -> None:
    log = world.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-4000:]
    assert '"status": 500' not in log and "Internal Server Error" not in log


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_hwa_refusing_connections_or_tls_gets_a_clear_answer(tmp_path: Path, scheme: str) -> None:
    """Nothing listens on the port (connection refused); or a plain HTTP server answers
    where TLS was expected (the handshake fails)."""
    if scheme == "http":
        url = f"http://127.0.0.1:{free_port()}/twsd"
        for base in _serve(tmp_path, _server_env(tmp_path, url)):
            _check_unreachable(World(base, url, tmp_path / "stderr.log"))
        return
    plain = free_port()
    sim_args = ["-m", "resync", "tws-sim", "--port", str(plain), "--speed", "0"]
    sim_dir = tmp_path / "hwa"
    sim_dir.mkdir()
    with python_process(sim_args, {"RESYNC_LOG_LEVEL": "WARNING"}, sim_dir) as (sim, _o, _e):
        wait_http(f"http://127.0.0.1:{plain}/twsd/sim/state", timeout=60.0, proc=sim)
        url = f"https://127.0.0.1:{plain}/twsd"
        for base in _serve(tmp_path, _server_env(tmp_path, url)):
            _check_unreachable(World(base, url, tmp_path / "stderr.log"))


def _check_unreachable(world: World) -> None:
    _clear_answer_without_the_plan(world.ask())
    # Ready but degraded: the chat still answers (knowledge, history), so the process stays
    # in the load balancer; the degraded state says HWA is what is missing.
    ready = httpx.get(f"{world.resync}/health/ready", timeout=60)
    assert ready.json()["status"] == "degraded", ready.text
    health = httpx.get(f"{world.resync}/health", headers=ADMIN, timeout=60).json()
    assert health["components"]["hwa"]["status"] != "ok", health
