"""The tool-calling loop: ask the model, run the tools it calls, feed results back, repeat.

Bounded twice: at most ``step_limit`` rounds of tool calls (then one last call without
tools asks for the answer), and one overall deadline (``time_limit`` seconds) for every
LLM and tool call of the run. Tool results flagged untrusted (job logs, documents) are
fenced before the model sees them. Every failure is an ``LLMError``: the caller then
answers deterministically.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog

from resync.agents.errors import LLMStepLimitExceeded, LLMTimeout
from resync.agents.llm import ChatResponse, LLMClient, Message, OnDelta
from resync.agents.tools import ToolContext, ToolRegistry, ToolResult
from resync.agents.untrusted import fence_untrusted

log = structlog.get_logger(__name__)

MAX_CALLS_PER_STEP = 8


@dataclass
class ToolCallRecord:
    name: str
    arguments: str
    ok: bool
    error: str | None
    duration_ms: float
    result: ToolResult


@dataclass
class AgentRun:
    answer: str
    messages: list[Message]  # the whole transcript, tool results included
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    steps: int = 0  # LLM calls made
    stopped: str = "answer"  # "answer" or "step_limit" (answered after the last round)
    duration_ms: float = 0.0

    @property
    def tools_used(self) -> list[str]:
        return list(dict.fromkeys(record.name for record in self.tool_calls))


async def run_agent(
    llm: LLMClient,
    registry: ToolRegistry,
    messages: Sequence[Message],
    tools: Sequence[str],
    *,
    step_limit: int,
    time_limit: float,
    on_delta: OnDelta | None = None,
    context: ToolContext | None = None,
    model: str | None = None,
    temperature: float | None = None,
) -> AgentRun:
    """Run the model with ``tools`` until it answers; see the module docstring for bounds.

    Raises ``LLMTimeout`` past the deadline, ``LLMStepLimitExceeded`` when the model still
    wants tools after the limit, or any other ``LLMError`` from the endpoint.
    """
    started = time.monotonic()
    deadline = started + time_limit
    transcript: list[Message] = list(messages)
    schemas = registry.openai_schemas(tools) if tools else None
    run = AgentRun(answer="", messages=transcript)
    context = context or ToolContext()

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            llm.metrics.record("timeout")
            raise LLMTimeout(f"the agent run exceeded its {time_limit:g}s deadline")
        return left

    for round_number in range(step_limit + 1):
        last_round = round_number == step_limit
        response = await llm.chat(
            transcript,
            tools=None if last_round else schemas,
            model=model,
            temperature=temperature,
            time_limit=remaining(),
            on_delta=on_delta,
        )
        run.steps += 1
        if not response.tool_calls:
            run.answer = response.content.strip()
            run.stopped = "step_limit" if last_round and round_number else "answer"
            break
        if last_round:
            raise LLMStepLimitExceeded(f"the model still called tools after {step_limit} rounds")
        transcript.append(response.as_message())
        await _run_tool_calls(registry, response, context, run, transcript, remaining)
    run.duration_ms = (time.monotonic() - started) * 1000
    log.info(
        "agent_run",
        steps=run.steps,
        tools=run.tools_used,
        stopped=run.stopped,
        ms=round(run.duration_ms, 1),
    )
    return run


async def _run_tool_calls(
    registry: ToolRegistry,
    response: ChatResponse,
    context: ToolContext,
    run: AgentRun,
    transcript: list[Message],
    remaining: Any,
) -> None:
    for index, call in enumerate(response.tool_calls):
        if index >= MAX_CALLS_PER_STEP:
            content = f'{{"error": "too many tool calls in one step (max {MAX_CALLS_PER_STEP})"}}'
            transcript.append({"role": "tool", "tool_call_id": call.id, "content": content})
            continue
        try:
            async with asyncio.timeout(remaining()):
                result = await registry.call(call.name, call.arguments, context)
        except TimeoutError as exc:
            raise LLMTimeout(f"tool {call.name} did not finish before the deadline") from exc
        run.tool_calls.append(
            ToolCallRecord(
                call.name, call.arguments, result.ok, result.error, result.duration_ms, result
            )
        )
        content = result.content
        if result.untrusted and result.ok:
            content = fence_untrusted(content, label=f"result of {call.name}")
        transcript.append({"role": "tool", "tool_call_id": call.id, "content": content})
