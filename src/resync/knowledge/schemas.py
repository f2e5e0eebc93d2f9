"""Pydantic shapes of the knowledge base: search results, traces, documents, incidents."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from resync.params import UtcDatetime

ResultKind = Literal["chunk", "catalogue"]


class SearchResult(BaseModel):
    text: str
    title: str
    section: str
    source: str
    score: float
    language: str
    tags: list[str] = Field(default_factory=list)
    kind: ResultKind = "chunk"
    id: str = Field(description="chunk:<id> or catalogue:<code>")


class QueryAnalysis(BaseModel):
    language: str | None
    terms: list[str]
    message_ids: list[str] = Field(default_factory=list)
    abend_codes: list[str] = Field(default_factory=list)
    states: list[str] = Field(default_factory=list)
    commands: list[str] = Field(default_factory=list)
    job_names: list[str] = Field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return self.message_ids + self.abend_codes


class TraceCandidate(BaseModel):
    id: str
    score: float
    title: str = ""
    section: str = ""
    source: str = ""


class StageTrace(BaseModel):
    name: str
    duration_ms: float
    detail: dict[str, object] = Field(default_factory=dict)
    candidates: list[TraceCandidate] = Field(default_factory=list)
    passed_on: list[str] = Field(default_factory=list, description="ids handed to the next stage")
    notes: list[str] = Field(default_factory=list)
    error: str | None = None


class RetrievalTrace(BaseModel):
    """Why these results: every stage's time, candidates with scores, and what it kept."""

    query: str
    analysis: QueryAnalysis
    stages: list[StageTrace] = Field(default_factory=list)
    total_ms: float = 0.0


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    trace: RetrievalTrace | None = None


class DocumentInfo(BaseModel):
    source: str
    title: str
    media_type: str
    language: str
    content_hash: str
    size_bytes: int
    chunk_count: int
    created_at: UtcDatetime
    updated_at: UtcDatetime


IngestStatus = Literal["added", "replaced", "unchanged"]


class IngestResult(BaseModel):
    source: str
    status: IngestStatus
    chunks: int
    title: str
    language: str


class KnowledgeStats(BaseModel):
    documents: int
    chunks: int
    by_language: dict[str, int]
    incidents: int = 0
    catalogue_entries: int = 0
    dense_retrieval: bool = False


class CatalogueEntry(BaseModel):
    code: str
    kind: Literal["message", "abend"]
    component: str
    severity: str
    meaning_pt: str
    meaning_en: str
    action_pt: str
    action_en: str
    verified: bool = Field(
        True, description="False: a common reading, to check against the installation's docs"
    )

    def meaning(self, language: str | None) -> str:
        return self.meaning_en if language == "en" else self.meaning_pt

    def action(self, language: str | None) -> str:
        return self.action_en if language == "en" else self.action_pt


class IncidentSignature(BaseModel):
    """What identifies a failure: the job, where it ran, and what the log said."""

    job_name: str = ""
    job_stream: str | None = None
    workstation: str | None = None
    return_code: int | None = None
    message_ids: list[str] = Field(default_factory=list)
    abend_code: str | None = None
    log_lines: list[str] = Field(default_factory=list)


class Incident(IncidentSignature):
    id: int | None = None
    cause: str
    fix: str
    resolved_by: str
    resolved_at: UtcDatetime
    origin: Literal["seed", "diagnosis", "operator"] = "operator"


class SimilarIncident(BaseModel):
    incident: Incident
    score: float = Field(ge=0.0, le=1.0)
    matched: list[str] = Field(description="features that matched: abend_code, message_ids …")
