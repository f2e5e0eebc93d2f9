"""Which of a question's terms decide the candidate chunks: the discriminative ones.

Ranking cost grows with the number of chunks matching *any* OR'd term: bm25 is computed
for each of them. A term found in many chunks adds many rows to score but little to the
ranking (its IDF is low). So the search is split in two roles:

- **anchor terms** decide which chunks are candidates (a chunk must contain one): the
  rarest terms, kept while their chunk counts add up to at most ``ANCHOR_POSTINGS``
  (the rarest term is always one);
- **all terms** score the candidates, so a candidate's score is exactly its score for the
  whole question; only chunks matching nothing but common terms are left out.

On a corpus small enough that every term fits the budget, nothing changes. Both engines
apply the same selection; the pipeline traces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ANCHOR_POSTINGS = 1500


@dataclass
class TermSelection:
    terms: list[str]  # every term of the question: they all score
    anchors: list[str]  # a candidate chunk contains at least one of these
    not_anchors: dict[str, str] = field(default_factory=dict)  # term -> why
    restricts: bool = False  # a term found in some chunk is not an anchor


def select_terms(
    terms: Sequence[str],
    frequencies: Mapping[str, int],
    *,
    budget: int = ANCHOR_POSTINGS,
) -> TermSelection:
    """Anchors (in the question's order) from each term's chunk count, and why the other
    terms are not anchors."""
    not_anchors: dict[str, str] = {}
    present = []
    for term in terms:
        if frequencies.get(term, 0) > 0:
            present.append(term)
        else:
            not_anchors[term] = "in no chunk"
    chosen: set[str] = set()
    postings = 0
    for term in sorted(present, key=lambda t: frequencies[t]):
        if chosen and postings + frequencies[term] > budget:
            not_anchors[term] = f"common: in {frequencies[term]} chunks, over the budget"
            continue
        chosen.add(term)
        postings += frequencies[term]
    return TermSelection(
        terms=list(terms),
        anchors=[t for t in terms if t in chosen],
        not_anchors=not_anchors,
        restricts=len(chosen) < len(present),
    )
