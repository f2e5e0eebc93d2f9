"""``resync ask`` answers one message with the server's services; --explain, --json."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.fixtures.processes import run_resync


def resync(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "RESYNC_DATA_DIR": str(tmp_path / "var"),
        "RESYNC_HWA_SIM_CLOCK_SPEED": "0",
        "RESYNC_LOG_LEVEL": "WARNING",
    }
    return run_resync(*args, env=env, cwd=tmp_path)


def test_ask_prints_the_answer_and_explains_the_decision(tmp_path: Path) -> None:
    done = resync("ask", "por que o PAYROLL_01 abendou?", "--explain", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    answer, _, explanation = done.stdout.partition("\n---\n")
    assert "PAYROLL_01" in answer and "Causa provável" in answer
    assert "intent:     troubleshooting" in explanation
    assert "mode:       diagnostic" in explanation and "handler:    diagnostic" in explanation
    assert "tools:      get_job_log, lookup_message" in explanation
    assert "job_name:   PAYROLL_01" in explanation and "timings:" in explanation
    assert "reasons:\n  - " in explanation


def test_ask_json_is_the_whole_routing_result(tmp_path: Path) -> None:
    done = resync("ask", "hello", "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["intent"], result["routing_mode"], result["language"]) == (
        "greeting",
        "rag_only",
        "en",
    )
    assert result["answer"].startswith("Hello") and result["trace_id"]


def test_ask_refuses_an_empty_message(tmp_path: Path) -> None:
    done = resync("ask", "  ", tmp_path=tmp_path)
    assert done.returncode == 2 and "empty" in done.stderr
