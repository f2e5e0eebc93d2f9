"""Have an LLM agent write the answer from evidence the handler gathered.

The evidence (retrieved sections, job logs, catalogue entries, incidents) goes to the
model fenced as untrusted data; the message's skills join the agent's instructions; the
agent may call read tools only (a plan change is never made from these paths: the
operator asks for it explicitly and the agentic path turns it into an approval request).
Every way the LLM can be absent or fail gives ``None`` and counts a fallback, so the
handler answers deterministically instead.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import orjson
import structlog

from resync.agents.agent_loop import run_agent
from resync.agents.errors import AgentNotFound, LLMError
from resync.agents.llm import LLMClient, LLMMetrics, Message
from resync.agents.manager import AgentManager
from resync.agents.tools import ToolKind, ToolRegistry
from resync.agents.untrusted import fence_untrusted
from resync.classifier.intents import RoutingMode
from resync.contract.handlers import HandlerReply, HandlerRequest

log = structlog.get_logger(__name__)

HISTORY_TURNS = 6
FACTS_LIMIT = 8000


@dataclass
class Evidence:
    label: str
    text: str
    source: str = ""


@dataclass
class AgentAnswer:
    text: str | None  # None: answer deterministically
    tools_used: list[str] = field(default_factory=list)
    failed: bool = False  # an LLM was configured but did not answer (degraded)
    ms: float = 0.0


@dataclass
class Composer:
    """Writes answers with an LLM agent: from gathered evidence, or by phrasing a
    deterministic answer. Without an LLM (or when it fails) the deterministic answer stands."""

    llm: LLMClient | None
    agents: AgentManager
    tools: ToolRegistry
    metrics: LLMMetrics

    async def answer_with_agent(
        self, request: HandlerRequest, agent_id: str, evidence: Sequence[Evidence], task: str
    ) -> AgentAnswer:
        """The agent's answer, or ``AgentAnswer(None)`` (fallback counted) when there is none."""
        if self.llm is None:
            self.metrics.record_fallback()
            return AgentAnswer(None)
        started = time.perf_counter()
        try:
            agent = await self.agents.get_agent(agent_id)
            read_tools = [
                name
                for name in agent.available_tools()
                if self.tools.get(name).kind is ToolKind.read
            ]
            run = await run_agent(
                self.llm,
                self.tools,
                [
                    {"role": "system", "content": agent.system_prompt(_skills(request))},
                    *_history(request),
                    {"role": "user", "content": _prompt(request, evidence, task)},
                ],
                read_tools,
                step_limit=agent.config.tool_call_limit or agent.step_limit,
                time_limit=agent.time_limit,
                on_delta=request.context.on_delta,
                context=request.tool_context(),
                model=agent.config.model,
                temperature=agent.config.temperature,
            )
        except (LLMError, AgentNotFound) as exc:
            self.metrics.record_fallback()
            log.warning("llm_answer_fallback", agent=agent_id, error=exc.code)
            return AgentAnswer(None, failed=True, ms=_ms(started))
        if not run.answer.strip():
            self.metrics.record_fallback()
            log.warning("llm_answer_fallback", agent=agent_id, error="empty_answer")
            return AgentAnswer(None, run.tools_used, failed=True, ms=_ms(started))
        return AgentAnswer(run.answer.strip(), run.tools_used, ms=_ms(started))

    async def phrase(self, request: HandlerRequest, reply: HandlerReply) -> HandlerReply:
        """The deterministic ``reply`` phrased by the operations agent; ``reply`` itself on any
        failure (counted as a fallback)."""
        if self.llm is None:
            self.metrics.record_fallback()
            return reply
        started = time.perf_counter()
        context = request.tool_context()
        # Phrasing an answer never changes the plan: without a user, write tools refuse.
        context.extra = {**context.extra, "user": None}
        try:
            agent = await self.agents.get_agent_for_mode(RoutingMode.agentic)
            run = await agent.run(
                conversation(request, reply),
                skill_ids=[skill.value for skill in request.classification.matched_skills],
                context=context,
                on_delta=request.context.on_delta,
            )
        except (LLMError, AgentNotFound) as exc:
            self.metrics.record_fallback()
            log.warning("agentic_llm_fallback", error=exc.code, detail=exc.detail)
            reply.degraded = True
            reply.timings["llm_ms"] = round((time.perf_counter() - started) * 1000, 2)
            return reply
        reply.timings["llm_ms"] = round((time.perf_counter() - started) * 1000, 2)
        if not run.answer.strip():
            self.metrics.record_fallback()
            return reply
        reply.answer = run.answer.strip()
        reply.tools_used = list(dict.fromkeys([*reply.tools_used, *run.tools_used]))
        return reply


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _skills(request: HandlerRequest) -> list[str]:
    return [skill.value for skill in request.classification.matched_skills]


def _history(request: HandlerRequest) -> list[Message]:
    turns = request.context.history[-HISTORY_TURNS:]
    return [
        {"role": "assistant" if turn.role == "assistant" else "user", "content": turn.text}
        for turn in turns
        if turn.text.strip()
    ]


def _prompt(request: HandlerRequest, evidence: Sequence[Evidence], task: str) -> str:
    language = "English" if request.language == "en" else "Brazilian Portuguese (pt-BR)"
    blocks = [fence_untrusted(item.text, item.label, source=item.source) for item in evidence]
    parts = [f"Operator's message: {request.message}"]
    if blocks:
        parts.append("Evidence gathered for this message:\n\n" + "\n\n".join(blocks))
    parts.append(f"{task}\nAnswer in {language}.")
    return "\n\n".join(parts)


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
