"""Golden cases of the intent classifier: one YAML file per case under tests/golden/.

Each file names the fields it checks under ``expected``: ``primary_intent``,
``suggested_routing``, optionally ``entities`` (a subset check: these kinds and values must
be present) and any other field of ``IntentClassification`` (compared for equality).
Adding a case is adding a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import ENTITY_KINDS, IntentClassification

GOLDEN_DIR = Path(__file__).parent / "golden" / "intent_classifier"
CASE_FILES = sorted(GOLDEN_DIR.glob("*.yml"))


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier()


def _load(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict), f"{path.name}: a golden file holds one mapping"
    return case


def _differences(case: dict[str, Any], result: IntentClassification) -> list[str]:
    actual = result.model_dump(mode="json")
    problems: list[str] = []
    for field, expected in case["expected"].items():
        if field == "entities":
            for kind, values in expected.items():
                got = actual["entities"].get(kind, [])
                missing = [str(v) for v in values if str(v) not in got]
                if missing:
                    problems.append(f"entities.{kind}: missing {missing}, got {got}")
        elif actual[field] != expected:
            problems.append(f"{field}: expected {expected!r}, got {actual[field]!r}")
    return problems


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_golden_case(path: Path, classifier: IntentClassifier) -> None:
    case = _load(path)
    result = classifier.classify(case["input"])
    problems = _differences(case, result)
    assert not problems, (
        f"\n{path.name}: {case['input']!r}\n  "
        + "\n  ".join(problems)
        + f"\n  (confidence {result.confidence}, entities {result.entities},"
        f"\n   reasons {result.reasons})"
    )


def test_golden_files_are_well_formed() -> None:
    assert len(CASE_FILES) >= 60
    fields = set(IntentClassification.model_fields)
    for path in CASE_FILES:
        case = _load(path)
        assert case.get("name") == path.stem, f"{path.name}: name must match the file name"
        assert isinstance(case.get("input"), str), f"{path.name}: input must be text"
        expected = case.get("expected") or {}
        assert {"primary_intent", "suggested_routing"} <= set(expected), path.name
        assert set(expected) <= fields, f"{path.name}: unknown fields {set(expected) - fields}"
        for kind, values in (expected.get("entities") or {}).items():
            assert kind in ENTITY_KINDS, f"{path.name}: unknown entity kind {kind}"
            assert all(isinstance(v, str) for v in values), f"{path.name}: quote {kind} values"


def test_golden_files_cover_the_contract() -> None:
    cases = [_load(path) for path in CASE_FILES]
    intents = {c["expected"]["primary_intent"] for c in cases}
    kinds = {k for c in cases for k in (c["expected"].get("entities") or {})}
    languages = {c["name"].rsplit("_", 1)[-1] for c in cases}
    assert intents == {
        "greeting", "general", "status", "troubleshooting", "job_management",
        "monitoring", "analysis", "reporting", "unknown",
    }  # fmt: skip
    assert kinds == set(ENTITY_KINDS)
    assert {"pt", "en"} <= languages
