"""Follow-ups: a message that points back takes the objects of the earlier turn."""

from __future__ import annotations

import pytest

from resync.classifier.classifier import IntentClassifier
from resync.contract.context import HistoryTurn, RouteContext
from resync.routing.followups import with_conversation

CLASSIFIER = IntentClassifier()

HISTORY = [HistoryTurn("user", "status do PAYROLL_01", {"job_name": ["PAYROLL_01"]})]


@pytest.mark.parametrize(
    "message",
    [
        "e o log dele?",
        "and its log?",
        "reexecuta ele",
        "reexecute-o mesmo",
        "rerun that job",
        "e o log?",
    ],
)
def test_references_back(message: str) -> None:
    assert CLASSIFIER.classify(message).refers_back


@pytest.mark.parametrize(
    "message",
    ["o que está rodando agora?", "quais jobs abendaram hoje?", "jobs that failed today"],
)
def test_new_questions_do_not_refer_back(message: str) -> None:
    assert not CLASSIFIER.classify(message).refers_back


def test_the_earlier_job_is_taken_only_for_a_follow_up() -> None:
    classifier = IntentClassifier()
    context = RouteContext(history=HISTORY)
    follow_up = with_conversation(classifier.classify("e o log dele?"), context)
    assert follow_up.entities["job_name"] == ["PAYROLL_01"]
    fresh = with_conversation(classifier.classify("o que está rodando agora?"), context)
    assert "job_name" not in fresh.entities
    named = with_conversation(classifier.classify("e o log do LOAD_FILES?"), context)
    assert named.entities["job_name"] == ["LOAD_FILES"]
