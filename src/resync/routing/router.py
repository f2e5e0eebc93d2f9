"""HybridRouter: classify a message, pick its handler, run it, fall back, record the decision.

One call per message. The classifier's verdict (completed with the conversation's objects
for a follow-up) picks the routing mode, unless the caller forces one; the handler of that
mode answers. A handler that fails — HWA unreachable, a bug, the time limit — never
reaches the user as an error: :mod:`resync.routing.fallback` says what failed and what
still works, and the result is marked ``degraded``. Every message leaves one
:class:`~resync.routing.decisions.RoutingDecision`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

import structlog

from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import IntentClassification, RoutingMode
from resync.contract.context import RouteContext
from resync.contract.handlers import Handler, HandlerReply, HandlerRequest
from resync.contract.result import RoutingResult
from resync.knowledge.catalogue import MessageCatalogue
from resync.observability.context import get_or_create_trace_id
from resync.routing.decisions import DecisionRecorder, RoutingDecision
from resync.routing.fallback import (
    handler_failure_reply,
    hwa_failure_reply,
    missing_handler_reply,
)
from resync.routing.followups import in_conversation
from resync.routing.repair import Declined, declines, derived_question
from resync.tws.errors import TWSError

log = structlog.get_logger(__name__)

DEFAULT_HANDLER_TIMEOUT = 120.0
DECLINED = Declined()


class HybridRouter:
    def __init__(
        self,
        classifier: IntentClassifier,
        handlers: Mapping[RoutingMode, Handler],
        recorder: DecisionRecorder,
        *,
        catalogue: MessageCatalogue | None = None,
        handler_timeout: float = DEFAULT_HANDLER_TIMEOUT,
    ) -> None:
        self.classifier = classifier
        self.handlers: dict[RoutingMode, Handler] = dict(handlers)
        self.recorder = recorder
        self.catalogue = catalogue  # meanings of the codes named, added to fallback answers
        self.handler_timeout = handler_timeout

    def classify(self, message: str, context: RouteContext) -> IntentClassification:
        """The classification of ``message`` in its conversation (follow-ups resolved)."""
        return in_conversation(message, context, self.classifier.classify)

    async def route(self, message: str, context: RouteContext | None = None) -> RoutingResult:
        context = context or RouteContext()
        trace_id = get_or_create_trace_id()
        started = time.perf_counter()
        classification = self.classify(message, context)
        mode = context.force_mode or classification.suggested_routing
        if (
            context.force_mode is not None
            and context.force_mode != classification.suggested_routing
        ):
            reasons = [*classification.reasons, f"routing forced to {mode.value} by the caller"]
            classification = classification.model_copy(update={"reasons": reasons})
        handler = self.handlers.get(mode)
        if declines(classification, context):
            handler = DECLINED
        request = HandlerRequest(message, classification, context, trace_id)
        decided = time.perf_counter()

        reply, outcome, error = await self._run(handler, request, mode)
        finished = time.perf_counter()
        handler_name = handler.name if handler is not None else "none"
        self.recorder.record(
            RoutingDecision.create(
                message=message,
                trace_id=trace_id,
                intent=classification.primary_intent.value,
                confidence=classification.confidence,
                mode=mode.value,
                handler=handler_name,
                tools=reply.tools_used,
                decision_seconds=decided - started,
                handler_seconds=finished - decided,
                outcome=outcome,
                error=error,
                reasons=classification.reasons,
                entities=classification.entities,
            )
        )
        timings = {
            "classify_ms": round((decided - started) * 1000, 3),
            **{key: round(value, 3) for key, value in reply.timings.items()},
            "handler_ms": round((finished - decided) * 1000, 3),
            "total_ms": round((time.perf_counter() - started) * 1000, 3),
        }
        # Debug level: every decision is already counted, kept and stored by the recorder.
        log.debug(
            "message_routed",
            intent=classification.primary_intent.value,
            mode=mode.value,
            handler=handler_name,
            outcome=outcome,
            tools=reply.tools_used,
            ms=timings["total_ms"],
        )
        return RoutingResult(
            answer=reply.answer,
            parts=reply.parts,
            routing_mode=mode,
            intent=classification.primary_intent,
            confidence=classification.confidence,
            handler=handler_name,
            tools_used=reply.tools_used,
            entities={**classification.entities, **derived_question(classification, mode, reply)},
            timings=timings,
            trace_id=trace_id,
            language=reply.language or classification.language,
            approval=reply.approval,
            degraded=reply.degraded,
        )

    async def _run(
        self, handler: Handler | None, request: HandlerRequest, mode: RoutingMode
    ) -> tuple[HandlerReply, str, str | None]:
        """The handler's reply, or the fallback's; with the outcome and the error, if any."""
        if handler is None:
            log.warning("routing_no_handler", mode=mode.value)
            return (
                missing_handler_reply(request, mode, self.catalogue),
                "error",
                f"no handler for {mode.value}",
            )
        try:
            async with asyncio.timeout(self.handler_timeout):
                reply = await handler.handle(request)
        except TWSError as exc:
            log.warning("routing_hwa_failed", handler=handler.name, error=exc.code)
            return (
                hwa_failure_reply(request, mode, exc, self.catalogue),
                "fallback",
                f"{exc.code}: {exc.detail}",
            )
        except TimeoutError:
            log.warning(
                "routing_handler_timeout", handler=handler.name, limit_s=self.handler_timeout
            )
            reply = handler_failure_reply(request, mode, timed_out=True, catalogue=self.catalogue)
            return reply, "error", f"handler timed out after {self.handler_timeout:g}s"
        except Exception as exc:
            log.exception("routing_handler_failed", handler=handler.name)
            reply = handler_failure_reply(request, mode, timed_out=False, catalogue=self.catalogue)
            return reply, "error", f"{type(exc).__name__}: {exc}"
        return reply, "fallback" if reply.degraded else "ok", None
