"""IntentClassifier behaviour: confidence, precedence, language, tolerance, determinism,
serialisation and the optional fallback hook."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import Intent, IntentClassification, RoutingMode, Skill


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier()


@pytest.mark.parametrize("text", ["", "   ", "?!", "..."])
def test_empty_text_is_unknown_with_no_confidence(classifier, text) -> None:
    result = classifier.classify(text)
    assert result.primary_intent is Intent.unknown
    assert result.suggested_routing is RoutingMode.rag_only
    assert result.confidence <= 0.1


def test_off_topic_is_unknown_with_low_confidence(classifier) -> None:
    result = classifier.classify("qual a capital da Austrália?")
    assert result.primary_intent is Intent.unknown
    assert result.confidence < 0.3


def test_clear_requests_have_high_confidence(classifier) -> None:
    for text in (
        "reexecuta o job PAYROLL_01 agora",
        "por que o PAYROLL_01 abendou com S0C4?",
        "me avisa quando o JS_DAILY terminar",
    ):
        assert classifier.classify(text).confidence >= 0.7, text


def test_conflicting_evidence_lowers_confidence(classifier) -> None:
    clear = classifier.classify("por que o PAYROLL_01 abendou?")
    torn = classifier.classify("qual o status do PAYROLL_01 e por que ele abendou?")
    bare_name = classifier.classify("PAYROLL_01")
    assert torn.primary_intent is Intent.troubleshooting
    assert torn.confidence < clear.confidence
    assert bare_name.primary_intent is Intent.status
    assert bare_name.confidence < 0.5


@pytest.mark.parametrize(
    ("text", "intent", "rule"),
    [
        ("reexecute o job X_01 que abendou", Intent.job_management, "job_management"),
        ("why did X_01 abend? rerun it", Intent.job_management, "job_management"),
        ("qual o status do X_01 e por que abendou?", Intent.troubleshooting, "troubleshooting"),
        ("a CPU1 está linkada? como funciona o link?", Intent.status, "status_over_general"),
        ("relatório com a duração média dos jobs", Intent.reporting, "reporting_over"),
    ],
)
def test_precedence_rules_fire_and_are_reported(classifier, text, intent, rule) -> None:
    result = classifier.classify(text)
    assert result.primary_intent is intent
    assert any(rule in reason for reason in result.reasons), result.reasons


def test_a_how_to_question_is_not_a_plan_change(classifier) -> None:
    assert classifier.classify("como faço pra cancelar um job?").primary_intent is Intent.general
    assert classifier.classify("how do I rerun a job?").primary_intent is Intent.general
    assert classifier.classify("cancelar o job X_01").primary_intent is Intent.job_management


def test_a_verb_describing_what_happened_is_not_a_request(classifier) -> None:
    result = classifier.classify("o job X_01 foi cancelado ontem?")
    assert result.primary_intent is not Intent.job_management
    result = classifier.classify("quando ele roda normalmente?")
    assert result.primary_intent is not Intent.job_management


@pytest.mark.parametrize(
    "text",
    [
        "o que aconteceu depois do kill?",
        "como ficou o JS_CASH_MGMT depois do kill?",
        "after the rerun, did it work?",
        "apos o rerun o LOAD_FILES deu certo?",
        "since the kill, what happened to CASH_MGMT_01?",
    ],
)
def test_an_action_already_done_named_as_a_time_is_a_question(classifier, text) -> None:
    result = classifier.classify(text)
    assert result.primary_intent is not Intent.job_management
    assert result.refers_back  # "the kill": the change the conversation talked about


def test_a_request_after_a_time_word_is_still_a_request(classifier) -> None:
    result = classifier.classify("depois do kill, reexecuta o CASH_MGMT_01")
    assert result.primary_intent is Intent.job_management
    assert classifier.classify("do kill CASH_MGMT_01").primary_intent is Intent.job_management


def test_accents_case_abbreviations_and_typos(classifier) -> None:
    variants = [
        "Por que o job PAYROLL_01 abendou?",
        "POR QUE O JOB PAYROLL_01 ABENDOU?",
        "pq o job PAYROLL_01 abendou?",
        "porq o job PAYROLL_01 abendou",
    ]
    for text in variants:
        assert classifier.classify(text).primary_intent is Intent.troubleshooting, text
    assert classifier.classify("qual o stauts do PAYROLL_01?").primary_intent is Intent.status
    assert classifier.classify("reexcuta o PAYROLL_01").primary_intent is Intent.job_management
    assert classifier.classify("me notifcar qdo PAYROLL_01 terminar").primary_intent is (
        Intent.monitoring
    )


def test_language_follows_the_question(classifier) -> None:
    assert classifier.classify("qual o status do job X_01?").language == "pt"
    assert classifier.classify("what is the status of job X_01?").language == "en"
    assert classifier.classify("ação no job").language == "pt"


@pytest.mark.parametrize(
    ("text", "language"),
    [("shift summary", "en"), ("rerun PAYROLL_02", "en"), ("alerts?", "en"),
     ("resumo do turno", "pt"), ("status do job X_01", "pt"),
     ("rerun no X_01 a partir do step 2", "pt")],
)  # fmt: skip
def test_short_messages_take_the_language_of_their_words(classifier, text, language) -> None:
    assert classifier.classify(text).language == language


def test_a_reason_after_a_request_is_a_justification_not_a_why_question(classifier) -> None:
    held = classifier.classify("segura o job PAYROLL_02 porque o arquivo nao chegou")
    assert held.primary_intent is Intent.job_management
    assert Intent.troubleshooting not in held.secondary_intents
    assert "job_management:justification=porque" in held.reasons
    asked = classifier.classify("o job PAYROLL_02 ficou em hold porque?")
    assert asked.primary_intent is Intent.troubleshooting
    why_first = classifier.classify("por que o X_01 abendou e como eu reexecuto?")
    assert why_first.primary_intent is Intent.troubleshooting


def test_routing_tools_and_skills_follow_the_intent(classifier) -> None:
    status = classifier.classify("a AGT_LNX01 está online?")
    assert status.suggested_routing is RoutingMode.agentic and status.requires_tools
    assert status.matched_skills == [Skill.status_check, Skill.workstation_monitoring]
    diagnosis = classifier.classify("por que o X_01 abendou e como eu reexecuto?")
    assert diagnosis.suggested_routing is RoutingMode.diagnostic
    assert Skill.job_log_analysis in diagnosis.matched_skills
    assert Intent.general in diagnosis.secondary_intents
    knowledge = classifier.classify("o que é um job stream?")
    assert not knowledge.requires_tools and knowledge.matched_skills == [Skill.knowledge]
    assert classifier.classify("oi").matched_skills == []


def test_classification_is_deterministic_and_json_serialisable(classifier) -> None:
    text = "CPU1#JS_DAILY.LOAD_FILES abendou com rc=8 hoje, por quê?"
    first = classifier.classify(text)
    again = IntentClassifier().classify(text)
    assert first == again == classifier.classify(text)
    data = json.loads(json.dumps(first.model_dump(mode="json")))
    assert data["primary_intent"] == "troubleshooting"
    assert data["entities"]["error_code"] == ["8"]
    assert IntentClassification.model_validate(data) == first


class _StubFallback:
    """A fallback classifier that records its calls and answers a fixed verdict."""

    def __init__(self, answer: IntentClassification | None, fail: bool = False) -> None:
        self.answer, self.fail, self.calls = answer, fail, []

    async def classify(
        self, text: str, preliminary: IntentClassification
    ) -> IntentClassification | None:
        self.calls.append(text)
        if self.fail:
            raise RuntimeError("model unavailable")
        return self.answer


def _verdict(intent: Intent, confidence: float) -> IntentClassification:
    return IntentClassification(
        primary_intent=intent,
        confidence=confidence,
        suggested_routing=RoutingMode.agentic,
        requires_tools=True,
    )


async def test_fallback_is_off_by_default() -> None:
    result = await IntentClassifier().classify_with_fallback("e aquele negócio lá?")
    assert result.primary_intent is Intent.unknown
    assert "fallback:used" not in result.reasons


async def test_fallback_is_consulted_only_below_the_threshold() -> None:
    fallback = _StubFallback(_verdict(Intent.status, 0.8))
    classifier = IntentClassifier(fallback=fallback, fallback_threshold=0.5)
    confident = await classifier.classify_with_fallback("reexecuta o job PAYROLL_01")
    assert confident.primary_intent is Intent.job_management and fallback.calls == []
    unsure = await classifier.classify_with_fallback("e aquele negócio lá, como ficou?")
    assert fallback.calls == ["e aquele negócio lá, como ficou?"]
    assert unsure.primary_intent is Intent.status
    assert unsure.reasons[-1] == "fallback:used"


async def test_a_failing_or_less_sure_fallback_keeps_the_rules_answer() -> None:
    text = "e aquele negócio lá, como ficou?"
    for fallback in (_StubFallback(None, fail=True), _StubFallback(_verdict(Intent.status, 0.05))):
        result = await IntentClassifier(fallback=fallback).classify_with_fallback(text)
        assert result.primary_intent is Intent.unknown
        assert fallback.calls == [text]


def test_typo_correction_does_not_depend_on_the_hash_seed() -> None:
    """Each process salts str hashes differently: set order must never pick the answer."""
    script = (
        "import json, sys\n"
        "from resync.classifier.classifier import IntentClassifier\n"
        "c = IntentClassifier()\n"
        "texts = ['cancel EXPORT_GL_01 since finance asked for it', 'o job X_01 falhoou',\n"
        "         'reexcuta o PAYROLL_01', 'me notifcar qdo PAYROLL_01 terminar']\n"
        "print(json.dumps([c.classify(t).model_dump(mode='json') for t in texts]))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
