"""Incident memory: resolved failures, found again by similarity to a new one.

Similarity compares error signatures feature by feature (abend code, message ids, job,
return code, stream, workstation, key log lines), normalised by the features the new
failure actually has, so "AWSBHT001E on PAYROLL_01" can score 1.0 without a log.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import structlog
import yaml

from resync.classifier.identifiers import MESSAGE_ID, extract_identifiers, normalise_code
from resync.knowledge.incident_repository import IncidentRepository
from resync.knowledge.schemas import Incident, IncidentSignature, SimilarIncident

log = structlog.get_logger(__name__)

SEED_FILE = Path(__file__).with_name("seed") / "incidents.yaml"
MIN_SCORE = 0.15
RECENT_TTL_S = 10.0
WEIGHTS = {
    "abend_code": 0.30,
    "message_ids": 0.25,
    "job_name": 0.20,
    "return_code": 0.08,
    "log_lines": 0.08,
    "job_stream": 0.05,
    "workstation": 0.04,
}
_KEY_LINE = re.compile(
    r"(?i)\b(error|erro|abend|failed|falhou|denied|negado|not found|exception)\b"
)
_WORD = re.compile(r"[a-z][a-z0-9_]{2,}")


def signature_from_log(
    job_name: str,
    log_text: str,
    *,
    return_code: int | None = None,
    job_stream: str | None = None,
    workstation: str | None = None,
    max_lines: int = 8,
) -> IncidentSignature:
    """The signature of a failure read from its job log: ids, abend code, key lines."""
    found = extract_identifiers(log_text)
    lines = [
        line.strip()
        for line in log_text.splitlines()
        if line.strip() and (_KEY_LINE.search(line) or MESSAGE_ID.search(line))
    ]
    return IncidentSignature(
        job_name=job_name,
        job_stream=job_stream,
        workstation=workstation,
        return_code=return_code,
        message_ids=found.message_ids,
        abend_code=found.abend_codes[0] if found.abend_codes else None,
        log_lines=lines[:max_lines],
    )


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a or "").strip().upper() == (b or "").strip().upper()


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _log_words(lines: Sequence[str]) -> set[str]:
    return {w for line in lines for w in _WORD.findall(line.lower())}


def similarity(new: IncidentSignature, old: IncidentSignature) -> tuple[float, list[str]]:
    """Score in [0, 1] and the features that matched."""
    present: dict[str, float] = {}
    if new.abend_code:
        present["abend_code"] = float(
            _same(normalise_code(new.abend_code), normalise_code(old.abend_code or ""))
        )
    if new.message_ids:
        present["message_ids"] = _jaccard(
            {m.upper() for m in new.message_ids}, {m.upper() for m in old.message_ids}
        )
    if new.job_name:
        present["job_name"] = float(_same(new.job_name, old.job_name))
    if new.return_code is not None:
        present["return_code"] = float(new.return_code == old.return_code)
    if new.log_lines:
        present["log_lines"] = _jaccard(_log_words(new.log_lines), _log_words(old.log_lines))
    if new.job_stream:
        present["job_stream"] = float(_same(new.job_stream, old.job_stream))
    if new.workstation:
        present["workstation"] = float(_same(new.workstation, old.workstation))
    if not present:
        return 0.0, []
    total = sum(WEIGHTS[name] for name in present)
    score = sum(WEIGHTS[name] * value for name, value in present.items()) / total
    matched = [name for name, value in present.items() if value > 0]
    return round(min(score, 1.0), 4), matched


class IncidentMemory:
    """Resolved incidents, searched by similarity.

    Every search compares against the recent incidents; they are read once and kept for
    ``ttl`` seconds (incidents are added rarely, searched on every diagnosis). An incident
    added through this memory is seen at once; one added by another process, within
    ``ttl``.
    """

    def __init__(self, repository: IncidentRepository, ttl: float = RECENT_TTL_S) -> None:
        self.repository = repository
        self.ttl = ttl
        self._recent: tuple[float, list[Incident]] | None = None

    async def _recent_incidents(self) -> list[Incident]:
        now = time.monotonic()
        if self._recent is not None and now < self._recent[0]:
            return self._recent[1]
        incidents = await self.repository.recent()
        self._recent = (now + self.ttl, incidents)
        return incidents

    async def search_similar_issues(
        self, signature: IncidentSignature, limit: int = 5
    ) -> list[SimilarIncident]:
        found = []
        for incident in await self._recent_incidents():
            score, matched = similarity(signature, incident)
            if score >= MIN_SCORE:
                found.append(SimilarIncident(incident=incident, score=score, matched=matched))
        found.sort(key=lambda s: (s.score, s.incident.resolved_at), reverse=True)
        return found[:limit]

    async def add_incident(
        self,
        *,
        job_name: str,
        cause: str,
        fix: str,
        resolved_by: str,
        message_ids: Sequence[str] = (),
        abend_code: str | None = None,
        return_code: int | None = None,
        job_stream: str | None = None,
        workstation: str | None = None,
        log_lines: Sequence[str] = (),
        resolved_at: datetime | None = None,
        origin: Literal["seed", "diagnosis", "operator"] = "operator",
    ) -> Incident:
        """Remember a resolved failure (from a diagnosis or an operator's feedback)."""
        incident = Incident(
            job_name=job_name,
            job_stream=job_stream,
            workstation=workstation,
            return_code=return_code,
            message_ids=[m.upper() for m in message_ids],
            abend_code=normalise_code(abend_code) if abend_code else None,
            log_lines=list(log_lines),
            cause=cause,
            fix=fix,
            resolved_by=resolved_by,
            resolved_at=resolved_at or datetime.now(UTC),
            origin=origin,
        )
        stored = await self.repository.add(incident)
        self._recent = None
        log.info("knowledge_incident_added", incident_id=stored.id, job=job_name, origin=origin)
        return stored

    async def count(self) -> int:
        return await self.repository.count()

    async def seed_if_empty(self, path: Path = SEED_FILE) -> int:
        if await self.repository.count():
            return 0
        raw = await asyncio.to_thread(path.read_text, encoding="utf-8")
        items: list[dict[str, Any]] = yaml.safe_load(raw) or []
        for item in items:
            await self.add_incident(**item, origin="seed")
        log.info("knowledge_incidents_seeded", count=len(items))
        return len(items)
