"""From cue matches and entities to intent scores, the contract's precedence and a confidence.

Each cue adds its weight to its intent once per message (the strongest match of a cue
name counts). Entities add evidence: an HWA message id, an abend code or a return code is
a failure in the operator's context (troubleshooting); a window of several days hints at
history (analysis); a named object makes a status question concrete.

Precedence (spec/intents.md): an explicit request to change the plan wins over
everything; *why* something failed wins over status and general; the present state wins
over general; a report, summary or export wins over the analysis or status it contains.

Scores are keyed by the intent's string value: this runs on every message, and plain
strings hash in C where enum members do not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from resync.classifier.actions import ACTION_OF_CUE
from resync.classifier.entities import ERROR_KINDS, OBJECT_KINDS, Entities
from resync.classifier.intents import Intent
from resync.classifier.lexicon import Match, Role, word_set

# A verb after one of these is a description, not a request ("quando ele roda", "if it fails").
SUBJECT_BEFORE = word_set(
    "ele ela eles elas it they he she quando when se if was were been be being is are foi "
    "foram ser sera nao not never nunca whether caso ao while after before during apos "
    "durante tentei tentou tentamos tentaram tried trying tentando sem without"
)
# "depois de cancelar", "antes de liberar": circumstances, not requests.
CIRCUMSTANCE_BEFORE_DE = frozenset({"depois", "antes", "alem", "apos"})
# "depois do kill", "after the rerun", "desde o cancelamento": an action already done (or
# one to come) as a point in time — the message asks about it, it does not ask for it.
WHEN_BEFORE = frozenset({"depois", "antes", "apos", "desde", "after", "before", "since"})
ARTICLES = frozenset({"o", "a", "os", "as", "do", "da", "dos", "das", "de", "um", "uma", "the"})
# Words that may open a request before an imperative ("por favor, roda o X", "can you run X").
REQUEST_OPENERS = word_set(
    "por favor please pode poderia podia consegue conseguiria voce can could would you agora "
    "now entao so ok okay just vamos bora quero preciso need want to que e and tenta tente try "
    "kindly then also tambem me i eu gostaria de let lets us s pessoal oi hey go ahead"
)
# "run history", "hold status": an English verb used as the first half of a noun.
NOUN_AFTER_VERB = word_set(
    "history histories time times duration durations stats statistics log logs report reports "
    "summary count counts status rate rates trend trends cycle cycles book list queue window "
    "id ids number numbers details info"
)
# "reroda não resolveu": the change already tried and what it did, not a request.
OUTCOME_AFTER_NOT = word_set(
    "resolveu resolve adiantou adianta funcionou funciona deu ajudou solved fixed worked "
    "helped work help fix"
)
NOT_AFTER_VERB = frozenset({"nao", "didnt", "didn't", "did"})
# "tem como cancelar o X?" is a polite request, not a how-to question.
POLITE_BEFORE_HOW = frozenset({"tem", "teria", "ha", "haveria"})
ERROR_WEIGHTS = (("message_id", 3.0), ("abend_code", 3.0), ("error_code", 2.5))
DOMAIN_KINDS = frozenset((*OBJECT_KINDS, *ERROR_KINDS, "status"))

JM, TS, MON, REP, AN, ST, GEN, GREET, UNK = (
    Intent.job_management.value,
    Intent.troubleshooting.value,
    Intent.monitoring.value,
    Intent.reporting.value,
    Intent.analysis.value,
    Intent.status.value,
    Intent.general.value,
    Intent.greeting.value,
    Intent.unknown.value,
)
# Candidates in tie-break order (the earlier wins a tie).
ORDER = (JM, TS, MON, REP, AN, ST, GEN)
_RANK = {intent: rank for rank, intent in enumerate(ORDER)}
_ACTION, _ACTION_START, _WHY = Role.action, Role.action_start, Role.why
_PRESENT, _DELIVERABLE, _HOWTO = Role.present, Role.deliverable, Role.howto
_PLAIN = Role.plain
# Labels built once, not per message.
_ERROR_EVIDENCE = tuple((kind, f"{TS}:{kind}", weight) for kind, weight in ERROR_WEIGHTS)
_FAILURE_EVENT, _NAMED_FAILURE = f"{TS}:failure_event", f"{TS}:named_failure"
_TIME_WINDOW, _JUSTIFICATION = f"{AN}:time_window", f"{JM}:justification"
_JOB_LOG = f"{TS}:job_log"
_HOWTO_ACTION, _DID_IT_FAIL = f"{GEN}:howto_action", f"{ST}:did_it_fail"
_AFTER_ACTION = f"{ST}:after_action"


# The intent's value, the confidence, the score of each intent and the rules that fired.
# intent, confidence, scores, reasons, and the name of the first action cue asked for ("")
Verdict = tuple[str, float, dict[str, float], list[str], str]


def _add(
    best: dict[str, tuple[str, float]],
    reasons: list[str],
    intent: str,
    label: str,
    weight: float,
    detail: str,
) -> None:
    """Evidence for ``intent``: a label counts once, with its strongest weight."""
    known = best.get(label)
    if known is None:
        reasons.append(f"{label}={detail}")
    elif known[1] >= weight:
        return
    best[label] = (intent, weight)


def decide(
    clauses: Sequence[int],
    words: Sequence[str],
    matches: Sequence[Match],
    found: Entities,
    question: bool = False,
) -> Verdict:
    """``clauses``: the clause of each token; ``found``: the entities of the message;
    ``question``: the message ends with "?"."""
    domain = not DOMAIN_KINDS.isdisjoint(found)
    if not domain:
        for match in matches:
            if match[0].domain:
                domain = True
                break
    # "caiu alguma coisa nas últimas 5h?": a failure within a window of the plan.
    timed = "time_reference" in found
    # "o agente X caiu?": a yes/no question about what happened asks for the state.
    asked_last = len(clauses) - 1 if question else -1
    best: dict[str, tuple[str, float]] = {}  # label → (intent, weight)
    reasons: list[str] = []
    request = why = present = deliverable = window = False
    request_last = -1  # last token of the latest request seen (matches come in token order)
    action = ""  # the first action cue in a request: what the message asks to change
    howtos: list[Match] | None = None  # built when the first action needs them
    for match in matches:
        cue, first, last = match
        if cue.window:
            window = True
        intent = cue.intent_value
        if not intent or (
            cue.needs_domain and not domain and not (timed and cue.name == "failure_event")
        ):
            continue
        role = cue.role
        label, weight = cue.label, cue.weight
        if role is _PLAIN or role is _HOWTO:
            if last == asked_last and cue.name == "failure_event":
                intent, label, weight, last = ST, _DID_IT_FAIL, 2.0, first
        elif role is _ACTION or role is _ACTION_START:
            if howtos is None:
                howtos = _howtos(matches, words)
            mood = _mood(match, clauses, words, howtos)
            if mood == "hypothetical":
                _add(best, reasons, GEN, _HOWTO_ACTION, 1.5, words[first])
            elif mood == "done":  # "depois do kill": how things stand after it
                _add(best, reasons, ST, _AFTER_ACTION, 1.0, words[last])
            if mood != "request":
                continue
            request, request_last = True, last
            if not action and cue.name in ACTION_OF_CUE:
                action = cue.name
            elif action == "reply_prompt" and cue.name == "reply_prompt_no":
                action = cue.name  # "responda não ao prompt": the NO decides
        elif role is _WHY:
            if 0 <= request_last < first and _is_because(match, words):
                # "segura o X porque o arquivo nao chegou": the request's reason, not a question.
                _add(best, reasons, JM, _JUSTIFICATION, 0.0, " ".join(words[first : last + 1]))
                continue
            why = True
        elif role is _PRESENT:
            present = True
        else:
            deliverable = True
        known = best.get(label)  # _add, inline: this runs per cue found
        if known is None:
            detail = words[first] if first == last else " ".join(words[first : last + 1])
            reasons.append(f"{label}={detail}")
        elif known[1] >= weight:
            continue
        best[label] = (intent, weight)
    error = False
    if found:
        for kind, label, weight in _ERROR_EVIDENCE:
            if kind in found:
                _add(best, reasons, TS, label, weight, found[kind][0])
                why = error = True
    if window:
        _add(best, reasons, AN, _TIME_WINDOW, 1.0, "days")
    scores: dict[str, float] = {}  # only the intents with evidence: the others score 0
    for intent, weight in best.values():
        scores[intent] = scores.get(intent, 0.0) + weight
    has_object = not found.keys().isdisjoint(OBJECT_KINDS) if found else False
    if has_object and scores.get(ST, 0.0) > 0:
        scores[ST] += 0.5
    if has_object and _FAILURE_EVENT in best:
        _add(
            best, reasons, TS, _NAMED_FAILURE, 1.0, "object"
        )  # "o X abendou": a failure to explain
        scores[TS] = scores.get(TS, 0.0) + 1.0
    if request:
        intent, rule = JM, "precedence:job_management_request"
    else:
        intent, rule = _choose(scores, why, present, deliverable, error, has_object, domain)
        if has_object and _JOB_LOG in best and intent in (ST, MON, GEN):
            intent, rule = TS, "precedence:the_log_of_a_job"  # "mostra o log do X que roda"
    if rule:
        reasons.append(rule)
    confidence = _confidence(intent, scores, bool(matches), rule)
    return intent, confidence, scores, reasons, action


def _howtos(matches: Sequence[Match], words: Sequence[str]) -> list[Match]:
    """The "how do I" cues, except a polite request ("tem como cancelar o X?")."""
    return [
        m
        for m in matches
        if m[0].role is _HOWTO and not (m[1] and words[m[1] - 1] in POLITE_BEFORE_HOW)
    ]


def _is_because(match: Match, words: Sequence[str]) -> bool:
    """A "porque"/"pq" with the reason after it (a trailing "porque?" still asks why)."""
    _, first, last = match
    if last + 1 >= len(words):
        return False
    if first == last:
        return words[first] == "porque"
    return last == first + 1 and words[first] == "por" and words[last] == "que"


def _mood(match: Match, clauses: Sequence[int], words: Sequence[str], howtos: list[Match]) -> str:
    """'request', 'hypothetical' (after "how do I"), 'done' (after "depois do", "after the":
    a point in time) or 'description' (a subject's verb)."""
    cue, first, last = match
    clause, after = clauses[first], last + 1
    if after < len(words) and words[after] in NOUN_AFTER_VERB and clauses[after] == clause:
        return "description"
    if (
        after + 1 < len(words)
        and words[after] in NOT_AFTER_VERB
        and words[after + 1] in OUTCOME_AFTER_NOT | {"not"}
    ):
        return "description"
    if first > 0 and clauses[first - 1] == clause:
        before = words[first - 1]
        if before in SUBJECT_BEFORE:
            return "description"
        if before == "de" and first > 1 and words[first - 2] in CIRCUMSTANCE_BEFORE_DE:
            return "description"
    if _after_a_time_word(first, clauses, words):
        return "done"
    for howto, _, howto_last in howtos:
        if (
            howto_last < first
            and clauses[howto_last] == clause
            and first - howto_last <= howto.reach
        ):
            return "hypothetical"
    if cue.role is Role.action_start:
        j = first - 1
        while j >= 0 and clauses[j] == clause and words[j] in REQUEST_OPENERS:
            j -= 1
        if j >= 0 and clauses[j] == clause:
            return "description"
    return "request"


def _after_a_time_word(first: int, clauses: Sequence[int], words: Sequence[str]) -> bool:
    """Whether the action at ``first`` follows "depois do", "after the", "desde o" … in
    its clause (the match itself may open with the article: "do kill")."""
    j = first
    if words[j] in ARTICLES:
        j += 1  # "do kill": the cue holds the article
    j -= 1
    while j >= 0 and clauses[j] == clauses[first] and words[j] in ARTICLES:
        j -= 1
    return j >= 0 and clauses[j] == clauses[first] and words[j] in WHEN_BEFORE


def _choose(
    scores: dict[str, float],
    why: bool,
    present: bool,
    deliverable: bool,
    error: bool,
    has_object: bool,
    domain: bool,
) -> tuple[str, str]:
    """The intent of a message that requests no change, and the rule that settled it."""
    best, top = GEN, 0.0  # the highest score but greeting's; on a tie, the first in ORDER
    for intent, score in scores.items():
        if intent != GREET and (score > top or (score == top and _RANK[intent] < _RANK[best])):
            best, top = intent, score
    if top < 1.0:
        if scores.get(GREET, 0.0) >= 1.0:
            return GREET, ""
        if has_object:
            return ST, "fallback:object_only"
        return UNK, "fallback:no_evidence" if domain else "fallback:off_topic"
    # (over general only with something concrete: "why would a job ..." is a knowledge question)
    concrete = best == ST or has_object or error
    if best in (ST, GEN) and why and scores.get(TS, 0.0) >= 2.5 and concrete:
        return TS, f"precedence:troubleshooting_over_{best}"
    if best == GEN and scores.get(ST, 0.0) >= 1.5 and (has_object or present):
        return ST, "precedence:status_over_general"
    if best in (AN, ST, MON) and deliverable and scores.get(REP, 0.0) >= 3.0:
        return REP, f"precedence:reporting_over_{best}"
    return best, ""


def _confidence(intent: str, scores: dict[str, float], matched: bool, rule: str) -> float:
    """High when the evidence is strong and one-sided; low when weak or split."""
    if intent == UNK:
        return 0.2 if matched else 0.1
    if rule == "fallback:object_only":
        return 0.35
    top = scores.get(intent, 0.0)
    if intent == JM:
        top = max(top, 3.0)
    second = 0.0
    for other, score in scores.items():
        if score > second and other != intent and other != GREET:
            second = score
    if rule:
        second *= 0.8  # the contract settles this conflict; the rival still costs something
    known = _CONFIDENCE.get((top, second))
    if known is None:
        known = _strength_and_margin(top, second)
    return known


# Scores are sums of a few weights: the same (top, second) pairs come back, and rounding a
# float to 3 places goes through its decimal string.
_CONFIDENCE: dict[tuple[float, float], float] = {}


def _strength_and_margin(top: float, second: float) -> float:
    strength = 1.0 - math.exp(-top / 1.8)  # 1 → 0.43, 3 → 0.81, 6 → 0.96
    margin = max(0.0, top - second) / top if top > 0 else 0.0
    confidence = round(0.25 + 0.7 * strength * (0.5 + 0.5 * margin), 3)
    if len(_CONFIDENCE) >= 10_000:
        _CONFIDENCE.clear()
    _CONFIDENCE[top, second] = confidence
    return confidence
