"""With an LLM (the scripted stub over real HTTP): tools run for it, failures fall back."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from resync.contract.context import RouteContext
from resync.observability.metrics import Metrics
from resync.services import Services
from resync.tws.models import JobState
from tests.answers.conftest import ask, column, plan_jobs, plan_settings, table
from tests.fixtures.llm_stub import LLMStub, text, tool_call


@pytest.fixture
async def llm_services(tmp_path: Path, llm_stub: LLMStub) -> AsyncIterator[Services]:
    settings = plan_settings(
        tmp_path, llm_base_url=llm_stub.base_url, llm_model="stub-model", llm_timeout=1.0
    )
    started = await Services.start(settings, Metrics())
    yield started
    await started.close()


def fallbacks(services: Services) -> float:
    value = services.metrics.registry.get_sample_value("llm_calls_total", {"outcome": "fallback"})
    return value or 0.0


async def test_a_scripted_tool_call_runs_and_the_answer_uses_it(
    llm_services: Services, llm_stub: LLMStub
) -> None:
    abends = {job.name for job in await plan_jobs(llm_services, JobState.ABEND)}
    final = "Hoje abendaram " + ", ".join(sorted(abends)) + "."
    llm_stub.reset(tool_call("list_jobs", {"state": ["ABEND"], "window": "today"}), text(final))
    deltas: list[str] = []

    async def on_delta(delta: str) -> None:
        deltas.append(delta)

    reply = await ask(
        llm_services, "quais jobs abendaram hoje?", context=RouteContext(on_delta=on_delta)
    )
    assert reply.answer == final and "".join(deltas) == final
    assert not reply.degraded and "list_jobs" in reply.tools_used
    assert set(column(table(reply), "job")) == abends  # the parts stay the plan's facts
    first, second = llm_stub.requests
    assert "### Consulta de status" in first["messages"][0]["content"]  # the matched skill
    assert "<<<DATA" in first["messages"][-1]["content"]  # the facts are fenced data
    tool_result = json.loads(second["messages"][-1]["content"])
    assert {job["name"] for job in tool_result["jobs"]} == abends
    assert fallbacks(llm_services) == 0


async def test_an_llm_timeout_falls_back_to_the_deterministic_answer(
    llm_services: Services, llm_stub: LLMStub
) -> None:
    abends = {job.name for job in await plan_jobs(llm_services, JobState.ABEND)}
    llm_stub.reset(text("too late", delay=3.0))
    reply = await ask(llm_services, "which jobs abended today?")
    assert reply.degraded
    assert reply.answer.startswith("Today:") and all(name in reply.answer for name in abends)
    assert fallbacks(llm_services) == 1


async def test_no_llm_counts_a_fallback(services: Services) -> None:
    await ask(services, "quais jobs abendaram hoje?")
    assert fallbacks(services) == 1


async def test_changes_never_go_through_the_llm(llm_services: Services, llm_stub: LLMStub) -> None:
    llm_stub.reset(text("should not be used"))
    reply = await ask(llm_services, "reexecute o job PAYROLL_01 porque o arquivo chegou atrasado")
    assert llm_stub.requests == []
    assert "não há um usuário identificado" in reply.answer
