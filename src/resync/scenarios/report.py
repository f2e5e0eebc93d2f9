"""Scores of a scenario run: overall and per category, and what went wrong where."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from resync.scenarios.runner import ScenarioOutcome


@dataclass(frozen=True)
class Score:
    passed: int
    total: int

    @property
    def ratio(self) -> float:
        return self.passed / self.total if self.total else 0.0


def overall(outcomes: list[ScenarioOutcome]) -> Score:
    return Score(sum(outcome.passed for outcome in outcomes), len(outcomes))


def by_category(outcomes: list[ScenarioOutcome]) -> dict[str, Score]:
    grouped: dict[str, list[ScenarioOutcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[outcome.scenario.category].append(outcome)
    return {name: overall(items) for name, items in sorted(grouped.items())}


def problems_of(outcome: ScenarioOutcome) -> list[str]:
    if outcome.error:
        return [outcome.error]
    return [f"{turn.ask!r}: {problem}" for turn in outcome.turns for problem in turn.problems]


def render(outcomes: list[ScenarioOutcome], *, verbose: bool = False) -> str:
    total = overall(outcomes)
    lines = [f"scenarios: {total.total}  passed: {total.passed}  score: {total.ratio:.1%}", ""]
    width = max((len(name) for name in by_category(outcomes)), default=8)
    for name, score in by_category(outcomes).items():
        lines.append(f"  {name:<{width}}  {score.passed:>3}/{score.total:<3}  {score.ratio:.1%}")
    failed = [outcome for outcome in outcomes if not outcome.passed]
    if failed:
        lines += ["", "failed:"]
        for outcome in failed:
            lines.append(f"  {outcome.scenario.name} [{outcome.scenario.category}]")
            shown = problems_of(outcome) if verbose else problems_of(outcome)[:2]
            lines.extend(f"      {problem}" for problem in shown)
            if verbose:
                for turn in outcome.turns:
                    lines.append(f"      > {turn.ask}  ({turn.intent})")
                    lines.extend(f"        {line}" for line in turn.answer.splitlines()[:12])
    return "\n".join(lines)


def to_dict(outcomes: list[ScenarioOutcome]) -> dict[str, Any]:
    total = overall(outcomes)
    return {
        "scenarios": total.total,
        "passed": total.passed,
        "score": round(total.ratio, 4),
        "categories": {
            name: {"passed": s.passed, "total": s.total, "score": round(s.ratio, 4)}
            for name, s in by_category(outcomes).items()
        },
        "failed": [
            {"name": o.scenario.name, "category": o.scenario.category, "problems": problems_of(o)}
            for o in outcomes
            if not o.passed
        ],
    }
