"""Follow-up messages: "e o log dele?", "and its log?", "reexecuta ele" name no job.

When a message refers back to the conversation and names no object of its own, the
objects of the latest earlier turn that named any (``RouteContext.recent_entities``)
are taken, and the classification's reasons say so.
"""

from __future__ import annotations

from resync.classifier.intents import IntentClassification
from resync.contract.context import RouteContext

# The objects a follow-up can point at; a message naming any of them is not a follow-up.
OBJECT_KINDS = ("job_name", "job_stream", "workstation", "message_id", "abend_code")
CARRIED_KINDS = (*OBJECT_KINDS, "error_code")


def with_conversation(
    classification: IntentClassification, context: RouteContext
) -> IntentClassification:
    """The classification with the previous turn's objects when the message refers back."""
    if any(classification.entities.get(kind) for kind in OBJECT_KINDS):
        return classification
    if not context.history or not classification.refers_back:
        return classification
    previous = context.recent_entities()
    carried = {kind: list(previous[kind]) for kind in CARRIED_KINDS if previous.get(kind)}
    if not carried:
        return classification
    entities = {**classification.entities, **carried}
    named = ", ".join(f"{kind}={'/'.join(values)}" for kind, values in carried.items())
    reasons = [*classification.reasons, f"follow-up: took {named} from the conversation"]
    return classification.model_copy(update={"entities": entities, "reasons": reasons})
