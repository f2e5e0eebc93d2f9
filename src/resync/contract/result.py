"""What the router hands back for one message: the answer and how it was reached.

``parts`` carry structure the UI renders (tables of jobs, quoted log lines, citations,
cards, a proposed action); ``answer`` is always a complete plain-text/Markdown answer on
its own, so a client that ignores parts (Teams, the CLI) loses nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from resync.classifier.intents import Intent, RoutingMode


class TablePart(BaseModel):
    kind: Literal["table"] = "table"
    title: str = ""
    columns: list[str]
    rows: list[list[Any]]
    total: int | None = None  # rows shown may be fewer than rows matched


class LogPart(BaseModel):
    kind: Literal["log"] = "log"
    title: str = ""
    job_id: str | None = None
    lines: list[str]
    first_line: int | None = None


class Citation(BaseModel):
    title: str
    section: str = ""
    source: str = ""
    excerpt: str = ""
    score: float | None = None


class CitationsPart(BaseModel):
    kind: Literal["citations"] = "citations"
    items: list[Citation]


class CardPart(BaseModel):
    kind: Literal["card"] = "card"
    title: str
    fields: dict[str, Any] = Field(default_factory=dict)
    tone: Literal["info", "ok", "warn", "error"] = "info"


class ActionPart(BaseModel):
    """A proposed or requested plan change; ``approval_id`` is set once a request exists."""

    kind: Literal["action"] = "action"
    action: str
    target: str
    justification: str = ""
    approval_id: str | None = None
    status: str = "proposed"
    risk: str | None = None


class ExportPart(BaseModel):
    """A file the operator can download as is: a report as CSV or Markdown."""

    kind: Literal["export"] = "export"
    format: Literal["csv", "markdown"]
    filename: str
    media_type: str = "text/plain"
    content: str


Part = TablePart | LogPart | CitationsPart | CardPart | ActionPart | ExportPart


class RoutingResult(BaseModel):
    answer: str
    parts: list[Part] = Field(default_factory=list)
    routing_mode: RoutingMode
    intent: Intent
    confidence: float
    handler: str
    tools_used: list[str] = Field(default_factory=list)
    entities: dict[str, list[str]] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)  # milliseconds per stage
    trace_id: str
    language: Literal["pt", "en"] = "pt"
    approval: dict[str, Any] | None = None
    degraded: bool = False  # a fallback answered (LLM or a dependency failed)
