"""Knowledge retrieval quality: hit@1, hit@3 and MRR of the knowledge base on labelled questions.

The file is YAML, a list of ``{q, lang, section, source?}``: a result answers a question
when its section path contains ``section`` (case-insensitive) and, if ``source`` is
given, its source ends with it. Catalogue hits carry the code as their section.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from resync.knowledge.schemas import SearchResult
from resync.knowledge.service import KnowledgeService


class LabelledQuestion(BaseModel):
    q: str
    lang: str | None = None
    section: str
    source: str | None = None

    def answered_by(self, result: SearchResult) -> bool:
        if self.section.casefold() not in result.section.casefold():
            return False
        return self.source is None or result.source.endswith(self.source)


class QuestionOutcome(BaseModel):
    q: str
    rank: int | None
    top: list[str]


class EvaluationReport(BaseModel):
    questions: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    misses: list[QuestionOutcome]


def load_questions(path: Path) -> list[LabelledQuestion]:
    raw: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [LabelledQuestion(**item) for item in raw]


async def evaluate_knowledge(
    knowledge: KnowledgeService, questions: list[LabelledQuestion], *, depth: int = 10
) -> EvaluationReport:
    ranks: list[int | None] = []
    misses = []
    for question in questions:
        response = await knowledge.search(question.q, limit=depth)
        rank = next(
            (i for i, r in enumerate(response.results, start=1) if question.answered_by(r)), None
        )
        ranks.append(rank)
        if rank != 1:
            top = [f"{r.source} › {r.section}" for r in response.results[:3]]
            misses.append(QuestionOutcome(q=question.q, rank=rank, top=top))
    total = len(questions) or 1
    return EvaluationReport(
        questions=len(questions),
        hit_at_1=sum(1 for r in ranks if r == 1) / total,
        hit_at_3=sum(1 for r in ranks if r is not None and r <= 3) / total,
        mrr=sum(1 / r for r in ranks if r is not None) / total,
        misses=misses,
    )
