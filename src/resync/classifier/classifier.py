"""IntentClassifier: deterministic intent, routing and entities for one operator message.

Pure and synchronous: no I/O, no clock, no randomness; the vocabulary is compiled once
when the classifier is built. ``classify_with_fallback`` may consult a slower classifier
(an LLM, an embedding model) for messages the rules are unsure about; it is off unless a
``FallbackClassifier`` is given.
"""

from __future__ import annotations

from typing import Protocol

import structlog

from resync.classifier.actions import justification
from resync.classifier.entities import extract_entities
from resync.classifier.intents import (
    ROUTING_BY_INTENT,
    SKILLS_BY_INTENT,
    Intent,
    IntentClassification,
    RoutingMode,
    Skill,
)
from resync.classifier.language import language
from resync.classifier.lexicon import Lexicon
from resync.classifier.reader import Reader
from resync.classifier.scoring import decide
from resync.classifier.topics import TOPICS
from resync.classifier.vocabulary import INTENT_CUES, PAST_FORMS
from resync.classifier.vocabulary_terms import DOMAIN_TERMS, STATES, STOPWORDS, TIME_REFERENCES

log = structlog.get_logger(__name__)

DEFAULT_FALLBACK_THRESHOLD = 0.45

# String-keyed views of the contract tables (enum members hash in Python, strings in C).
_INTENTS = {intent.value: intent for intent in Intent}
# Per intent value: the intent, its routing mode and whether that mode uses tools.
_OUTCOME = {
    intent.value: (intent, mode, mode is not RoutingMode.rag_only)
    for intent, mode in ROUTING_BY_INTENT.items()
}
_GENERAL = Intent.general.value
_WORKSTATION_AWARE = (Intent.status, Intent.troubleshooting, Intent.job_management)


def _skill_table() -> dict[tuple[str, bool, bool], tuple[Skill, ...]]:
    """Skills per (intent, a workstation is named, general is a secondary intent)."""
    table: dict[tuple[str, bool, bool], tuple[Skill, ...]] = {}
    for intent, skills in SKILLS_BY_INTENT.items():
        for workstation in (False, True):
            for knowledge in (False, True):
                extra: list[Skill] = []
                if workstation and intent in _WORKSTATION_AWARE:
                    extra.append(Skill.workstation_monitoring)
                if knowledge and intent is not Intent.greeting:
                    extra.append(Skill.knowledge)
                table[intent.value, workstation, knowledge] = (
                    *skills,
                    *(s for s in extra if s not in skills),
                )
    return table


_SKILLS = _skill_table()


class FallbackClassifier(Protocol):
    """A slower classifier consulted when the rules are unsure (LLM, embeddings, ...)."""

    async def classify(
        self, text: str, preliminary: IntentClassification
    ) -> IntentClassification | None:
        """A better classification of ``text``, or None to keep ``preliminary``."""
        ...


def compile_vocabulary() -> Lexicon:
    """Every cue of the vocabulary, compiled for lookup."""
    return Lexicon(
        (*INTENT_CUES, *STATES, *TIME_REFERENCES, DOMAIN_TERMS),
        known_words=STOPWORDS | PAST_FORMS,
    )


class IntentClassifier:
    def __init__(
        self,
        fallback: FallbackClassifier | None = None,
        fallback_threshold: float = DEFAULT_FALLBACK_THRESHOLD,
    ) -> None:
        self._read = Reader(compile_vocabulary()).read
        self._fallback = fallback
        self._fallback_threshold = fallback_threshold

    def classify(self, text: str) -> IntentClassification:
        message = self._read(text)
        _, words, _, clauses, _, matches, english, _ = message
        if not words:
            return _empty()
        entities = extract_entities(message)
        question = text.rstrip().endswith("?")
        primary, confidence, scores, reasons, action = decide(
            clauses, words, matches, entities, question
        )
        if action or primary != "monitoring":
            reading = " ".join(words)
            if TOPICS["watch_cancel"].search(reading) or TOPICS["watch_list"].search(reading):
                # "cancela o aviso do X" cancels a watch, never the job: no plan change
                primary, action = "monitoring", ""
                confidence = max(confidence, 0.8)
        intent, routing, tools = _OUTCOME[primary]
        secondary: list[Intent] = []
        if len(scores) > 1:
            ranked = [(score, name) for name, score in scores.items() if score >= 1.0]
            ranked.sort(reverse=True)
            secondary = [_INTENTS[name] for _, name in ranked if name != primary]
        knowledge = primary != _GENERAL and scores.get(_GENERAL, 0.0) >= 1.0
        return IntentClassification.trusted(
            intent,
            confidence,
            secondary,
            routing,
            tools,
            list(_SKILLS[primary, "workstation" in entities, knowledge]),
            entities,
            reasons,
            language(english, text),
            action or None,
            justification(text) if action else "",
            words,
        )

    async def classify_with_fallback(self, text: str) -> IntentClassification:
        """``classify``, then the fallback when confidence is below the threshold."""
        result = self.classify(text)
        if self._fallback is None or result.confidence >= self._fallback_threshold:
            return result
        try:
            better = await self._fallback.classify(text, result)
        except Exception as exc:  # a failing fallback must never lose the rules' answer
            log.warning("intent_fallback_failed", error=type(exc).__name__)
            return result
        if better is None or better.confidence <= result.confidence:
            return result
        return better.model_copy(update={"reasons": [*better.reasons, "fallback:used"]})


def _empty() -> IntentClassification:
    return IntentClassification.trusted(
        primary_intent=Intent.unknown,
        confidence=0.0,
        secondary_intents=[],
        suggested_routing=ROUTING_BY_INTENT[Intent.unknown],
        requires_tools=False,
        matched_skills=[],
        entities={},
        reasons=["fallback:empty"],
        language="pt",
    )
