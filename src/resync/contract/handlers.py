"""What every handler receives and gives back.

The router classifies a message, picks the handler of the routing mode and calls
``handle``; the handler fills a :class:`HandlerReply`, which the router turns into a
:class:`~resync.contract.result.RoutingResult` (adding intent, confidence, timings, trace).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from resync.agents.tools import ToolContext
from resync.classifier.intents import IntentClassification
from resync.contract.context import RouteContext
from resync.contract.result import Part


@dataclass
class HandlerRequest:
    message: str
    classification: IntentClassification
    context: RouteContext
    trace_id: str

    @property
    def language(self) -> str:
        return self.classification.language

    @property
    def entities(self) -> dict[str, list[str]]:
        return self.classification.entities

    def entity(self, kind: str) -> str | None:
        values = self.classification.entities.get(kind)
        return values[0] if values else None

    def tool_context(self) -> ToolContext:
        user = self.context.user
        role = getattr(user, "role", None)
        return ToolContext(
            user=getattr(user, "username", None),
            roles=frozenset({str(role)}) if role else frozenset(),
            trace_id=self.trace_id,
            conversation_id=self.context.conversation_id,
            language=self.language,
            extra={"user": user},
        )

    def say(self, pt: str, en: str) -> str:
        """The text in the language of the question."""
        return en if self.language == "en" else pt


@dataclass
class HandlerReply:
    answer: str
    parts: list[Part] = field(default_factory=list)
    tools_used: list[str] = field(default_factory=list)
    approval: dict[str, Any] | None = None
    degraded: bool = False  # a fallback answered (the LLM failed, a source was unreachable)
    timings: dict[str, float] = field(default_factory=dict)  # ms per handler stage
    language: Literal["pt", "en"] | None = None  # set when the answer's language differs


class Handler(Protocol):
    name: str

    async def handle(self, request: HandlerRequest) -> HandlerReply: ...
