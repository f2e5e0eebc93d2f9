"""The rag and diagnostic paths with an LLM (the local OpenAI-compatible stub, real HTTP)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from resync.contract.context import RouteContext
from resync.contract.result import CitationsPart, LogPart
from tests.fixtures.llm_stub import LLMStub, text, tool_call
from tests.fixtures.routing_app import (
    MakeApp,
    ask,
    recent_decisions,
    services,
)


def _app(make_app: MakeApp, stub: LLMStub, timeout: float = 5.0) -> TestClient:
    return make_app(llm_base_url=stub.base_url, llm_model="stub-model", llm_timeout=timeout)


def _fallbacks(client: TestClient) -> float:
    registry = client.app.state.metrics.registry  # type: ignore[attr-defined]
    return registry.get_sample_value("llm_calls_total", {"outcome": "fallback"}) or 0.0


def test_the_knowledge_assistant_answers_from_fenced_sections_and_streams(
    make_app: MakeApp, llm_stub: LLMStub
) -> None:
    client = _app(make_app, llm_stub)
    answer = "O conman é a linha de comando do plano [conman basics › Consultas]."
    llm_stub.reset(text(answer))
    deltas: list[str] = []

    async def on_delta(delta: str) -> None:
        deltas.append(delta)

    result = ask(client, "como funciona o conman?", RouteContext(on_delta=on_delta))
    assert result.answer == answer and "".join(deltas) == answer
    assert not result.degraded and any(isinstance(p, CitationsPart) for p in result.parts)
    (request,) = llm_stub.requests
    system, user = request["messages"][0]["content"], request["messages"][-1]["content"]
    assert "untrusted data" in system and "<<<DATA" in user and "conman" in user
    assert "Brazilian Portuguese" in user
    assert {t["function"]["name"] for t in request["tools"]} == {
        "search_knowledge",
        "lookup_message",
    }


def test_a_scripted_tool_call_runs_and_its_result_reaches_the_answer(
    make_app: MakeApp, llm_stub: LLMStub
) -> None:
    client = _app(make_app, llm_stub)
    final = "AWSBHT001E: o batchman não conseguiu lançar o job (usuário ou senha inválidos)."
    llm_stub.reset(tool_call("lookup_message", {"code": "AWSBHT001E"}), text(final))
    result = ask(client, "AWSBHT001E no agente, o que faço?")
    assert result.answer == final and not result.degraded
    assert "lookup_message" in result.tools_used
    tool_message = llm_stub.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool"
    looked_up = json.loads(tool_message["content"])
    catalogue = services(client).knowledge.catalogue
    assert looked_up["meaning"] == catalogue.lookup("AWSBHT001E").meaning_pt
    # The diagnostic agent may read, never write: no plan-change tool is offered.
    offered = {t["function"]["name"] for t in llm_stub.requests[0]["tools"]}
    assert "request_plan_change" not in offered and "get_job_log" in offered


def test_the_diagnostic_agent_writes_from_the_gathered_evidence(
    make_app: MakeApp, llm_stub: LLMStub
) -> None:
    client = _app(make_app, llm_stub)
    llm_stub.reset(text("Causa provável: banco de dados recusou a conexão (AWSJDB802E, rc 12)."))
    result = ask(client, "por que o PAYROLL_01 abendou?")
    assert result.answer.startswith("Causa provável: banco")
    assert any(isinstance(p, LogPart) for p in result.parts)  # parts stay deterministic
    prompt = llm_stub.requests[0]["messages"][-1]["content"]
    assert prompt.count("<<<DATA") >= 3 and "exiting with return code 12" in prompt
    assert "Análise de joblog" in llm_stub.requests[0]["messages"][0]["content"]  # the skill


def test_an_llm_timeout_falls_back_to_the_deterministic_answer(
    make_app: MakeApp, llm_stub: LLMStub
) -> None:
    client = _app(make_app, llm_stub, timeout=0.5)
    llm_stub.reset(text("too late", delay=2.0))
    before = _fallbacks(client)
    result = ask(client, "como funciona o conman?")
    assert result.answer.startswith("Segundo a base de conhecimento:")
    assert "conman" in result.answer.lower() and "too late" not in result.answer
    assert result.degraded  # flagged for observability, not worded as an error
    assert "erro" not in result.answer.lower().split("fontes:")[0]
    assert _fallbacks(client) == before + 1
    assert recent_decisions(client)[0].outcome == "fallback"


def test_without_an_llm_the_deterministic_answer_is_counted(make_app: MakeApp) -> None:
    client = make_app()
    before = _fallbacks(client)
    result = ask(client, "o que significa AWSBHT001E?")
    assert not result.degraded and _fallbacks(client) == before + 1
