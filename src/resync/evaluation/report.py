"""Plain-text rendering of an intent evaluation for the terminal."""

from __future__ import annotations

from resync.classifier.intents import Intent
from resync.evaluation.intents import IntentEvaluation

_ABBREVIATIONS = {
    Intent.greeting: "greet",
    Intent.general: "gen",
    Intent.status: "stat",
    Intent.troubleshooting: "trbl",
    Intent.job_management: "jobm",
    Intent.monitoring: "mon",
    Intent.analysis: "anal",
    Intent.reporting: "rept",
    Intent.unknown: "unk",
}


def render(evaluation: IntentEvaluation) -> str:
    lines = [
        f"cases: {evaluation.total}",
        f"intent accuracy:   {evaluation.intent_accuracy:.1%}",
        f"routing accuracy:  {evaluation.routing_accuracy:.1%}",
        (
            f"entity precision:  {evaluation.entity_precision:.1%}  "
            f"recall: {evaluation.entity_recall:.1%}  (over the labelled entity kinds)"
            if evaluation.labelled
            else "entity precision:  n/a (no case labels entities)"
        ),
        "",
        f"{'intent':<16}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}",
    ]
    for intent, metrics in evaluation.per_intent().items():
        lines.append(
            f"{intent.value:<16}{metrics['precision']:>10.1%}{metrics['recall']:>8.1%}"
            f"{metrics['f1']:>7.2f}{int(metrics['support']):>9}"
        )
    lines += ["", *_confusion(evaluation), ""]
    failures = evaluation.failures()
    lines.append(f"misclassified or missing entities: {len(failures)}")
    for outcome in failures:
        lines.append(
            f"- {outcome.case.name}: {outcome.case.input!r}\n"
            f"    expected {outcome.case.intent.value}/{outcome.case.routing or '-'}, "
            f"got {outcome.intent.value}/{outcome.routing} (confidence {outcome.confidence:.2f})"
        )
        if outcome.missing_entities:
            lines.append(f"    missing entities {outcome.missing_entities}, got {outcome.entities}")
    return "\n".join(lines)


def _confusion(evaluation: IntentEvaluation) -> list[str]:
    present = [i for i in Intent if any(i in pair for pair in evaluation.confusion)]
    header = "expected \\ got".ljust(16) + "".join(f"{_ABBREVIATIONS[i]:>6}" for i in present)
    rows = [header]
    for expected in present:
        cells = "".join(f"{evaluation.confusion[(expected, got)] or '.':>6}" for got in present)
        rows.append(f"{expected.value:<16}{cells}")
    return rows
