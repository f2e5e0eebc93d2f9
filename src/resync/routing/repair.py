"""Conversation repair: when Resync asked something, the next message answers it.

An answer that asks the operator a question records it on its turn
(``resync.contract.context.asking``: what it asked, the action, the object). The next
message is then read as the answer when it fits the question:

- "qual a justificativa?" — the message is the reason ("pq o arquivo chegou atrasado",
  or just "o arquivo chegou atrasado"): the pending change request, justified;
- "qual job?" — the message names the object ("PAYROLL_01"): the original question (or
  change) on it;
- a yes/no question ("peço o rerun?") — "sim"/"yes" asks for the proposed change, "não"/"no"
  drops it (:class:`Declined` answers that nothing was asked for);
- "você quis dizer X?" — "sim" runs the question (or change) on X, a name on that name.

A message that does not fit (a question of its own, a new change request) is read alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from resync.classifier.actions import before_reason, justification
from resync.classifier.intents import (
    OBJECT_KINDS,
    Intent,
    IntentClassification,
    RoutingMode,
)
from resync.classifier.text import fold
from resync.classifier.topics import mentions
from resync.contract.context import HistoryTurn, Question, RouteContext, asking
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import ActionPart

Classify = Callable[[str], IntentClassification]

TARGET_ANSWER_WORDS = 3  # "PAYROLL_01", "o PAYROLL_01", "é o LOAD_FILES"
# A message this sure of an intent of its own is a new question, not a justification.
OWN_QUESTION_CONFIDENCE = 0.5
_QUESTION_INTENTS = (
    Intent.status,
    Intent.troubleshooting,
    Intent.monitoring,
    Intent.analysis,
    Intent.reporting,
)
_TRIM = " .!;,\n\t\"'“”"


def names_object(classification: IntentClassification) -> bool:
    return any(classification.entities.get(kind) for kind in OBJECT_KINDS)


def declines(classification: IntentClassification, context: RouteContext) -> bool:
    """The message says no to the question Resync asked ("não", "deixa pra lá", "no")."""
    return context.pending() is not None and classification.says_no


def answer_to_question(
    message: str,
    classification: IntentClassification,
    context: RouteContext,
    previous_question: Callable[[], IntentClassification | None],
) -> IntentClassification | None:
    """The classification of ``message`` as the answer to the pending question; None when
    nothing is pending or the message does not answer it."""
    pending = context.pending()
    if pending is None or classification.says_no:
        return None
    match pending.question:
        case Question.justification:
            reason = _justification(message, classification)
            return _change(classification, pending, reason, "the justification asked for")
        case Question.confirmation | Question.suggestion if _says_yes(message, classification):
            if pending.asked_action:
                reason = justification(message) or pending.asked_justification
                return _change(classification, pending, reason, "yes to the change proposed")
            return _on_suggested(pending, previous_question())
        case Question.target | Question.suggestion if _names_only_object(classification):
            if pending.asked_action:
                return _change(
                    classification,
                    pending,
                    justification(message) or pending.asked_justification,
                    "the object asked for",
                    objects=classification.entities,
                )
            previous = previous_question()
            if previous is None:
                return None
            answered = classification.continuing(previous)
            reasons = [*answered.reasons, "repair: the object asked for"]
            return answered.model_copy(update={"reasons": reasons})
    return None


def _on_suggested(
    pending: HistoryTurn, previous: IntentClassification | None
) -> IntentClassification | None:
    """The previous question on the name Resync suggested ("did you mean …?" — "sim")."""
    if previous is None or not pending.asked_target:
        return None
    named = previous.entities
    kinds = [kind for kind in ("job_name", "job_stream", "workstation") if named.get(kind)]
    kind = kinds[0] if kinds else "job_name"  # the kind of name the question named
    entities = {k: list(v) for k, v in named.items() if k not in OBJECT_KINDS}
    entities[kind] = [pending.asked_target]
    reasons = [*previous.reasons, f"repair: yes to {pending.asked_target}"]
    return previous.model_copy(update={"entities": entities, "reasons": reasons})


def _says_yes(message: str, classification: IntentClassification) -> bool:
    """A yes, alone or with its reason ("sim, pq o espaço foi liberado")."""
    if classification.says_yes:
        return True
    opening = before_reason(message)
    if opening == message:
        return False
    words = re.findall(r"[a-z0-9']+", fold(opening))
    return bool(words) and mentions(" ".join(words), "yes")


def _names_only_object(classification: IntentClassification) -> bool:
    if not names_object(classification) or classification.action:
        return False
    return classification.narrows or len(classification.reading.split()) <= TARGET_ANSWER_WORDS


def _justification(message: str, classification: IntentClassification) -> str | None:
    """The reason the message gives, or None when it is a question or request of its own."""
    introduced = justification(message)
    if introduced:
        return introduced
    if classification.action or classification.says_yes:
        return None
    if (
        classification.primary_intent in _QUESTION_INTENTS
        and classification.confidence >= OWN_QUESTION_CONFIDENCE
    ):
        return None
    return message.strip(_TRIM) or None


def _change(
    classification: IntentClassification,
    pending: HistoryTurn,
    reason: str | None,
    why: str,
    objects: dict[str, list[str]] | None = None,
) -> IntentClassification | None:
    """The pending change request, with the reason and the objects the message gave."""
    if reason is None or not pending.asked_action:
        return None
    named = "job_stream" if pending.asked_action == "submit" else "job_name"
    entities = {named: [pending.asked_target]} if pending.asked_target else {}
    if objects:
        entities = {kind: list(v) for kind, v in objects.items() if kind in OBJECT_KINDS}
    return classification.model_copy(
        update={
            "primary_intent": Intent.job_management,
            "suggested_routing": RoutingMode.agentic,
            "requires_tools": True,
            "action": pending.asked_action,
            "justification": reason,
            "entities": entities,
            "reasons": [*classification.reasons, f"repair: {why} ({pending.asked_action})"],
        }
    )


def derived_question(
    classification: IntentClassification, mode: RoutingMode, reply: HandlerReply
) -> dict[str, list[str]]:
    """What a reply asks when its handler did not say: a proposed change ("sim" asks for
    it), or a diagnosis of no named job ("which job should I look at?")."""
    if reply.asks or reply.degraded:
        return reply.asks
    for part in reply.parts:
        if isinstance(part, ActionPart) and part.status == "proposed" and part.target:
            return asking(Question.confirmation, part.action, target=part.target)
    no_code = not classification.entities.get("error_code")
    if mode is RoutingMode.diagnostic and not names_object(classification) and no_code:
        return asking(Question.target)
    return {}


class Declined:
    """Answers a "não"/"no" to the question Resync asked: nothing was requested."""

    name = "conversation"

    async def handle(self, request: HandlerRequest) -> HandlerReply:
        pending = request.context.pending()
        action = pending.asked_action if pending else None
        if action:
            text = request.say(
                "Certo, não pedi nada: nenhum pedido de aprovação foi criado e o plano não mudou.",
                "All right, I did not request anything: no approval request was created and "
                "the plan is unchanged.",
            )
        elif pending is not None and pending.question is Question.suggestion:
            text = request.say(
                "Certo, não era esse. Qual é o nome certo? (o nome do job ou WS#STREAM.JOB)",
                "All right, not that one. What is the right name? (the job's name or "
                "WS#STREAM.JOB)",
            )
        else:
            text = request.say("Certo. Em que mais posso ajudar?", "All right. What else?")
        return HandlerReply(text)
