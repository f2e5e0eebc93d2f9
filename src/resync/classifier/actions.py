"""The plan changes a person may ask for, and the words that ask for each: one table.

The classifier's job-management cues are built from :data:`ACTIONS` (so every verb it
accepts names exactly one action), the change answer reads the action the classifier
found, and the approval service keys its rules (which states fit, how risky) by the same
:class:`Action`. Adding a verb is adding it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from resync.classifier.text import fold


class Action(StrEnum):
    rerun = "rerun"
    cancel = "cancel"
    kill = "kill"
    hold = "hold"
    release = "release"
    confirm_succ = "confirm_succ"
    confirm_abend = "confirm_abend"
    submit = "submit"
    reply_prompt = "reply_prompt"  # answer YES to the prompt the job waits on
    reply_prompt_no = "reply_prompt_no"


@dataclass(frozen=True)
class ActionWords:
    """How a message asks for one action, and how an answer names it.

    Verbs are Portuguese infinitives (the vocabulary conjugates them); words use the
    lexicon's pattern syntax. ``opening_*`` only count as the imperative that opens a clause
    ("segura o X", "hold X": elsewhere "segurar"/"hold" mean something else).
    """

    pt: str  # the verb an answer uses: "reexecutar"
    en: str
    verbs: tuple[str, ...] = ()
    words: str = ""
    opening_verbs: tuple[str, ...] = ()
    opening_words: str = ""
    nouns: str = ""  # what follows "faz um …" / "give a …": "rerun"
    states: str = ""  # "marca como …" / "confirm … as": the state it confirms
    again: bool = False  # "roda de novo", "run it again"
    domain: bool = False  # the words alone place the message in the scheduler domain
    examples: tuple[str, ...] = ()  # asked through the vocabulary's own cues: "… {job} …"


ACTIONS: dict[Action, ActionWords] = {
    Action.rerun: ActionWords(
        "reexecutar",
        "rerun",
        verbs=("reexecutar", "rerodar", "reprocessar", "reiniciar", "resubmeter", "ressubmeter"),
        words="reexecucao|reprocessamento|rerun|re-run|rerun-lo|restart|resubmit|retry",
        nouns="rerun|restart",
        again=True,
        domain=True,
    ),
    Action.cancel: ActionWords(
        "cancelar",
        "cancel",
        verbs=("cancelar", "derrubar"),
        words="cancelamento|cancel|terminate",
        nouns="cancel|cancelamento",
    ),
    Action.kill: ActionWords(
        "matar (kill)",
        "kill",
        verbs=("matar", "abortar", "interromper"),
        words="kill|abort",
        nouns="kill",
    ),
    Action.hold: ActionWords(
        "segurar (hold)",
        "hold",
        verbs=("suspender", "congelar", "pausar"),
        words="suspend|pause",
        opening_verbs=("segurar",),  # "seguro" is "safe": no first person
        opening_words="hold",
        nouns="hold",
    ),
    Action.release: ActionWords(
        "liberar (release)",
        "release",
        verbs=("liberar", "desbloquear", "retomar", "soltar"),
        words="release|unhold|resume|liberacao",
        nouns="release",
    ),
    Action.confirm_succ: ActionWords(
        "confirmar SUCC",
        "confirm SUCC",
        states="succ|sucesso|success|completo|complete|concluido",
    ),
    Action.confirm_abend: ActionWords("confirmar ABEND", "confirm ABEND", states="abend"),
    Action.submit: ActionWords(
        "submeter",
        "submit",
        verbs=("submeter", "disparar"),
        words="submit|submissao|trigger",
        nouns="submit",
    ),
    # The vocabulary's own cues ask for these ("responda sim/não ao prompt do X"): a bare
    # "responder" asks for nothing, so no verbs here.
    Action.reply_prompt: ActionWords(
        "responder SIM ao prompt",
        "reply YES to the prompt",
        examples=("responda sim ao prompt do {job}", "reply yes to the prompt of {job}"),
    ),
    Action.reply_prompt_no: ActionWords(
        "responder NÃO ao prompt",
        "reply NO to the prompt",
        examples=("responda não ao prompt do {job}", "reply no to the prompt of {job}"),
    ),
}

# The vocabulary names each cue that asks for an action after the action.
ACTION_OF_CUE: dict[str, Action] = {action.value: action for action in Action}

# What introduces the reason given with a change: "porque", "pq", "pois", "já que",
# "because", "motivo:", "justificativa:" …
_BECAUSE = re.compile(
    r"\b(?:porque|por que|pq|pois|ja que|uma vez que|devido a|por causa d[eoa]s?|"
    r"justificativa|motivo|razao|because|since|due to|reason)\b\s*[:\-–]?\s*"
)
# A hold or a wait told with the condition that ends it ("em hold até o fechamento ser
# validado", "hold it until the bank confirms"): the condition is the reason, kept whole.
_UNTIL = re.compile(r"\b(?:ate (?:que |o |a |os |as )|until |enquanto |while )")
_TRIM = " .!;,\n\t\"'“”"
_IDENTIFIER = re.compile(r"[A-Z0-9_#.;@-]*[A-Z0-9][A-Z0-9_#.;@-]*")  # PAYROLL_01, MDM#JS.JOB


# Without "porque": a clause after a comma, a semicolon or a dash, told as a reason
# ("kill X, it's hung and the team asked for it"), of a few words, not a list of names.
_AFTER_CLAUSE = re.compile(r"[,;]\s+|\s[-–—]\s+")
_MIN_REASON_WORDS = 4


def before_reason(text: str) -> str:
    """What a message says before the reason it introduces ("sim" of "sim, pq o banco
    voltou"); the whole message when it introduces none."""
    found = _BECAUSE.search(fold(text))
    return text[: found.start()] if found else text


def justification(text: str) -> str:
    """The reason a change request gives, as written ("" when it gives none)."""
    folded = fold(text)
    found = _BECAUSE.search(folded)
    if found:
        return text[found.end() :].strip(_TRIM)
    until = _UNTIL.search(folded)
    if until:
        return text[until.start() :].strip(_TRIM)
    clause = _AFTER_CLAUSE.search(text)
    if clause is None:
        return ""
    rest = text[clause.end() :].strip(_TRIM)
    words = [w for w in rest.split() if not _IDENTIFIER.fullmatch(w.strip(_TRIM))]
    return rest if len(words) >= _MIN_REASON_WORDS else ""
