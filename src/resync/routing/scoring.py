"""From cue matches and entities to intent scores, the contract's precedence and a confidence.

Each cue adds its weight to its intent once per message (the strongest match of a cue
name counts). Entities add evidence: an HWA message id, an abend code or a return code is
a failure in the operator's context (troubleshooting); a window of several days hints at
history (analysis); a named object makes a status question concrete.

Precedence (spec/intents.md): an explicit request to change the plan wins over
everything; *why* something failed wins over status and general; the present state wins
over general; a report, summary or export wins over the analysis or status it contains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from resync.routing.entities import ERROR_KINDS, OBJECT_KINDS, Entities
from resync.routing.intents import Intent
from resync.routing.lexicon import Match, Role
from resync.routing.text import Token

# A verb after one of these is a description, not a request ("quando ele roda", "if it fails").
SUBJECT_BEFORE = frozenset(
    "ele ela eles elas it they he she quando when se if was were been be being is are foi "
    "foram ser sera nao not never nunca whether caso".split()
)
# Words that may open a request before an imperative ("por favor, roda o X", "can you run X").
REQUEST_OPENERS = frozenset(
    "por favor please pode poderia podia consegue conseguiria voce can could would you agora "
    "now entao so ok okay just vamos bora quero preciso need want to que e and tenta tente try "
    "kindly then also tambem me i eu gostaria de let lets us s pessoal oi hey go ahead".split()
)
ERROR_WEIGHTS = {"message_id": 3.0, "abend_code": 3.0, "error_code": 2.5}
ORDER = (
    Intent.job_management,
    Intent.troubleshooting,
    Intent.monitoring,
    Intent.reporting,
    Intent.analysis,
    Intent.status,
    Intent.general,
    Intent.greeting,
)


@dataclass
class Verdict:
    intent: Intent
    confidence: float
    scores: dict[Intent, float]
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Evidence:
    best: dict[tuple[Intent, str], float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    request: bool = False
    why: bool = False
    present: bool = False
    deliverable: bool = False
    window: bool = False

    def add(self, intent: Intent, name: str, weight: float, detail: str) -> None:
        key = (intent, name)
        if weight > self.best.get(key, -1.0):
            if key not in self.best:
                self.reasons.append(f"{intent.value}:{name}={detail}")
            self.best[key] = weight


def decide(
    tokens: Sequence[Token], words: Sequence[str], matches: Sequence[Match], entities: Entities
) -> Verdict:
    domain = entities.has_any((*OBJECT_KINDS, *ERROR_KINDS, "status")) or any(
        m.cue.domain for m in matches
    )
    evidence = _collect(tokens, words, matches, domain)
    for kind, weight in ERROR_WEIGHTS.items():
        if kind in entities.values:
            evidence.add(Intent.troubleshooting, kind, weight, entities.values[kind][0])
            evidence.why = True
    if evidence.window:
        evidence.add(Intent.analysis, "time_window", 1.0, "days")
    scores = dict.fromkeys(ORDER, 0.0)
    for (intent, _), weight in evidence.best.items():
        scores[intent] += weight
    has_object = entities.has_any(OBJECT_KINDS)
    if has_object and scores[Intent.status] > 0:
        scores[Intent.status] += 0.5
    intent, rule = _choose(scores, evidence, has_object, domain)
    reasons = evidence.reasons
    if rule:
        reasons.append(rule)
    return Verdict(intent, _confidence(intent, scores, bool(matches), rule), scores, reasons)


def _collect(
    tokens: Sequence[Token], words: Sequence[str], matches: Sequence[Match], domain: bool
) -> _Evidence:
    evidence = _Evidence()
    howtos = [m for m in matches if m.cue.role is Role.howto]
    for match in matches:
        cue = match.cue
        evidence.window |= cue.window
        if cue.intent is None or (cue.needs_domain and not domain):
            continue
        detail = words[match.first] if match.first == match.last else _phrase(words, match)
        if cue.role in (Role.action, Role.action_start):
            mood = _mood(match, tokens, words, howtos)
            if mood == "hypothetical":
                evidence.add(Intent.general, "howto_action", 1.5, detail)
            if mood != "request":
                continue
            evidence.request = True
        evidence.why |= cue.role is Role.why
        evidence.present |= cue.role is Role.present
        evidence.deliverable |= cue.role is Role.deliverable
        evidence.add(cue.intent, cue.name, cue.weight, detail)
    return evidence


def _phrase(words: Sequence[str], match: Match) -> str:
    return " ".join(words[match.first : match.last + 1])


def _mood(match: Match, tokens: Sequence[Token], words: Sequence[str], howtos: list[Match]) -> str:
    """'request', 'hypothetical' (after "how do I") or 'description' (a subject's verb)."""
    first, clause = match.first, tokens[match.first].clause
    same_clause_before = first > 0 and tokens[first - 1].clause == clause
    if same_clause_before and words[first - 1] in SUBJECT_BEFORE:
        return "description"
    for howto in howtos:
        if (
            howto.last < first
            and tokens[howto.last].clause == clause
            and first - howto.last <= howto.cue.reach
        ):
            return "hypothetical"
    if match.cue.role is Role.action_start:
        j = first - 1
        while j >= 0 and tokens[j].clause == clause and words[j] in REQUEST_OPENERS:
            j -= 1
        if j >= 0 and tokens[j].clause == clause:
            return "description"
    return "request"


def _choose(
    scores: dict[Intent, float], evidence: _Evidence, has_object: bool, domain: bool
) -> tuple[Intent, str]:
    if evidence.request:
        return Intent.job_management, "precedence:job_management_request"
    best = max(ORDER[:-1], key=lambda i: (scores[i], -ORDER.index(i)))
    if scores[best] < 1.0:
        if scores[Intent.greeting] >= 1.0:
            return Intent.greeting, ""
        if has_object:
            return Intent.status, "fallback:object_only"
        return Intent.unknown, "fallback:no_evidence" if domain else "fallback:off_topic"
    ts = scores[Intent.troubleshooting]
    if best in (Intent.status, Intent.general) and evidence.why and ts >= 2.5:
        return Intent.troubleshooting, f"precedence:troubleshooting_over_{best.value}"
    if (
        best is Intent.general
        and scores[Intent.status] >= 1.5
        and (has_object or evidence.present)
    ):
        return Intent.status, "precedence:status_over_general"
    if (
        best in (Intent.analysis, Intent.status, Intent.monitoring)
        and evidence.deliverable
        and scores[Intent.reporting] >= 3.0
    ):
        return Intent.reporting, f"precedence:reporting_over_{best.value}"
    return best, ""


def _confidence(intent: Intent, scores: dict[Intent, float], matched: bool, rule: str) -> float:
    if intent is Intent.unknown:
        return 0.2 if matched else 0.1
    if rule == "fallback:object_only":
        return 0.35
    top = max(scores[intent], 3.0) if intent is Intent.job_management else scores[intent]
    rivals = [s for i, s in scores.items() if i not in (intent, Intent.greeting)]
    second = max(rivals, default=0.0)
    if rule.startswith("precedence"):
        second *= 0.6  # the contract resolves this conflict; the rival still costs something
    strength = 1.0 - math.exp(-top / 2.5)
    margin = max(0.0, top - second) / top if top > 0 else 0.0
    return round(0.3 + 0.65 * strength * (0.4 + 0.6 * margin), 3)
