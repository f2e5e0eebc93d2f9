"""Every way the action table says to ask for a change reaches the change answer as that action."""

from __future__ import annotations

import pytest

from resync.auth.schemas import AuthenticatedUser
from resync.classifier.actions import ACTIONS, Action
from resync.classifier.classifier import IntentClassifier
from resync.contract.context import RouteContext
from resync.contract.result import ActionPart
from resync.services import Services

REASON = "porque o arquivo de entrada chegou atrasado"


def _imperatives(infinitive: str) -> list[str]:
    """'rerodar' → 'reroda', 'rerode': the two imperatives an operator types."""
    stem, ending = infinitive[:-2], infinitive[-2:]
    vowel = {"ar": "a", "er": "e", "ir": "e"}[ending]
    other = {"ar": "e", "er": "a", "ir": "a"}[ending]
    return [stem + vowel, stem + other]


def _asks(action: Action) -> list[str]:
    """Messages asking for ``action`` on a job, one per verb, word and phrase of the table."""
    words = ACTIONS[action]
    target = "o job stream JS_PAYROLL" if action is Action.submit else "o job PAYROLL_01"
    english = "job stream JS_PAYROLL" if action is Action.submit else "job PAYROLL_01"
    asks: list[str] = []
    for verb in (*words.verbs, *words.opening_verbs):
        asks += [f"{form} {target} {REASON}" for form in _imperatives(verb)]
        asks.append(f"preciso {verb} {target} {REASON}")
    for word in (words.words + "|" + words.opening_words).split("|"):
        if word and "-" not in word and not word.endswith(("cao", "mento", "ssao")):
            asks.append(f"{word} {english} because the input file arrived late")
    for noun in words.nouns.split("|") if words.nouns else []:
        asks.append(f"faz um {noun} {target} {REASON}")
    for state in words.states.split("|") if words.states else []:
        asks.append(f"marca {target} como {state} {REASON}")
    for example in words.examples:
        asks.append(example.format(job="MONTH_END_02") + " " + REASON)
    if words.again:
        asks.append(f"roda de novo {target} {REASON}")
        asks.append(f"run {english} again because the input file arrived late")
    return asks


CASES = [(action, message) for action in Action for message in _asks(action)]


def test_the_table_has_a_way_to_ask_for_every_action() -> None:
    assert {action for action, _ in CASES} == set(Action)
    assert "reroda o job PAYROLL_01 " + REASON in [m for _, m in CASES]


@pytest.mark.parametrize(("action", "message"), CASES, ids=[m for _, m in CASES])
def test_the_classifier_reads_the_action(action: Action, message: str) -> None:
    result = IntentClassifier().classify(message)
    assert result.primary_intent.value == "job_management", result.reasons
    assert result.action == action.value, result.reasons


async def test_every_way_reaches_the_change_answer_as_its_action(
    services: Services, operator: AuthenticatedUser
) -> None:
    context = RouteContext(user=operator)
    for action, message in CASES:
        result = await services.router.route(message, context)
        parts = [p for p in result.parts if isinstance(p, ActionPart)]
        assert [p.action for p in parts] == [action.value], (message, result.answer)
        assert parts[0].justification, (message, result.answer)
