"""The LLM client against a real local OpenAI-compatible server."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from resync.agents.errors import LLMBadResponse, LLMTimeout, LLMUnavailable
from resync.agents.llm import LLMClient, LLMMetrics
from resync.settings import Settings
from tests.agents.conftest import calls
from tests.fixtures.llm_stub import LLMStub, Reply, http_error, text, tool_call
from tests.fixtures.processes import free_port


async def test_plain_answer_sends_model_key_and_messages(
    llm: LLMClient, llm_stub: LLMStub, registry: CollectorRegistry
) -> None:
    llm_stub.reset(text("O job PAYROLL_01 terminou com SUCC."))
    answer = await llm.complete("status do PAYROLL_01?", system="Você é o Resync.")
    assert answer == "O job PAYROLL_01 terminou com SUCC."
    sent = llm_stub.requests[0]
    assert sent["model"] == "stub-model"
    assert sent["max_tokens"] == 1024
    assert sent["messages"][0] == {"role": "system", "content": "Você é o Resync."}
    assert sent["messages"][1]["content"] == "status do PAYROLL_01?"
    assert "stream" not in sent
    assert llm_stub.headers[0]["authorization"] == "Bearer sk-test-key"
    assert calls(registry, "ok") == 1
    assert registry.get_sample_value("llm_call_seconds_count") == 1


async def test_tool_calls_come_back_parsed(llm: LLMClient, llm_stub: LLMStub) -> None:
    llm_stub.reset(tool_call("get_job_status", {"job_name": "PAYROLL_01"}))
    tools = [{"type": "function", "function": {"name": "get_job_status", "parameters": {}}}]
    response = await llm.chat([{"role": "user", "content": "x"}], tools=tools)
    assert response.finish_reason == "tool_calls"
    assert [(c.name, c.arguments) for c in response.tool_calls] == [
        ("get_job_status", '{"job_name": "PAYROLL_01"}')
    ]
    assert llm_stub.requests[0]["tools"] == tools
    assert response.as_message()["tool_calls"][0]["function"]["name"] == "get_job_status"


async def test_streaming_yields_deltas_in_order(llm: LLMClient, llm_stub: LLMStub) -> None:
    llm_stub.reset(text("três jobs em ABEND hoje"))
    deltas = [delta async for delta in llm.stream([{"role": "user", "content": "abends?"}])]
    assert len(deltas) == 5
    assert "".join(deltas) == "três jobs em ABEND hoje"
    assert llm_stub.requests[0]["stream"] is True


async def test_streamed_tool_call_fragments_are_reassembled(
    llm: LLMClient, llm_stub: LLMStub
) -> None:
    llm_stub.reset(tool_call("get_job_log", {"job_name": "LOAD_FILES", "workstation": "CPU1"}))
    seen: list[str] = []

    async def on_delta(delta: str) -> None:
        seen.append(delta)

    response = await llm.chat([{"role": "user", "content": "x"}], on_delta=on_delta)
    assert seen == []
    assert response.tool_calls[0].name == "get_job_log"
    assert response.tool_calls[0].arguments == '{"job_name": "LOAD_FILES", "workstation": "CPU1"}'


async def test_slow_answer_is_a_timeout(llm_stub: LLMStub, registry: CollectorRegistry) -> None:
    client = LLMClient(llm_stub.base_url, model="m", metrics=LLMMetrics(registry), timeout=0.3)
    llm_stub.reset(text("tarde demais", delay=1.5))
    with pytest.raises(LLMTimeout, match=r"0\.3s"):
        await client.complete("oi")
    assert calls(registry, "timeout") == 1 and calls(registry, "ok") == 0
    await client.aclose()


async def test_stalled_stream_is_a_timeout(llm_stub: LLMStub, registry: CollectorRegistry) -> None:
    client = LLMClient(llm_stub.base_url, model="m", metrics=LLMMetrics(registry), timeout=0.4)
    llm_stub.reset(text("um dois três quatro cinco", chunk_delay=0.3))
    with pytest.raises(LLMTimeout):
        _ = [delta async for delta in client.stream([{"role": "user", "content": "oi"}])]
    assert calls(registry, "timeout") == 1
    await client.aclose()


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (http_error(503, "overloaded"), LLMUnavailable),
        (http_error(429, "rate limited"), LLMUnavailable),
        (http_error(401, "bad key"), LLMUnavailable),
        (http_error(400, "model not found"), LLMBadResponse),
        (Reply(raw="<html>proxy error</html>"), LLMBadResponse),
        (Reply(raw='{"choices": []}'), LLMBadResponse),
    ],
)
async def test_http_failures_map_to_llm_errors(
    llm: LLMClient,
    llm_stub: LLMStub,
    registry: CollectorRegistry,
    reply: Reply,
    error: type[Exception],
) -> None:
    llm_stub.reset(reply)
    with pytest.raises(error):
        await llm.complete("oi")
    assert calls(registry, "error") == 1


async def test_error_detail_from_the_endpoint_is_kept(llm: LLMClient, llm_stub: LLMStub) -> None:
    llm_stub.reset(http_error(400, "model 'gpt-9' not found"))
    with pytest.raises(LLMBadResponse, match="gpt-9"):
        await llm.complete("oi")


async def test_nothing_listening_is_unavailable(registry: CollectorRegistry) -> None:
    client = LLMClient(
        f"http://127.0.0.1:{free_port()}/v1", model="m", metrics=LLMMetrics(registry)
    )
    with pytest.raises(LLMUnavailable, match="unreachable"):
        await client.complete("oi")
    assert calls(registry, "error") == 1
    await client.aclose()


async def test_ping_lists_models(llm: LLMClient) -> None:
    assert (await llm.ping())["model"] == "stub-model"


async def test_query_string_of_the_base_url_is_kept(
    llm_stub: LLMStub, registry: CollectorRegistry
) -> None:
    # Azure OpenAI deployments need ?api-version=… on every call.
    client = LLMClient(
        llm_stub.base_url + "?api-version=2024-10-21", model="m", metrics=LLMMetrics(registry)
    )
    llm_stub.reset(text("ok"))
    assert await client.complete("oi") == "ok"
    assert llm_stub.queries == ["api-version=2024-10-21"]
    await client.aclose()


def test_no_base_url_means_no_client(registry: CollectorRegistry) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert LLMClient.from_settings(settings, LLMMetrics(registry)) is None
    configured = Settings(llm_base_url="http://llm.local/v1", llm_max_tokens=64, _env_file=None)  # type: ignore[call-arg]
    client = LLMClient.from_settings(configured, LLMMetrics(CollectorRegistry()))
    assert client is not None and client.max_tokens == 64


def test_fallbacks_are_counted(registry: CollectorRegistry) -> None:
    metrics = LLMMetrics(registry)
    metrics.record_fallback()
    assert calls(registry, "fallback") == 1
