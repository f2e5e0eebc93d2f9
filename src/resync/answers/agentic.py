"""The agentic path: status, job management, monitoring, analysis and reporting.

Every answer is first built deterministically from the plan tools (the same registry the
LLM uses). With an LLM configured, the operations agent then phrases the answer from those
facts (fenced as data) and may call the read tools for more; if it fails or times out, the
deterministic answer stands (counted with ``llm_calls_total{outcome="fallback"}``). Change
requests never go through the LLM: the approval gate stays in code.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import orjson
import structlog

from resync.agents.errors import AgentNotFound, LLMError
from resync.agents.llm import Message
from resync.agents.untrusted import fence_untrusted
from resync.answers.analysis import answer_analysis
from resync.answers.changes import answer_change
from resync.answers.monitoring import answer_monitoring
from resync.answers.reports import answer_report
from resync.answers.status import answer_status
from resync.answers.toolbox import Toolbox
from resync.classifier.intents import Intent, RoutingMode
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.tws.errors import TWSError, TWSNotFound, TWSUnavailable

log = structlog.get_logger(__name__)

Answer = Callable[[HandlerRequest, Toolbox], Awaitable[HandlerReply]]
ANSWERS: dict[Intent, Answer] = {
    Intent.status: answer_status,
    Intent.job_management: answer_change,
    Intent.monitoring: answer_monitoring,
    Intent.analysis: answer_analysis,
    Intent.reporting: answer_report,
}
HISTORY_TURNS = 6
FACTS_LIMIT = 8000


class AgenticHandler:
    name = "agentic"

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        started = time.perf_counter()
        answer = ANSWERS.get(request.classification.primary_intent, answer_status)
        tools = Toolbox(request)
        try:
            reply = await answer(request, tools)
        except TWSUnavailable as exc:
            reply = hwa_unreachable(request, exc)
        except TWSNotFound as exc:
            reply = HandlerReply(
                request.say(
                    f"O HWA não encontrou o que foi pedido: {exc.detail}",
                    f"HWA did not find what was asked: {exc.detail}",
                )
            )
        except TWSError as exc:
            reply = hwa_unreachable(request, exc)
        reply.tools_used = list(dict.fromkeys([*tools.used, *reply.tools_used]))
        reply.timings["plan_ms"] = round((time.perf_counter() - started) * 1000, 2)
        if reply.degraded or request.classification.primary_intent is Intent.job_management:
            return reply
        return await phrase_with_llm(request, reply)


def hwa_unreachable(request: HandlerRequest, exc: TWSError) -> HandlerReply:
    log.warning("agentic_hwa_failed", error=exc.code, detail=exc.detail)
    return HandlerReply(
        request.say(
            f"Não consegui consultar o HWA agora ({exc.detail}). O que ainda funciona: "
            "perguntas sobre conceitos e procedimentos (base de conhecimento), o histórico "
            "de incidentes e os pedidos de aprovação já criados. Tente de novo em instantes.",
            f"I could not reach HWA right now ({exc.detail}). What still works: questions "
            "about concepts and procedures (knowledge base), past incidents and the approval "
            "requests already created. Try again in a moment.",
        ),
        degraded=True,
    )


def facts_of(reply: HandlerReply) -> str:
    parts = [part.model_dump(mode="json", exclude={"content"}) for part in reply.parts]
    data = {"deterministic_answer": reply.answer, "parts": parts}
    text = orjson.dumps(data, default=str).decode()
    return text[:FACTS_LIMIT]


def conversation(request: HandlerRequest, reply: HandlerReply) -> list[Message]:
    messages: list[Message] = [
        {"role": turn.role, "content": turn.text}
        for turn in request.context.history[-HISTORY_TURNS:]
        if turn.role in ("user", "assistant") and turn.text
    ]
    facts = fence_untrusted(facts_of(reply), label="plan facts gathered for this message")
    messages.append(
        {
            "role": "user",
            "content": f"{request.message}\n\n"
            "Facts already read from the plan for this question (use them; call tools only "
            "for what is missing; keep names, states, counts and times exactly):\n" + facts,
        }
    )
    return messages


async def phrase_with_llm(request: HandlerRequest, reply: HandlerReply) -> HandlerReply:
    services = request.services
    if services.llm is None:
        services.llm_metrics.record_fallback()
        return reply
    started = time.perf_counter()
    context = request.tool_context()
    # Phrasing an answer never changes the plan: without a user, write tools refuse.
    context.extra = {**context.extra, "user": None}
    try:
        agent = await services.agents.get_agent_for_mode(RoutingMode.agentic)
        run = await agent.run(
            conversation(request, reply),
            skill_ids=[skill.value for skill in request.classification.matched_skills],
            context=context,
            on_delta=request.context.on_delta,
        )
    except (LLMError, AgentNotFound) as exc:
        services.llm_metrics.record_fallback()
        log.warning("agentic_llm_fallback", error=exc.code, detail=exc.detail)
        reply.degraded = True
        reply.timings["llm_ms"] = round((time.perf_counter() - started) * 1000, 2)
        return reply
    reply.timings["llm_ms"] = round((time.perf_counter() - started) * 1000, 2)
    if not run.answer.strip():
        services.llm_metrics.record_fallback()
        return reply
    reply.answer = run.answer.strip()
    reply.tools_used = list(dict.fromkeys([*reply.tools_used, *run.tools_used]))
    return reply
