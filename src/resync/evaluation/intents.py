"""Measuring the intent classifier on a labelled set.

A set is a YAML file holding a list of cases, or a directory of YAML files holding one
case each (the golden format); a case is ``{name, input, expected: {primary_intent,
suggested_routing?, entities?}}``. Entity precision and recall are computed over the entity
kinds each case labels (the labels are a subset of what a message contains).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import Intent


class InvalidLabelledSet(ValueError):
    """The labelled set cannot be read or a case is malformed."""


@dataclass(frozen=True)
class LabelledCase:
    name: str
    input: str
    intent: Intent
    routing: str | None
    entities: dict[str, list[str]]


@dataclass
class CaseOutcome:
    case: LabelledCase
    intent: Intent
    routing: str
    confidence: float
    entities: dict[str, list[str]]
    missing_entities: dict[str, list[str]]

    @property
    def intent_ok(self) -> bool:
        return self.intent is self.case.intent

    @property
    def routing_ok(self) -> bool:
        return self.case.routing is None or self.routing == self.case.routing


@dataclass
class IntentEvaluation:
    outcomes: list[CaseOutcome]
    entity_tp: int = 0
    entity_fp: int = 0
    entity_fn: int = 0
    confusion: Counter[tuple[Intent, Intent]] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def intent_accuracy(self) -> float:
        return _ratio(sum(o.intent_ok for o in self.outcomes), self.total)

    @property
    def routing_accuracy(self) -> float:
        return _ratio(sum(o.routing_ok for o in self.outcomes), self.total)

    @property
    def labelled(self) -> bool:
        """Whether any case labels entities (otherwise entity figures mean nothing)."""
        return self.entity_tp + self.entity_fn > 0

    @property
    def entity_precision(self) -> float:
        return _ratio(self.entity_tp, self.entity_tp + self.entity_fp)

    @property
    def entity_recall(self) -> float:
        return _ratio(self.entity_tp, self.entity_tp + self.entity_fn)

    def per_intent(self) -> dict[Intent, dict[str, float]]:
        table: dict[Intent, dict[str, float]] = {}
        for intent in Intent:
            tp = self.confusion[(intent, intent)]
            predicted = sum(n for (_, got), n in self.confusion.items() if got is intent)
            support = sum(n for (exp, _), n in self.confusion.items() if exp is intent)
            if predicted or support:
                precision, recall = _ratio(tp, predicted), _ratio(tp, support)
                table[intent] = {
                    "precision": precision,
                    "recall": recall,
                    "f1": _ratio(2 * precision * recall, precision + recall),
                    "support": support,
                }
        return table

    def failures(self) -> list[CaseOutcome]:
        return [
            o for o in self.outcomes if not (o.intent_ok and o.routing_ok) or o.missing_entities
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.total,
            "intent_accuracy": round(self.intent_accuracy, 4),
            "routing_accuracy": round(self.routing_accuracy, 4),
            "entity_precision": round(self.entity_precision, 4) if self.labelled else None,
            "entity_recall": round(self.entity_recall, 4) if self.labelled else None,
            "per_intent": {
                i.value: {k: round(v, 4) for k, v in m.items()}
                for i, m in self.per_intent().items()
            },
            "confusion": [
                {"expected": e.value, "predicted": p.value, "count": n}
                for (e, p), n in sorted(self.confusion.items())
            ],
            "failures": [
                {
                    "name": o.case.name,
                    "input": o.case.input,
                    "expected": o.case.intent.value,
                    "predicted": o.intent.value,
                    "confidence": o.confidence,
                    "missing_entities": o.missing_entities,
                }
                for o in self.failures()
            ],
        }


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def load_cases(path: Path) -> list[LabelledCase]:
    if path.is_dir():
        files = sorted([*path.glob("*.yml"), *path.glob("*.yaml")])
        raw: list[Any] = [_read_yaml(f) for f in files]
    else:
        data = _read_yaml(path)
        raw = data if isinstance(data, list) else [data]
    cases = [_parse_case(item, index) for index, item in enumerate(raw)]
    if not cases:
        raise InvalidLabelledSet(f"{path}: no cases")
    return cases


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidLabelledSet(f"{path}: {exc}") from exc


def _parse_case(item: Any, index: int) -> LabelledCase:
    try:
        expected = item["expected"]
        entities = expected.get("entities") or {}
        return LabelledCase(
            name=str(item.get("name") or f"case_{index}"),
            input=str(item["input"]),
            intent=Intent(expected["primary_intent"]),
            routing=expected.get("suggested_routing"),
            entities={str(k): [str(v) for v in values] for k, values in entities.items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidLabelledSet(f"case {index}: malformed ({exc!r})") from exc


def evaluate(classifier: IntentClassifier, cases: list[LabelledCase]) -> IntentEvaluation:
    evaluation = IntentEvaluation(outcomes=[])
    for case in cases:
        result = classifier.classify(case.input)
        missing: dict[str, list[str]] = {}
        for kind, expected in case.entities.items():
            got = result.entities.get(kind, [])
            evaluation.entity_tp += sum(1 for v in expected if v in got)
            evaluation.entity_fn += sum(1 for v in expected if v not in got)
            evaluation.entity_fp += sum(1 for v in got if v not in expected)
            if absent := [v for v in expected if v not in got]:
                missing[kind] = absent
        evaluation.confusion[(case.intent, result.primary_intent)] += 1
        evaluation.outcomes.append(
            CaseOutcome(
                case=case,
                intent=result.primary_intent,
                routing=result.suggested_routing.value,
                confidence=result.confidence,
                entities=result.entities,
                missing_entities=missing,
            )
        )
    return evaluation
