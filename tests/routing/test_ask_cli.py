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


def test_ask_draws_tables_cards_and_exports_without_info_logs(tmp_path: Path) -> None:
    env = {"RESYNC_DATA_DIR": str(tmp_path / "var"), "RESYNC_HWA_SIM_CLOCK_SPEED": "0"}
    done = run_resync("ask", "o que o abend do PAYROLL_01 está travando?", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "job stream" in line)
    assert header.split() == [
        "┃",
        "job",
        "┃",
        "job",
        "stream",
        "┃",
        "workstation",
        "┃",
        "estado",
        "┃",
        "espera",
        "direto",
        "┃",
    ]
    row = next(line for line in done.stdout.splitlines() if line.startswith("│ PAYROLL_02 "))
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "PAYROLL_02",
        "JS_PAYROLL",
        "FTA01",
        "HOLD",
        "sim",
    ]
    assert "exportação: impact_payroll_01.csv (CSV, 113 linhas" in done.stdout
    assert "**" not in done.stdout, "Markdown is drawn, not printed"
    assert '"level":"info"' not in done.stderr, "no info logs on a one-shot command"

    card = run_resync("ask", "status do job PAYROLL_02", env=env, cwd=tmp_path)
    assert card.returncode == 0, card.stderr
    waits = next(line for line in card.stdout.splitlines() if "aguarda" in line)
    assert "predecessor JS_PAYROLL.PAYROLL_01 (ABEND)" in waits
    assert not any(mark in waits for mark in "[]'{}"), waits


def test_ask_shows_the_services_logs_only_when_asked(tmp_path: Path) -> None:
    env = {"RESYNC_DATA_DIR": str(tmp_path / "var"), "RESYNC_HWA_SIM_CLOCK_SPEED": "0"}
    done = run_resync("ask", "hello", "--log-level", "info", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    levels = {
        json.loads(line)["level"] for line in done.stderr.splitlines() if line.startswith("{")
    }
    assert "info" in levels
    assert done.stdout.startswith("Hello"), "logs stay on stderr"
    root = run_resync("--log-level", "INFO", "ask", "hello", env=env, cwd=tmp_path)
    assert '"level":"info"' in root.stderr
    bad = run_resync("ask", "hello", "--log-level", "chatty", env=env, cwd=tmp_path)
    assert bad.returncode == 2 and "chatty" in bad.stderr and "DEBUG" in bad.stderr
