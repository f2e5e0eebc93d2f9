from __future__ import annotations

import asyncio

from resync.observability import context


def test_trace_id_set_get_reset() -> None:
    context.clear_context()
    assert context.get_trace_id() is None
    token = context.set_trace_id("t-1")
    assert context.get_trace_id() == "t-1"
    context.reset_trace_id(token)
    assert context.get_trace_id() is None


def test_trace_id_falls_back_to_correlation_id() -> None:
    context.clear_context()
    context.correlation_id_var.set("corr-9")
    assert context.get_trace_id() == "corr-9"
    context.clear_context()


def test_get_or_create_is_stable_within_a_context() -> None:
    context.clear_context()
    created = context.get_or_create_trace_id()
    assert created == context.get_or_create_trace_id()
    context.clear_trace_id()
    assert context.get_trace_id() is None


def test_request_context_binds_and_resets() -> None:
    context.clear_context()
    ctx = context.RequestContext(correlation_id="c-1", request_id="r-1").bind()
    assert context.get_context_dict() == {
        "trace_id": "c-1",
        "correlation_id": "c-1",
        "request_id": "r-1",
    }
    ctx.reset()
    assert context.get_context_dict() == {}


async def test_concurrent_tasks_keep_their_own_trace() -> None:
    async def worker(name: str) -> str | None:
        context.set_trace_id(name)
        await asyncio.sleep(0.01)
        return context.get_trace_id()

    results = await asyncio.gather(*(worker(f"t{i}") for i in range(20)))
    assert results == [f"t{i}" for i in range(20)]
