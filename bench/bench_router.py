"""Router overhead per message: classification + handler choice + decision recording.

The handler is a no-op, so the figure is the router's own cost. Prints the median in µs
per message over a mixed PT/EN message set (target ≤ 200 µs), and the classifier alone
measured in the same run as a baseline.
"""

from __future__ import annotations

import asyncio
import io
import statistics
import time

from prometheus_client import CollectorRegistry

from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import RoutingMode
from resync.contract.context import RouteContext
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.routing.decisions import DecisionRecorder
from resync.routing.router import HybridRouter

MESSAGES = [
    "bom dia",
    "quais jobs abendaram hoje?",
    "por que o PAYROLL_01 abendou com rc=12?",
    "o que significa AWSBHT001E?",
    "reexecute o LOAD_FILES",
    "what is running on AGT01 right now?",
    "why did CARD_SETTLE_03 fail?",
    "export today's failed jobs to CSV",
    "qual a duração média do job BACKUP_DB na última semana?",
    "me avise quando o JS_PAYROLL terminar",
]
ROUNDS = 300


class NoOpHandler:
    def __init__(self, name: str) -> None:
        self.name = name

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        return HandlerReply(answer="")


async def main() -> None:
    from resync.observability.logging import configure_logging

    # As the server runs: JSON lines at INFO (the router logs one line per message).
    configure_logging("INFO", "json", stream=io.StringIO())
    recorder = DecisionRecorder(CollectorRegistry())  # ring buffer + metrics, no database
    handlers = {mode: NoOpHandler(mode.value) for mode in RoutingMode}
    classifier = IntentClassifier()
    router = HybridRouter(classifier, handlers, recorder)
    context = RouteContext(source="bench")
    for message in MESSAGES:  # warm caches
        await router.route(message, context)
    routed, classified = [], []
    for _ in range(ROUNDS):
        for message in MESSAGES:
            started = time.perf_counter()
            await router.route(message, context)
            routed.append(time.perf_counter() - started)
            started = time.perf_counter()
            classifier.classify(message)
            classified.append(time.perf_counter() - started)
    route_us = statistics.median(routed) * 1e6
    classify_us = statistics.median(classified) * 1e6
    print(
        f"router overhead: {route_us:.0f} µs median per message "
        f"(classifier alone {classify_us:.0f} µs, ratio {route_us / classify_us:.2f}x; "
        f"target ≤ 200 µs)"
    )


if __name__ == "__main__":
    asyncio.run(main())
