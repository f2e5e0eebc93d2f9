"""Incident memory: seeded on first start, found again by signature similarity (both engines)."""

from __future__ import annotations

from resync.knowledge.incidents import signature_from_log
from resync.knowledge.schemas import IncidentSignature
from resync.knowledge.service import KnowledgeService


async def test_seeded_payroll_incident_is_the_best_match(knowledge: KnowledgeService) -> None:
    found = await knowledge.incidents.search_similar_issues(
        IncidentSignature(job_name="PAYROLL_01", message_ids=["AWSBHT001E"])
    )
    best = found[0]
    assert best.incident.job_name == "PAYROLL_01" and best.score == 1.0
    assert set(best.matched) == {"job_name", "message_ids"}
    assert "senha" in best.incident.fix.lower()


async def test_same_abend_on_another_job_scores_lower_than_an_exact_match(
    knowledge: KnowledgeService,
) -> None:
    found = await knowledge.incidents.search_similar_issues(
        IncidentSignature(job_name="INVOICE_RUN", abend_code="0C4", return_code=12)
    )
    assert found[0].incident.abend_code == "S0C4"
    assert 0.5 < found[0].score < 1.0 and "abend_code" in found[0].matched
    assert all(s.incident.abend_code == "S0C4" or s.score < found[0].score for s in found)


async def test_unrelated_failure_finds_nothing(knowledge: KnowledgeService) -> None:
    assert (
        await knowledge.incidents.search_similar_issues(
            IncidentSignature(job_name="NOPE_99", message_ids=["AWSBCT001E"])
        )
        == []
    )


async def test_added_incident_is_found_and_seed_does_not_repeat(
    knowledge: KnowledgeService,
) -> None:
    before = await knowledge.incidents.count()
    stored = await knowledge.incidents.add_incident(
        job_name="GL_CLOSE",
        abend_code="S322",
        log_lines=["IEF450I GL_CLOSE STEP3 - ABEND=S322 U0000 REASON=00000000"],
        cause="Loop after a bad input file",
        fix="Fixed the input file and raised TIME",
        resolved_by="operator1",
    )
    assert stored.id is not None and await knowledge.incidents.count() == before + 1
    assert await knowledge.incidents.seed_if_empty() == 0
    log = "STEP3 started\nIEF450I GL_CLOSE STEP3 - ABEND=S322 U0000 REASON=00000000\nend"
    signature = signature_from_log("GL_CLOSE", log)
    assert signature.abend_code == "S322" and len(signature.log_lines) == 1
    found = await knowledge.incidents.search_similar_issues(signature, limit=1)
    assert found[0].incident.fix == "Fixed the input file and raised TIME"
