"""Dense retrieval through a real local OpenAI-compatible embeddings server, fused by RRF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from resync.knowledge.retrieve import reciprocal_rank_fusion
from tests.fixtures.processes import free_port, python_process, wait_http
from tests.knowledge.conftest import knowledge_settings, start_knowledge

STUB = Path(__file__).resolve().parents[1] / "fixtures" / "embeddings_stub.py"


@pytest.fixture
def embeddings_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    with python_process([str(STUB), str(port)], {}, tmp_path):
        wait_http(f"http://127.0.0.1:{port}/health")
        yield f"http://127.0.0.1:{port}/v1"


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a", "d"]], k=60)
    assert list(fused)[:2] == ["a", "c"]
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert fused["d"] == pytest.approx(1 / 63)


async def test_dense_results_are_fused_with_full_text(tmp_path: Path, embeddings_url: str) -> None:
    settings = knowledge_settings(tmp_path, knowledge_embeddings_url=embeddings_url)
    db, knowledge = await start_knowledge(settings)
    try:
        stats = await knowledge.stats()
        assert stats.dense_retrieval
        assert len(await knowledge.store.vectors(_no_filters())) == stats.chunks

        response = await knowledge.search("agent unlinked relink", trace=True, limit=3)
        assert response.trace is not None
        stages = {s.name: s for s in response.trace.stages}
        assert stages["dense"].error is None and stages["dense"].candidates
        assert "reciprocal rank fusion" in stages["fusion"].notes[0]
        assert all(r.score < 1.0 for r in response.results)  # RRF scores, boosted
        assert any("unlinked" in r.section.lower() for r in response.results)
    finally:
        await knowledge.close()
        await db.close()


async def test_search_still_answers_when_the_embeddings_server_is_down(tmp_path: Path) -> None:
    down = f"http://127.0.0.1:{free_port()}/v1"
    settings = knowledge_settings(
        tmp_path, knowledge_embeddings_url=down, knowledge_embeddings_timeout=2.0
    )
    db, knowledge = await start_knowledge(settings)  # ingestion stores chunks without vectors
    try:
        response = await knowledge.search("carry forward", trace=True)
        assert response.results and response.results[0].section.lower().find("carry") >= 0
        assert response.trace is not None
        dense = next(s for s in response.trace.stages if s.name == "dense")
        assert dense.error and "full-text results only" in dense.notes
    finally:
        await knowledge.close()
        await db.close()


def _no_filters():  # type: ignore[no-untyped-def]
    from resync.knowledge.store import SearchFilters

    return SearchFilters()
