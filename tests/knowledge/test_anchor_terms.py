"""Anchor terms: the rarest terms pick the candidates, every term scores them (both engines)."""

from __future__ import annotations

from resync.knowledge.service import KnowledgeService
from resync.knowledge.store import SearchFilters
from resync.knowledge.term_selection import select_terms

# "workstation" is in every section; "quiesce" and "fence" in one each.
GUIDE = (
    b"# Guide\n\n"
    b"## Quiesce\n\nQuiesce the workstation before maintenance of the workstation.\n\n"
    b"## Fence\n\nRaise the fence of a workstation to hold low priority jobs.\n\n"
    b"## Linking\n\nA workstation links to the master domain manager.\n\n"
    b"## Limits\n\nThe workstation limit caps how many jobs run together.\n"
)


def test_rarest_terms_within_the_budget_are_the_anchors() -> None:
    counts = {"quiesce": 1, "fence": 2, "workstation": 40}
    selection = select_terms(["workstation", "quiesce", "fence", "absent"], counts, budget=10)
    assert selection.anchors == ["quiesce", "fence"]
    assert selection.restricts
    assert set(selection.not_anchors) == {"workstation", "absent"}
    assert selection.terms == ["workstation", "quiesce", "fence", "absent"]


def test_a_small_corpus_keeps_every_term() -> None:
    selection = select_terms(["workstation", "quiesce"], {"workstation": 4, "quiesce": 1})
    assert not selection.restricts and selection.anchors == ["workstation", "quiesce"]


def test_the_rarest_term_anchors_even_over_the_budget() -> None:
    selection = select_terms(["job", "workstation"], {"job": 900, "workstation": 500}, budget=10)
    assert selection.anchors == ["workstation"] and selection.restricts


async def test_anchors_restrict_candidates_without_changing_scores(
    empty_knowledge: KnowledgeService,
) -> None:
    await empty_knowledge.ingest_bytes(GUIDE, "guide.md")
    store, terms = empty_knowledge.store, ["workstation", "quiesce"]
    everything = await store.search(terms, limit=10, filters=SearchFilters())
    anchored = await store.search(terms, limit=10, filters=SearchFilters(), anchors=["quiesce"])
    assert len(everything) == 4
    assert [c.section for c in anchored] == ["Quiesce"]
    assert anchored[0].score == next(c.score for c in everything if c.section == "Quiesce")
    filtered = await store.search(
        terms, limit=10, filters=SearchFilters(language="en"), anchors=["quiesce"]
    )
    assert [c.section for c in filtered] == ["Quiesce"]


async def test_the_pipeline_anchors_on_counts_that_follow_ingestion(
    empty_knowledge: KnowledgeService,
) -> None:
    await empty_knowledge.ingest_bytes(GUIDE, "guide.md")
    empty_knowledge.store.anchor_postings = 2
    response = await empty_knowledge.search("workstation quiesce", trace=True)
    assert [r.section for r in response.results] == ["Quiesce"]
    assert response.trace is not None
    lexical = next(s for s in response.trace.stages if s.name == "lexical")
    assert lexical.detail["anchor_terms"] == ["quiesce"]
    assert "workstation" in lexical.detail["not_anchors"]  # type: ignore[operator]

    # "quiesce" becomes commoner than "workstation": the cached counts are dropped on
    # ingestion, so the anchor moves to "workstation".
    more = b"# More\n\n" + b"".join(
        b"## Part %d\n\nQuiesce step %d of the drain.\n\n" % (i, i) for i in range(6)
    )
    await empty_knowledge.ingest_bytes(more, "more.md")
    response = await empty_knowledge.search("workstation quiesce", trace=True)
    assert response.trace is not None
    lexical = next(s for s in response.trace.stages if s.name == "lexical")
    assert lexical.detail["anchor_terms"] == ["workstation"]
    assert {r.source for r in response.results} == {"guide.md"}
    assert response.results[0].section == "Quiesce"
