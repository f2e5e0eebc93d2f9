"""The scenario checks themselves: language purity, the question asked, the approval's
reason, and the facts for names an operator mistypes, read from the engine."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from resync.scenarios.checks import Answer, check, flatten, impurities
from resync.scenarios.facts import PlanFacts, UnknownFact, edit_distance
from resync.scenarios.model import Expect, Step
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine

START = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def facts() -> PlanFacts:
    return PlanFacts(PlanEngine(42, SimulatedClock(START, speed=0)))


def answer(text: str, parts: list[dict[str, Any]] | None = None, **extra: Any) -> Answer:
    result = {"answer": text, "parts": parts or [], **extra}
    return Answer(text, flatten(result), result, extra.pop("created", []))


def test_a_clean_portuguese_answer_is_pure_with_names_code_and_quotes_in_english() -> None:
    text = (
        "O job **PAYROLL_01** (MDM#JS_PAYROLL.PAYROLL_01) está em **ABEND** com rc 12.\n"
        "**Evidência (log do job):**\n```\n  13  ERROR Connection refused by the server\n```\n"
        "Justificativa: “the database is back”. Veja `df -h /data/work`."
    )
    card = {"kind": "card", "title": "PAYROLL_01", "fields": {"return_code": None}}
    assert impurities({"answer": text, "parts": [card]}, "pt") == []


def test_english_in_a_portuguese_answer_is_found_as_words_codes_and_sentences() -> None:
    text = (
        "Não foi criado: Injected fault: HTTP 503. Estado needs_justification.\n"
        "The request was not created because the server is down."
    )
    found = impurities({"answer": text}, "pt")
    assert any("raw codes: needs_justification" in problem for problem in found)
    assert any("English words" in p and "injected" in p and "fault" in p for p in found)
    assert any(problem.startswith("a sentence not in pt") for problem in found)


def test_portuguese_in_an_english_answer_is_found() -> None:
    found = impurities({"answer": "Approval request created. Nenhum pedido foi criado."}, "en")
    assert any("Portuguese words" in p and "nenhum" in p for p in found)


def test_the_question_asked_and_the_approvals_reason_are_checked(facts: PlanFacts) -> None:
    asked = answer("Qual a justificativa?", entities={"asked": ["justification"]})
    assert check(Expect(asks="justification"), asked, facts) == []
    assert check(Expect(asks="target"), asked, facts) == [
        "does not ask for the target (asks ['justification'])"
    ]
    request = {"action": "rerun", "target": "MDM#JS_DAILY.LOAD_FILES", "justification": "X"}
    created = Answer("Pedido criado.", "Pedido criado.", {"answer": "Pedido criado."}, [request])
    assert check(Expect(justification="o arquivo chegou"), created, facts) == [
        "approval justified 'x', expected 'o arquivo chegou'"
    ]


def test_a_degraded_answer_passes_only_when_the_scenario_expects_it(facts: PlanFacts) -> None:
    down = answer("O HWA não está respondendo.", degraded=True)
    assert check(Expect(degraded=True), down, facts) == []
    assert check(Expect(), down, facts) == ["a fallback answered (degraded)"]


def test_names_an_operator_mistypes_are_read_from_the_engine(facts: PlanFacts) -> None:
    assert facts.names("nearest:PAYROL_01") == {"PAYROLL_01"}
    assert facts.names("nearest:JS_PAYROL") == {"JS_PAYROLL"}
    assert facts.names("nearest:AGT_LNX2") == {"AGT_LNX02"}
    assert facts.names("nearest:XQZ_WWW_987") == set()
    with pytest.raises(UnknownFact, match="no typo"):
        facts.names("nearest:PAYROLL_01")
    payroll = facts.names("containing:PAYROLL")
    assert "PAYROLL_01" in payroll and all("PAYROLL" in name for name in payroll)
    assert facts.names("failed_in:JS_DAILY") == {"LOAD_FILES"}


def test_edit_distance_counts_inserts_deletes_and_replaces() -> None:
    assert edit_distance("PAYROL_01", "PAYROLL_01") == 1
    assert edit_distance("BOLTEO_30", "BOLETO_30") == 2
    assert edit_distance("", "ABC") == 3


def test_a_fault_step_does_one_thing_and_pure_needs_a_language() -> None:
    assert Step(fault=503).fault == 503
    with pytest.raises(ValueError, match="one thing"):
        Step(fault=503, advance=60)
    with pytest.raises(ValueError, match="give language too"):
        Expect(pure=True)
