"""The diagnostic handler's plan as it runs: each step timed into ``timings``, at most a
step limit of them, and the tools it called, for the reply."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from resync.agents.tools import ToolRegistry
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import Part
from resync.tws.client import HWAClient

STEP_LIMIT = 10
T = TypeVar("T")


class StepLimitReached(Exception):
    pass


class Steps:
    """The handler's plan as it runs: each step timed, at most ``limit`` of them."""

    def __init__(
        self,
        request: HandlerRequest,
        registry: ToolRegistry,
        tws: HWAClient,
        limit: int = STEP_LIMIT,
    ) -> None:
        self.request = request
        self.registry = registry
        self.tws = tws
        self.limit = limit
        self.taken: list[str] = []
        self.timings: dict[str, float] = {}
        self.tools: list[str] = []

    @property
    def left(self) -> int:
        return self.limit - len(self.taken)

    async def run(self, name: str, work: Callable[[], Awaitable[T]]) -> T:
        if self.left <= 0:
            raise StepLimitReached(name)
        self.taken.append(name)
        started = time.perf_counter()
        try:
            return await work()
        finally:
            key = f"{name}_ms"
            self.timings[key] = self.timings.get(key, 0.0) + (time.perf_counter() - started) * 1000

    async def tool(self, step: str, tool: str, **arguments: Any) -> Any:
        context = self.request.tool_context()
        result = await self.run(step, lambda: self.registry.invoke(tool, context, **arguments))
        if tool not in self.tools:
            self.tools.append(tool)
        return result

    def reply(self, answer: str, parts: list[Part] | None = None, **kwargs: Any) -> HandlerReply:
        return HandlerReply(
            answer=answer, parts=parts or [], tools_used=self.tools, timings=self.timings, **kwargs
        )


def as_step(function: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], Awaitable[T]]:
    """A plain call as the work of a step (``steps.run(name, as_step(f, x))``)."""

    async def run() -> T:
        return function(*args, **kwargs)

    return run
