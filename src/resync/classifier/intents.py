"""The intents and routing modes of the routing contract (``spec/intents.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from resync.classifier.topics import mentions, refers_back, window_name


class Intent(StrEnum):
    greeting = "greeting"
    general = "general"
    status = "status"
    troubleshooting = "troubleshooting"
    job_management = "job_management"
    monitoring = "monitoring"
    analysis = "analysis"
    reporting = "reporting"
    unknown = "unknown"


class RoutingMode(StrEnum):
    rag_only = "rag_only"
    agentic = "agentic"
    diagnostic = "diagnostic"


ROUTING_BY_INTENT: dict[Intent, RoutingMode] = {
    Intent.greeting: RoutingMode.rag_only,
    Intent.general: RoutingMode.rag_only,
    Intent.status: RoutingMode.agentic,
    Intent.troubleshooting: RoutingMode.diagnostic,
    Intent.job_management: RoutingMode.agentic,
    Intent.monitoring: RoutingMode.agentic,
    Intent.analysis: RoutingMode.agentic,
    Intent.reporting: RoutingMode.agentic,
    Intent.unknown: RoutingMode.rag_only,
}


class Skill(StrEnum):
    """Skills a handler loads for a message (prompts, tools, knowledge slices)."""

    job_log_analysis = "job_log_analysis"
    job_management = "job_management"
    status_check = "status_check"
    workstation_monitoring = "workstation_monitoring"
    performance_analysis = "performance_analysis"
    reporting = "reporting"
    knowledge = "knowledge"


SKILLS_BY_INTENT: dict[Intent, tuple[Skill, ...]] = {
    Intent.greeting: (),
    Intent.general: (Skill.knowledge,),
    Intent.status: (Skill.status_check,),
    Intent.troubleshooting: (Skill.job_log_analysis, Skill.knowledge),
    Intent.job_management: (Skill.job_management, Skill.status_check),
    Intent.monitoring: (Skill.workstation_monitoring, Skill.status_check),
    Intent.analysis: (Skill.performance_analysis,),
    Intent.reporting: (Skill.reporting,),
    Intent.unknown: (Skill.knowledge,),
}

ENTITY_KINDS: tuple[str, ...] = (
    "job_name",
    "job_stream",
    "workstation",
    "error_code",
    "abend_code",
    "message_id",
    "status",
    "time_reference",
)


class IntentClassification(BaseModel):
    """The classifier's verdict on one message; JSON-serialisable (``model_dump(mode="json")``).

    ``confidence`` is 0–1: high when the evidence is clear and points one way, low when the
    message is empty, off-topic or torn between intents. ``reasons`` name the rules that
    fired, in order, for the admin console.
    """

    model_config = ConfigDict(frozen=True)

    primary_intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)
    secondary_intents: list[Intent] = Field(default_factory=list)
    suggested_routing: RoutingMode
    requires_tools: bool
    matched_skills: list[Skill] = Field(default_factory=list)
    entities: dict[str, list[str]] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)
    language: Literal["pt", "en"] = "pt"
    # A plan change asked for: its action (``resync.classifier.actions.Action``) and the
    # reason given with it, as written ("" when none).
    action: str | None = None
    justification: str = ""
    # The classifier's reading of the message: its words, folded, abbreviations expanded.
    _words: Sequence[str] = PrivateAttr(default=())

    def __eq__(self, other: object) -> bool:
        """Equal verdicts: the same fields (the reading they came from is not compared)."""
        if not isinstance(other, IntentClassification):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # holds lists and dicts, as before

    @property
    def reading(self) -> str:
        """The message as the classifier read it: folded words joined by single spaces."""
        return " ".join(self._words)

    def mentions(self, topic: str) -> bool:
        """Whether the message names ``topic`` (see :data:`resync.classifier.topics.TOPICS`)."""
        return mentions(self.reading, topic)

    @property
    def window(self) -> str | None:
        """The plan window the message names (today, yesterday, last_7_days, shift, …)."""
        return window_name(self.reading)

    @property
    def refers_back(self) -> bool:
        """The message points at something said before ("e o log dele?", "rerun it")."""
        return refers_back(self._words)

    @classmethod
    def trusted(
        cls,
        primary_intent: Intent,
        confidence: float,
        secondary_intents: list[Intent],
        suggested_routing: RoutingMode,
        requires_tools: bool,
        matched_skills: list[Skill],
        entities: dict[str, list[str]],
        reasons: list[str],
        language: Literal["pt", "en"],
        action: str | None = None,
        justification: str = "",
        words: Sequence[str] = (),
    ) -> IntentClassification:
        """An instance from values the classifier guarantees valid, without validation.

        The same object ``model_construct`` builds with every field given, minus its generic
        per-field loop: this runs once per operator message. Every field is set, so the
        instances share one ``__pydantic_fields_set__``: the model is frozen and pydantic
        copies that set before it changes one (``model_copy``).
        """
        instance = cls.__new__(cls)
        _set = object.__setattr__
        _set(
            instance,
            "__dict__",
            {
                "primary_intent": primary_intent,
                "confidence": confidence,
                "secondary_intents": secondary_intents,
                "suggested_routing": suggested_routing,
                "requires_tools": requires_tools,
                "matched_skills": matched_skills,
                "entities": entities,
                "reasons": reasons,
                "language": language,
                "action": action,
                "justification": justification,
            },
        )
        _set(instance, "__pydantic_fields_set__", _FIELDS_SET)
        _set(instance, "__pydantic_extra__", None)
        _set(instance, "__pydantic_private__", {"_words": words})
        return instance


_FIELDS_SET = set(IntentClassification.model_fields)
