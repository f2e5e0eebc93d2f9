"""`resync eval intents` and `resync classify`, run through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from resync.cli.main import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SMALL_SET = FIXTURES / "eval_intents_small.yaml"
GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden" / "intent_classifier"

runner = CliRunner()


def test_eval_intents_prints_accuracy_confusion_and_failures() -> None:
    result = runner.invoke(app, ["eval", "intents", str(SMALL_SET)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "cases: 4" in out
    assert "intent accuracy:   75.0%" in out
    assert "routing accuracy:  100.0%" in out
    assert "expected \\ got" in out  # the confusion matrix
    assert "mislabelled_on_purpose" in out
    assert "expected reporting/agentic, got monitoring/agentic" in out
    assert "missing entities {'job_stream': ['JS_DIA']}" in out
    for case in ("rerun_pt", "why_en", "hello_pt"):
        assert f"- {case}:" not in out


def test_eval_intents_json_has_per_intent_metrics() -> None:
    result = runner.invoke(app, ["eval", "intents", str(SMALL_SET), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["cases"] == 4
    assert report["intent_accuracy"] == 0.75
    assert report["per_intent"]["reporting"] == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1,
    }  # fmt: skip
    assert report["per_intent"]["monitoring"]["precision"] == 0.0
    assert report["per_intent"]["job_management"]["recall"] == 1.0
    # labelled: FATURA_01, 8, JS_DIA; found FATURA_01 and 8, and JS_NOITE instead of JS_DIA
    assert report["entity_recall"] == report["entity_precision"] == 0.6667
    assert [f["name"] for f in report["failures"]] == ["mislabelled_on_purpose"]
    assert {"expected": "reporting", "predicted": "monitoring", "count": 1} in report["confusion"]


def test_min_accuracy_sets_the_exit_status() -> None:
    passing = runner.invoke(app, ["eval", "intents", str(SMALL_SET), "--min-accuracy", "0.7"])
    assert passing.exit_code == 0
    failing = runner.invoke(app, ["eval", "intents", str(SMALL_SET), "--min-accuracy", "90"])
    assert failing.exit_code == 1
    assert "below 90.0%" in failing.output


def test_eval_reads_a_directory_of_golden_files() -> None:
    result = runner.invoke(app, ["eval", "intents", str(GOLDEN_DIR), "--min-accuracy", "100"])
    assert result.exit_code == 0, result.output


def test_eval_reports_unreadable_input(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["eval", "intents", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("- name: x\n  input: oi\n  expected: {primary_intent: smalltalk}\n")
    malformed = runner.invoke(app, ["eval", "intents", str(broken)])
    assert malformed.exit_code == 2 and "malformed" in malformed.output


def test_classify_prints_json_and_text() -> None:
    result = runner.invoke(app, ["classify", "--json", "reroda o CPU1#JS_D.LOAD agora"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["primary_intent"] == "job_management"
    assert data["suggested_routing"] == "agentic"
    assert data["entities"]["job_name"] == ["LOAD"]
    text = runner.invoke(app, ["classify", "por que o PAYROLL_01 abendou?"])
    assert text.exit_code == 0
    assert "intent:     troubleshooting" in text.output
    assert "job_name:   PAYROLL_01" in text.output
