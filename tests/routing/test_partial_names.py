"""A job named by part of its name after an answer that listed jobs ("the mortgage one")."""

from __future__ import annotations

import pytest

from resync.classifier.classifier import IntentClassifier
from resync.contract.context import HistoryTurn, RouteContext
from resync.routing.followups import in_conversation

CLASSIFIER = IntentClassifier()
LISTED = (
    "Which job should I look at? Failed in the current plan (3):\n"
    "- **MORTGAGE_36** (MDM#JS_MORTGAGE.MORTGAGE_36) ABEND, rc 4\n"
    "- **PIX_RECON_04** (MDM#JS_PIX_RECON.PIX_RECON_04) ABEND, rc 8\n"
    "- **CARD_SETTLE_03** (MDM#JS_CARDS_SETTLE.CARD_SETTLE_03) ABEND, rc 12\n"
    "- **PAYROLL_01** (MDM#JS_PAYROLL.PAYROLL_01) ABEND, rc 12\n"
    "- **PAYROLL_02** (MDM#JS_PAYROLL.PAYROLL_02) HOLD\n"
)
CONTEXT = RouteContext(
    history=[HistoryTurn("user", "what failed tonight?"), HistoryTurn("assistant", LISTED)]
)


@pytest.mark.parametrize(
    ("message", "job", "intent"),
    [
        ("why did the mortgage one break?", "MORTGAGE_36", "troubleshooting"),
        ("pq o do pix abendou?", "PIX_RECON_04", "troubleshooting"),
        ("pq o de cartões falhou?", "CARD_SETTLE_03", "troubleshooting"),
        ("what is the status of the pix job?", "PIX_RECON_04", "status"),
    ],
)
def test_a_partial_name_means_the_listed_job(message: str, job: str, intent: str) -> None:
    found = in_conversation(message, CONTEXT, CLASSIFIER.classify)
    assert found.entities.get("job_name") == [job]
    assert found.primary_intent.value == intent


def test_several_fitting_jobs_are_all_candidates() -> None:
    found = in_conversation("why did the payroll one fail?", CONTEXT, CLASSIFIER.classify)
    assert found.entities.get("job_candidates") == ["PAYROLL_01", "PAYROLL_02"]
    assert not found.entities.get("job_name")


def test_without_a_fitting_job_nothing_is_made_up() -> None:
    found = in_conversation("why did the boleto one fail?", CONTEXT, CLASSIFIER.classify)
    assert not found.entities.get("job_name") and not found.entities.get("job_candidates")
    alone = in_conversation("why did the mortgage one break?", RouteContext(), CLASSIFIER.classify)
    assert not alone.entities.get("job_name")
