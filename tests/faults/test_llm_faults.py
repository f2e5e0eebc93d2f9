"""The LLM failing against a real `resync serve`: slow, erroring, answering garbage or
dropping the stream halfway. The operator still gets the deterministic answer, marked
degraded, never a 5xx; the next healthy reply is used again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.fixtures.auth_clients import ADMIN, ADMIN_PASSWORD
from tests.fixtures.llm_stub import LLMStub, Reply, http_error, running_llm_stub, text
from tests.fixtures.processes import free_port, python_process, wait_http

QUESTION = "quais jobs abendaram hoje?"  # answered from the plan; the LLM only phrases it
PHRASED = "Resposta redigida pelo modelo de teste."


@dataclass
class World:
    resync: str
    llm: LLMStub
    log: Path

    def ask(self) -> dict[str, object]:
        reply = httpx.post(
            f"{self.resync}/api/v1/chat", json={"text": QUESTION}, headers=ADMIN, timeout=120
        )
        assert reply.status_code == 200, reply.text
        body: dict[str, object] = reply.json()
        return body


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("resync-llm")
    with running_llm_stub() as llm:
        port = free_port()
        env = {
            "RESYNC_DATA_DIR": str(tmp / "var"),
            "RESYNC_LOG_LEVEL": "WARNING",
            "RESYNC_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "RESYNC_LLM_BASE_URL": llm.base_url,
            "RESYNC_LLM_API_KEY": "stub-key",
            "RESYNC_LLM_MODEL": "stub-model",
            "RESYNC_LLM_TIMEOUT": "2",
            "RESYNC_LLM_AGENT_TIMEOUT": "10",
        }
        base = f"http://127.0.0.1:{port}"
        args = ["-m", "resync", "serve", "--host", "127.0.0.1", "--port", str(port)]
        with python_process(args, env, tmp) as (proc, _out, _err):
            wait_http(f"{base}/health/live", timeout=90.0, proc=proc)
            yield World(base, llm, tmp / "stderr.log")


def _degraded_but_answered(body: dict[str, object]) -> None:
    answer = str(body["answer"])
    assert "PAYROLL_01" in answer, answer  # the plan's own answer, not an error
    assert PHRASED not in answer and "Traceback" not in answer
    assert body["degraded"] is True, body


@pytest.mark.parametrize(
    "fault",
    [
        http_error(500),
        http_error(429, "rate limited"),
        Reply(text="lento demais", delay=6),  # past the 2 s timeout
        Reply(raw="<html>bad gateway</html>"),
        Reply(text="uma resposta que cai no meio do caminho " * 5, disconnect=True),
    ],
    ids=["http-500", "http-429", "slow", "garbage", "dropped-stream"],
)
def test_a_failing_llm_leaves_the_deterministic_answer(world: World, fault: Reply) -> None:
    world.llm.reset(*[fault] * 20)
    _degraded_but_answered(world.ask())
    assert world.llm.requests, "the LLM was not even asked"


def test_a_healthy_llm_is_used_again_after_faults(world: World) -> None:
    world.llm.reset(*[text(PHRASED)] * 20)
    body = world.ask()
    assert PHRASED in str(body["answer"]), body
    assert body["degraded"] is False


def test_nothing_unhandled_reached_the_log(world: World) -> None:
    log = world.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-4000:]
