"""The same retrieval behaviour on both engines (SQLite FTS5 and PostgreSQL full-text)."""

from __future__ import annotations

from resync.knowledge.service import KnowledgeService


async def test_starter_corpus_answers_a_state_question(knowledge: KnowledgeService) -> None:
    response = await knowledge.search("o que fazer com job stream em STUCK?")
    top = response.results[0]
    assert top.section.endswith("STUCK") and top.source == "corpus/job-states.pt.md"
    assert top.language == "pt" and "STUCK" in top.tags


async def test_english_question_prefers_english_chunks(knowledge: KnowledgeService) -> None:
    response = await knowledge.search("how do I relink an unlinked agent?", limit=3)
    assert response.results[0].language == "en"
    assert any("unlinked" in r.section.lower() for r in response.results)


async def test_accents_do_not_matter(knowledge: KnowledgeService) -> None:
    with_accent = await knowledge.search("execução longa", language="pt", limit=3)
    without = await knowledge.search("execucao longa", language="pt", limit=3)
    assert [r.id for r in with_accent.results] == [r.id for r in without.results]
    assert "execução longa" in without.results[0].section


async def test_message_id_answers_from_the_catalogue_first(knowledge: KnowledgeService) -> None:
    response = await knowledge.search("AWSBHT001E")
    first, second = response.results[0], response.results[1]
    assert first.kind == "catalogue" and first.section == "AWSBHT001E"
    assert first.score > second.score
    assert "AWSBHT001E" in second.tags


async def test_section_title_outweighs_a_body_mention(empty_knowledge: KnowledgeService) -> None:
    await empty_knowledge.ingest_bytes(
        b"# Guide\n\n## Other\n\nNotes mention quiesce once among other words here.\n\n"
        b"## Quiesce\n\nHow to put a workstation in a calm state.\n",
        "guide.md",
    )
    response = await empty_knowledge.search("quiesce")
    assert [r.section for r in response.results] == ["Quiesce", "Other"]


async def test_filters_by_language_source_and_tag(knowledge: KnowledgeService) -> None:
    only_en = await knowledge.search("JnextPlan", language="en", limit=10)
    assert only_en.results and {r.language for r in only_en.results} == {"en"}
    from_source = await knowledge.search("JnextPlan", sources=["corpus/conman.pt.md"], limit=10)
    assert {r.source for r in from_source.results} <= {"corpus/conman.pt.md"}
    tagged = await knowledge.search("JnextPlan", tags=["awsjpl006e"], limit=10)
    assert tagged.results and all("AWSJPL006E" in r.tags for r in tagged.results)
    nothing = await knowledge.search("JnextPlan", sources=["nowhere.md"])
    assert nothing.results == []


async def test_removed_document_is_no_longer_found(knowledge: KnowledgeService) -> None:
    assert await knowledge.remove("corpus/plan-cycle.en.md")
    response = await knowledge.search("carry forward", limit=20)
    assert "corpus/plan-cycle.en.md" not in {r.source for r in response.results}
    assert not await knowledge.remove("corpus/plan-cycle.en.md")


async def test_health_reports_the_chunk_count(knowledge: KnowledgeService) -> None:
    details = await knowledge.health()
    assert details["chunks"] == (await knowledge.stats()).chunks > 100
