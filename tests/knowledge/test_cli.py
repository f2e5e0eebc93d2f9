"""``resync kb`` and ``resync eval kb`` as an operator runs them (real processes)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.fixtures.processes import run_resync
from tests.knowledge.documents import docx_bytes

QUESTIONS = Path(__file__).resolve().parents[1] / "fixtures" / "kb_questions.yaml"


def resync(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"RESYNC_DATA_DIR": str(tmp_path / "var"), "RESYNC_LOG_LEVEL": "WARNING"}
    return run_resync(*args, env=env, cwd=tmp_path)


def test_ingest_search_stats_remove(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "manual.docx").write_bytes(docx_bytes(body="Quarterly ledger close runs at 02:00."))
    (docs / "bad.pdf").write_bytes(b"%PDF-1.4 broken")

    ingested = resync(tmp_path, "kb", "ingest", str(docs))
    assert ingested.returncode == 1  # one bad file
    assert "added" in ingested.stdout and "manual.docx" in ingested.stdout
    assert "bad.pdf" in ingested.stderr and "unreadable PDF" in ingested.stderr

    found = resync(tmp_path, "kb", "search", "ledger close", "--json")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)
    assert results[0]["source"] == "manual.docx"
    assert {"text", "title", "section", "source", "score"} <= set(results[0])

    traced = resync(tmp_path, "kb", "search", "S0C7", "--trace")
    assert traced.returncode == 0 and "selection" in traced.stdout and "S0C7" in traced.stdout

    stats = json.loads(resync(tmp_path, "kb", "stats").stdout)
    assert stats["documents"] == 17 and stats["incidents"] >= 6

    assert resync(tmp_path, "kb", "remove", "manual.docx").returncode == 0
    gone = resync(tmp_path, "kb", "remove", "manual.docx")
    assert gone.returncode == 1 and "no document" in gone.stderr


def test_eval_kb_reaches_the_target_on_the_starter_corpus(tmp_path: Path) -> None:
    result = resync(tmp_path, "eval", "kb", str(QUESTIONS), "--json", "--min-hit3", "0.9")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["questions"] >= 40 and report["hit_at_3"] >= 0.9
    assert 0 < report["hit_at_1"] <= report["hit_at_3"] and report["mrr"] > 0
