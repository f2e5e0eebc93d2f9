"""Bodies of the review loop's endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from resync.classifier.intents import Intent, RoutingMode

FeedbackReason = Literal["wrong_intent", "wrong_data", "not_helpful", "wrong_language"]
Action = Literal["golden", "incident", "knowledge_gap", "dismiss"]


class FeedbackIn(BaseModel):
    rating: Literal["up", "down"]
    reason: FeedbackReason | None = None
    comment: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _reason_only_for_down(self) -> FeedbackIn:
        if self.reason is not None and self.rating == "up":
            raise ValueError("reason is only for a thumbs-down (rating 'down')")
        return self


class IncidentIn(BaseModel):
    job_name: str = Field(min_length=1, max_length=120)
    cause: str = Field(min_length=1, max_length=2000)
    fix: str = Field(min_length=1, max_length=2000)
    message_ids: list[str] = Field(default_factory=list, max_length=20)
    abend_code: str | None = Field(default=None, max_length=16)
    return_code: int | None = None
    job_stream: str | None = Field(default=None, max_length=120)
    workstation: str | None = Field(default=None, max_length=120)
    log_lines: list[str] = Field(default_factory=list, max_length=20)


class ResolveIn(BaseModel):
    action: Action
    intent: Intent | None = None
    routing: RoutingMode | None = None
    entities: dict[str, list[str]] | None = None
    note: str | None = Field(default=None, max_length=4000)
    incident: IncidentIn | None = None

    @model_validator(mode="after")
    def _what_each_action_needs(self) -> ResolveIn:
        if self.action == "incident" and self.incident is None:
            raise ValueError("action 'incident' needs 'incident': {job_name, cause, fix, …}")
        if self.action == "knowledge_gap" and not (self.note or "").strip():
            raise ValueError("action 'knowledge_gap' needs a 'note' for the KB owners")
        return self
