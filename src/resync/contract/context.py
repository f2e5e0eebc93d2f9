"""What the router knows about a message besides its text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from resync.classifier.intents import RoutingMode

DeltaCallback = Callable[[str], Awaitable[None]]

# The entities under which an answer records the question it asked the operator (stored
# with its turn, so the next message can answer it): what it asked, and for a plan change
# the action; the objects it is about are the turn's job_name / job_stream entities.
ASKED = "asked"
ASKED_ACTION = "asked_action"
ASKED_JUSTIFICATION = "asked_justification"  # the reason already given, kept for the answer
ASKED_TARGET = "asked_target"  # the object of the change, as the answer named it


class Question(StrEnum):
    justification = "justification"  # "qual a justificativa?": the next message is the reason
    target = "target"  # "qual job?": the next message names the object
    confirmation = "confirmation"  # "peço o rerun?": the next message says yes or no
    suggestion = "suggestion"  # "você quis dizer X?": yes takes X, a name takes that name


def asking(
    question: Question,
    action: str | None = None,
    justification: str = "",
    target: str = "",
) -> dict[str, list[str]]:
    """The entities an answer adds to its turn when it asks ``question``."""
    entities = {ASKED: [question.value]}
    if action:
        entities[ASKED_ACTION] = [action]
    if justification:
        entities[ASKED_JUSTIFICATION] = [justification]
    if target:
        entities[ASKED_TARGET] = [target]
    return entities


@dataclass(frozen=True)
class HistoryTurn:
    """One earlier message of the conversation, oldest first in ``RouteContext.history``."""

    role: str  # "user" or "assistant"
    text: str
    entities: dict[str, list[str]] = field(default_factory=dict)

    @property
    def question(self) -> Question | None:
        """What this (assistant) turn asked the operator, if anything."""
        asked = self.entities.get(ASKED) if self.role == "assistant" else None
        return Question(asked[0]) if asked and asked[0] in Question.__members__ else None

    @property
    def asked_action(self) -> str | None:
        values = self.entities.get(ASKED_ACTION)
        return values[0] if values else None

    @property
    def asked_target(self) -> str:
        values = self.entities.get(ASKED_TARGET)
        return values[0] if values else ""

    @property
    def asked_justification(self) -> str:
        values = self.entities.get(ASKED_JUSTIFICATION)
        return values[0] if values else ""


@dataclass
class RouteContext:
    user: Any = None  # resync.auth AuthenticatedUser; None for the CLI
    conversation_id: str | None = None
    history: list[HistoryTurn] = field(default_factory=list)
    on_delta: DeltaCallback | None = None
    force_mode: RoutingMode | None = None
    source: str = "api"  # api, ws, cli, teams

    def pending(self) -> HistoryTurn | None:
        """The previous turn when it is Resync asking something the operator has not
        answered yet (the last turn of the history)."""
        if self.history and self.history[-1].question is not None:
            return self.history[-1]
        return None

    def recent_entities(self) -> dict[str, list[str]]:
        """Entities of the latest earlier turn that named any (for "e o log dele?")."""
        for turn in reversed(self.history):
            if turn.entities:
                return turn.entities
        return {}
