"""Cost of recording one routing decision on the request path.

Builds the decision from a raw message (redaction, excerpt, ids, timestamps) and records it
(Prometheus counters and histograms, ring buffer, write buffer) while the background
writer persists batches to SQLite in the same event loop, as in the server. Prints the
median cost per decision in microseconds and its share of the router's 200 µs budget.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from prometheus_client import CollectorRegistry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from resync.db.engine import Database
from resync.db.migrate import run_migrations
from resync.routing.decisions import DecisionRecorder, RoutingDecision

BATCH = 100
BATCHES = 200
BUDGET_US = 200.0
MESSAGES = [
    "quais jobs abendaram hoje?",
    "por que o PAYROLL_01 falhou com rc=8 e AWSBHT001E na CPU1?",
    "reexecute o job LOAD_FILES do JS_DAILY, o arquivo foi reenviado pelo parceiro",
    "what is running on AGT01 right now?",
]
SHAPES = [
    ("status", "agentic", "agentic", "ok"),
    ("troubleshooting", "diagnostic", "diagnostic", "ok"),
    ("job_management", "agentic", "agentic", "fallback"),
    ("status", "agentic", "agentic", "ok"),
]


def one(number: int) -> RoutingDecision:
    index = number % len(MESSAGES)
    intent, mode, handler, outcome = SHAPES[index]
    return RoutingDecision.create(
        message=MESSAGES[index],
        trace_id="0af7651916cd43dd8448eb211c80319c",
        intent=intent,
        confidence=0.91,
        mode=mode,
        handler=handler,
        tools=("list_jobs",),
        decision_seconds=0.00008,
        handler_seconds=0.012,
        outcome=outcome,
        error="LLM timeout" if outcome == "fallback" else None,
    )


async def measure(db: Database) -> float:
    recorder = DecisionRecorder(CollectorRegistry(), db, flush_interval=0.05)
    await recorder.start()
    per_decision: list[float] = []
    for batch in range(BATCHES):
        started = time.perf_counter()
        for number in range(BATCH):
            recorder.record(one(batch * BATCH + number))
        per_decision.append((time.perf_counter() - started) / BATCH)
        await asyncio.sleep(0)  # let the writer run between requests, as in the server
    await recorder.stop()
    stored = len(await recorder.recent(500))
    assert stored == 500, stored
    return statistics.median(per_decision[10:]) * 1e6


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/bench.db")
        await run_migrations(db)
        await measure(db)  # warm up
        micros = await measure(db)
        await db.close()
    print(
        f"routing decision recording: {micros:.1f} µs median per decision "
        f"({micros / BUDGET_US:.1%} of the 200 µs router budget)"
    )


if __name__ == "__main__":
    asyncio.run(main())
