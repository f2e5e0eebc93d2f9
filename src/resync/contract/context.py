"""What the router knows about a message besides its text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from resync.classifier.intents import RoutingMode

DeltaCallback = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class HistoryTurn:
    """One earlier message of the conversation, oldest first in ``RouteContext.history``."""

    role: str  # "user" or "assistant"
    text: str
    entities: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class RouteContext:
    user: Any = None  # resync.auth AuthenticatedUser; None for the CLI
    conversation_id: str | None = None
    history: list[HistoryTurn] = field(default_factory=list)
    on_delta: DeltaCallback | None = None
    force_mode: RoutingMode | None = None
    source: str = "api"  # api, ws, cli, teams

    def recent_entities(self) -> dict[str, list[str]]:
        """Entities of the latest earlier turn that named any (for "e o log dele?")."""
        for turn in reversed(self.history):
            if turn.entities:
                return turn.entities
        return {}
