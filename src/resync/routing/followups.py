"""Follow-up messages: what a message means in its conversation.

- An answer to the question Resync just asked (:mod:`resync.routing.repair`).
- A message that only changes the window or the object of the question before it
  ("e nas últimas 2 horas?", "e o LOAD_FILES?") is that question again, with them.
- A message that points at a job by part of its name ("the mortgage one", "e o do pix?")
  means the job of the earlier answers that name fits (:mod:`resync.routing.partial_names`).
- A message whose words do not tell its language ("yes", "PAYROLL_01") is in the
  language of the operator's previous message.
- A message that refers back and names no object ("e o log dele?", "and its log?",
  "reexecuta ele") takes the objects of the latest earlier turn that named any
  (``RouteContext.recent_entities``).

The classification's reasons say which applied.
"""

from __future__ import annotations

from resync.classifier.intents import OBJECT_KINDS, IntentClassification
from resync.classifier.language import undecided
from resync.contract.context import RouteContext
from resync.routing.partial_names import candidates, find_reference, with_name
from resync.routing.repair import Classify, answer_to_question

CARRIED_KINDS = (*OBJECT_KINDS, "error_code")

__all__ = ["CARRIED_KINDS", "OBJECT_KINDS", "in_conversation", "with_conversation"]


def in_conversation(
    message: str, context: RouteContext, classify: Classify
) -> IntentClassification:
    """The classification of ``message`` in its conversation: an answer to the pending
    question, a narrowed repeat of the previous question, or a follow-up."""
    read = _in_conversation(message, context, classify)
    if context.history and undecided(message):
        previous = _previous_question(context, classify)
        if previous is not None and previous.language != read.language:
            reasons = [*read.reasons, f"language: the conversation's ({previous.language})"]
            return read.model_copy(update={"language": previous.language, "reasons": reasons})
    return read


def _in_conversation(
    message: str, context: RouteContext, classify: Classify
) -> IntentClassification:
    classification = classify(message)

    def previous_question() -> IntentClassification | None:
        return _previous_question(context, classify)

    answered = answer_to_question(message, classification, context, previous_question)
    if answered is not None:
        return answered
    by_part = _by_partial_name(message, classification, context, classify)
    if by_part is not None:
        return by_part
    if classification.narrows:
        previous = previous_question()
        if previous is not None:
            return classification.continuing(previous)
    return with_conversation(classification, context)


def _by_partial_name(
    message: str, classification: IntentClassification, context: RouteContext, classify: Classify
) -> IntentClassification | None:
    """The message read with the job its partial name means ("the mortgage one" →
    MORTGAGE_36); with every candidate when several fit. None: it makes no such reference."""
    if not context.history or any(classification.entities.get(k) for k in OBJECT_KINDS):
        return None
    reference = find_reference(message)
    if reference is None:
        return None
    fits = candidates(reference, context.history)
    if not fits:
        return None
    resolved = in_conversation(with_name(message, reference, fits[0]), context, classify)
    said = message[reference.start : reference.end]
    if len(fits) == 1:
        reasons = [*resolved.reasons, f"follow-up: {said!r} is {fits[0]}"]
        return resolved.model_copy(update={"reasons": reasons})
    entities = {k: v for k, v in resolved.entities.items() if k != "job_name"}
    entities["job_candidates"] = fits
    reasons = [*resolved.reasons, f"follow-up: {said!r} fits {', '.join(fits)}"]
    return resolved.model_copy(update={"entities": entities, "reasons": reasons})


def _previous_question(context: RouteContext, classify: Classify) -> IntentClassification | None:
    """The operator's previous message, read in the conversation before it."""
    for index in range(len(context.history) - 1, -1, -1):
        turn = context.history[index]
        if turn.role == "user":
            earlier = RouteContext(history=context.history[:index])
            return in_conversation(turn.text, earlier, classify)
    return None


def with_conversation(
    classification: IntentClassification, context: RouteContext
) -> IntentClassification:
    """The classification with the previous turn's objects when the message refers back."""
    if any(classification.entities.get(kind) for kind in OBJECT_KINDS):
        return classification
    # "manda o log completo" after a diagnosis: a log is always some job's, the one before.
    refers = classification.refers_back or classification.mentions("job_log")
    if not context.history or not refers:
        return classification
    previous = context.recent_entities()
    carried = {kind: list(previous[kind]) for kind in CARRIED_KINDS if previous.get(kind)}
    if not carried:
        return classification
    entities = {**classification.entities, **carried}
    named = ", ".join(f"{kind}={'/'.join(values)}" for kind, values in carried.items())
    reasons = [*classification.reasons, f"follow-up: took {named} from the conversation"]
    return classification.model_copy(update={"entities": entities, "reasons": reasons})
