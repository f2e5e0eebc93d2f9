"""Routing decisions: metrics, ring buffer, persistence shared across recorders (workers)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prometheus_client import CollectorRegistry

from resync.db.engine import Database
from resync.db.migrate import run_migrations
from resync.routing.decisions import DecisionRecorder, RoutingDecision


def decision(
    message: str = "quais jobs abendaram hoje?",
    *,
    intent: str = "status",
    mode: str = "agentic",
    handler: str = "agentic",
    outcome: str = "ok",
    error: str | None = None,
    handler_seconds: float = 0.010,
    tools: tuple[str, ...] = ("list_jobs",),
    trace_id: str = "trace-1",
) -> RoutingDecision:
    return RoutingDecision.create(
        message=message,
        trace_id=trace_id,
        intent=intent,
        confidence=0.93,
        mode=mode,
        handler=handler,
        tools=tools,
        decision_seconds=0.0002,
        handler_seconds=handler_seconds,
        outcome=outcome,
        error=error,
    )


def test_message_excerpt_is_redacted_and_short() -> None:
    long = "rode o job com password=hunter2 " + "x" * 300
    made = decision(long)
    assert "hunter2" not in made.message and "[REDACTED]" in made.message
    assert len(made.message) == 120 and made.message.endswith("…")
    assert decision("linha 1\n  linha 2").message == "linha 1 linha 2"
    assert made.latency_ms == made.decision_ms + made.handler_ms


def test_metrics_count_time_and_flag_errors() -> None:
    registry = CollectorRegistry()
    recorder = DecisionRecorder(registry)
    recorder.record(decision())
    recorder.record(decision())
    recorder.record(
        decision(
            intent="troubleshooting",
            mode="diagnostic",
            handler="diagnostic",
            outcome="fallback",
            error="HWA unreachable",
        )
    )
    recorder.record(
        decision(intent="general", mode="rag_only", handler="rag", outcome="error", error="boom")
    )
    labels = {"mode": "agentic", "intent": "status", "handler": "agentic", "outcome": "ok"}
    assert registry.get_sample_value("routing_decisions_total", labels) == 2
    assert registry.get_sample_value("routing_errors_total", {"handler": "diagnostic"}) == 1
    assert registry.get_sample_value("routing_errors_total", {"handler": "rag"}) == 1
    assert registry.get_sample_value("routing_errors_total", {"handler": "agentic"}) == 0
    assert registry.get_sample_value("routing_decision_seconds_count") == 4
    assert registry.get_sample_value("routing_handler_seconds_count", {"handler": "agentic"}) == 2


async def test_ring_buffer_keeps_the_last_500_newest_first() -> None:
    recorder = DecisionRecorder(CollectorRegistry())
    for number in range(520):
        recorder.record(decision(trace_id=f"t{number}"))
    recent = await recorder.recent(500)
    assert len(recent) == 500
    assert recent[0].trace_id == "t519" and recent[-1].trace_id == "t20"
    assert [d.trace_id for d in await recorder.recent(2)] == ["t519", "t518"]


async def test_stats_in_memory() -> None:
    recorder = DecisionRecorder(CollectorRegistry())
    for ms in (10, 20, 30, 40, 1000):
        recorder.record(decision(handler_seconds=ms / 1000))
    recorder.record(
        decision(intent="greeting", mode="rag_only", handler="rag", handler_seconds=0.001)
    )
    recorder.record(decision(outcome="fallback", error="LLM timeout", handler_seconds=0.005))
    stats = await recorder.stats()
    assert stats.source == "memory" and stats.total == 7 and stats.errors == 1
    assert stats.by_mode == {"agentic": 6, "rag_only": 1}
    assert stats.by_outcome == {"ok": 6, "fallback": 1}
    assert stats.by_handler == {"agentic": 6, "rag": 1}
    assert stats.latency_ms.p50 == 20.2
    assert stats.latency_ms.p95 == 1000.2 == stats.latency_ms.max


async def test_decisions_survive_a_restart(database: Database) -> None:
    first = DecisionRecorder(CollectorRegistry(), database, flush_interval=60)
    await first.start()
    first.record(decision("status do PAYROLL_01", trace_id="a"))
    first.record(
        decision(
            "por que o LOAD_FILES falhou?",
            intent="troubleshooting",
            mode="diagnostic",
            handler="diagnostic",
            tools=("get_job_log", "lookup_message"),
            trace_id="b",
        )
    )
    first.record(
        decision(
            "oi",
            intent="greeting",
            mode="rag_only",
            handler="rag",
            outcome="error",
            error="knowledge base down",
            tools=(),
            trace_id="c",
        )
    )
    await first.stop()  # shutdown writes the buffer

    restarted = DecisionRecorder(CollectorRegistry(), database)
    recent = await restarted.recent(10)
    assert [d.trace_id for d in recent] == ["c", "b", "a"]
    assert recent[1].tools == ("get_job_log", "lookup_message")
    assert recent[1].message == "por que o LOAD_FILES falhou?"
    assert recent[0].error == "knowledge base down" and recent[0].at.tzinfo is not None
    stats = await restarted.stats()
    assert stats.source == "database" and stats.total == 3 and stats.errors == 1
    assert stats.by_intent == {"status": 1, "troubleshooting": 1, "greeting": 1}
    assert stats.latency_ms.p50 == 10.2


async def test_unwritten_decisions_are_merged_with_other_workers(database: Database) -> None:
    other_worker = DecisionRecorder(CollectorRegistry(), database)
    other_worker.record(decision(trace_id="other-1"))
    await other_worker.flush()
    this_worker = DecisionRecorder(CollectorRegistry(), database, flush_interval=60)
    await this_worker.start()
    this_worker.record(decision(trace_id="mine-1", outcome="fallback", error="LLM timeout"))
    assert [d.trace_id for d in await this_worker.recent(10)] == ["mine-1", "other-1"]
    stats = await this_worker.stats()
    assert stats.total == 2 and stats.by_outcome == {"ok": 1, "fallback": 1}
    # The other worker sees ours once written.
    await this_worker.stop()
    assert [d.trace_id for d in await other_worker.recent(10)] == ["mine-1", "other-1"]


async def test_background_task_writes_without_being_asked(database: Database) -> None:
    recorder = DecisionRecorder(CollectorRegistry(), database, flush_interval=0.05)
    await recorder.start()
    recorder.record(decision(trace_id="bg"))
    reader = DecisionRecorder(CollectorRegistry(), database)
    for _ in range(100):
        if await reader.recent(5):
            break
        await asyncio.sleep(0.02)
    assert [d.trace_id for d in await reader.recent(5)] == ["bg"]
    await recorder.stop()


async def test_full_batch_wakes_the_writer(database: Database) -> None:
    recorder = DecisionRecorder(CollectorRegistry(), database, batch_size=3, flush_interval=60)
    await recorder.start()
    reader = DecisionRecorder(CollectorRegistry(), database)
    for number in range(3):
        recorder.record(decision(trace_id=f"b{number}"))
    for _ in range(100):
        if len(await reader.recent(5)) == 3:
            break
        await asyncio.sleep(0.02)
    assert len(await reader.recent(5)) == 3
    await recorder.stop()


async def test_store_failure_keeps_decisions_for_later(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'later.db'}")  # no table yet
    recorder = DecisionRecorder(CollectorRegistry(), db, flush_interval=60)
    recorder.record(decision(trace_id="kept"))
    assert await recorder.flush() == 0
    assert [d.trace_id for d in await recorder.recent(5)] == ["kept"]  # from the ring
    assert (await recorder.stats()).source == "memory"
    await run_migrations(db)
    assert await recorder.flush() == 1
    assert [d.trace_id for d in await DecisionRecorder(CollectorRegistry(), db).recent(5)] == [
        "kept"
    ]
    await db.close()


async def test_old_decisions_are_pruned(database: Database) -> None:
    recorder = DecisionRecorder(CollectorRegistry(), database, retention_days=30)
    old = decision(trace_id="old")
    old.at = datetime.now(UTC) - timedelta(days=31)
    recorder.record(old)
    recorder.record(decision(trace_id="new"))
    await recorder.flush()
    assert await recorder.prune() == 1
    assert [d.trace_id for d in await recorder.recent(5)] == ["new"]


async def test_stop_during_busy_writes_loses_nothing(database: Database) -> None:
    recorder = DecisionRecorder(CollectorRegistry(), database, batch_size=50, flush_interval=0.01)
    await recorder.start()
    for number in range(1000):
        recorder.record(decision(trace_id=f"s{number}"))
        if number % 100 == 0:
            await asyncio.sleep(0)  # let the writer start a batch
    await asyncio.wait_for(recorder.stop(), 10)
    stats = await DecisionRecorder(CollectorRegistry(), database).stats()
    assert stats.total == 1000
