"""IntentClassifier: deterministic intent, routing and entities for one operator message.

Pure and synchronous: no I/O, no clock, no randomness; the vocabulary is compiled once
when the classifier is built. ``classify_with_fallback`` may consult a slower classifier
(an LLM, an embedding model) for messages the rules are unsure about; it is off unless a
``FallbackClassifier`` is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

import structlog

from resync.routing.entities import extract_entities
from resync.routing.intents import (
    ROUTING_BY_INTENT,
    SKILLS_BY_INTENT,
    Intent,
    IntentClassification,
    RoutingMode,
    Skill,
)
from resync.routing.lexicon import Lexicon
from resync.routing.scoring import decide
from resync.routing.text import Token, tokenize
from resync.routing.vocabulary import INTENT_CUES
from resync.routing.vocabulary_terms import DOMAIN_TERMS, STATES, STOPWORDS, TIME_REFERENCES

log = structlog.get_logger(__name__)

DEFAULT_FALLBACK_THRESHOLD = 0.45

_PT_WORDS = frozenset(
    "o os que de da dos das na nos nas em um uma por para com nao e esta estao qual quais como "
    "ja ainda hoje ontem meu minha voce ele ela isso esse essa porque quando pelo pela ao tem "
    "foi deu favor obrigado valeu agora".split()
)
_EN_WORDS = frozenset(
    "the is are what which how why of to in on and for my it this that did does please all "
    "any with from show when can i you was be has have been not there s t today yesterday "
    "last thanks now".split()
)


class FallbackClassifier(Protocol):
    """A slower classifier consulted when the rules are unsure (LLM, embeddings, ...)."""

    async def classify(
        self, text: str, preliminary: IntentClassification
    ) -> IntentClassification | None:
        """A better classification of ``text``, or None to keep ``preliminary``."""
        ...


class IntentClassifier:
    def __init__(
        self,
        fallback: FallbackClassifier | None = None,
        fallback_threshold: float = DEFAULT_FALLBACK_THRESHOLD,
    ) -> None:
        self._lexicon = Lexicon(
            (*INTENT_CUES, *STATES, *TIME_REFERENCES, DOMAIN_TERMS), known_words=STOPWORDS
        )
        self._fallback = fallback
        self._fallback_threshold = fallback_threshold

    def classify(self, text: str) -> IntentClassification:
        message = tokenize(text)
        if not message.tokens:
            return _empty()
        words, matches = self._lexicon.find(message.tokens)
        entities = extract_entities(message, words, matches)
        verdict = decide(message.tokens, words, matches, entities)
        routing = ROUTING_BY_INTENT[verdict.intent]
        secondary = sorted(
            (i for i, s in verdict.scores.items() if s >= 1.0 and i is not verdict.intent),
            key=lambda i: -verdict.scores[i],
        )
        return IntentClassification.model_construct(
            primary_intent=verdict.intent,
            confidence=verdict.confidence,
            secondary_intents=secondary,
            suggested_routing=routing,
            requires_tools=routing is not RoutingMode.rag_only,
            matched_skills=_skills(verdict.intent, secondary, entities.values),
            entities=entities.values,
            reasons=verdict.reasons,
            language=_language(message.tokens, text),
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


def _skills(
    intent: Intent, secondary: Sequence[Intent], entities: dict[str, list[str]]
) -> list[Skill]:
    skills = list(SKILLS_BY_INTENT[intent])
    if "workstation" in entities and intent in (
        Intent.status,
        Intent.troubleshooting,
        Intent.job_management,
    ):
        skills.append(Skill.workstation_monitoring)
    if Intent.general in secondary and intent is not Intent.greeting:
        skills.append(Skill.knowledge)
    return list(dict.fromkeys(skills))


def _language(tokens: Sequence[Token], text: str) -> Literal["pt", "en"]:
    pt = sum(1 for t in tokens if t.text in _PT_WORDS)
    en = sum(1 for t in tokens if t.text in _EN_WORDS)
    if any(c in "ãõçáéíóúâêôà" for c in text.lower()):
        pt += 2
    return "en" if en > pt else "pt"


def _empty() -> IntentClassification:
    return IntentClassification.model_construct(
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
