"""Follow-up messages: "e o log dele?", "and its log?", "reexecuta ele" name no job.

When a message refers back to the conversation and names no object of its own, the
objects of the latest earlier turn that named any (``RouteContext.recent_entities``)
are taken, and the classification's reasons say so.
"""

from __future__ import annotations

import re
import unicodedata

from resync.classifier.intents import IntentClassification
from resync.contract.context import RouteContext

# The objects a follow-up can point at; a message naming any of them is not a follow-up.
OBJECT_KINDS = ("job_name", "job_stream", "workstation", "message_id", "abend_code")
CARRIED_KINDS = (*OBJECT_KINDS, "error_code")

# Portuguese pronouns and demonstratives, accents folded ("esta" is left out: it is also
# "está"), with enclitic forms ("reexecuta-lo"); English ("that"/"this" alone are too often
# relative pronouns or determiners of a new object; see _POINTING for "that job").
_PT_REFERENCES = (
    "ele ela eles elas dele dela deles delas nele nela lo la lhe isso disso nisso esse essa "
    "desse dessa nesse nessa este deste desta neste nesta mesmo mesma aquele aquela "
    "daquele daquela"
)
_EN_REFERENCES = "it its it's them same"
REFERENCE_WORDS = frozenset(f"{_PT_REFERENCES} {_EN_REFERENCES}".split())
_POINTING = re.compile(r"\b(that|this|the same)\s+(job|one|stream|workstation|agent|error)\b")
_WORD = re.compile(r"[a-z0-9']+")
_LEADING_AND = re.compile(r"^\s*(e|and)\s+(o|a|os|as|the)\b")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def refers_back(message: str) -> bool:
    """True when the message points at something said before ("dele", "its", "e o log?")."""
    folded = _fold(message)
    words = _WORD.findall(folded.replace("-", " "))
    if any(word in REFERENCE_WORDS for word in words) or _POINTING.search(folded):
        return True
    return bool(_LEADING_AND.match(folded)) and len(words) <= 6


def with_conversation(
    classification: IntentClassification, message: str, context: RouteContext
) -> IntentClassification:
    """The classification with the previous turn's objects when the message refers back."""
    if any(classification.entities.get(kind) for kind in OBJECT_KINDS):
        return classification
    if not context.history or not refers_back(message):
        return classification
    previous = context.recent_entities()
    carried = {kind: list(previous[kind]) for kind in CARRIED_KINDS if previous.get(kind)}
    if not carried:
        return classification
    entities = {**classification.entities, **carried}
    named = ", ".join(f"{kind}={'/'.join(values)}" for kind, values in carried.items())
    reasons = [*classification.reasons, f"follow-up: took {named} from the conversation"]
    return classification.model_copy(update={"entities": entities, "reasons": reasons})
