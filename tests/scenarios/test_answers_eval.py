"""The operator-scenario evaluation, run as `resync eval answers` runs it, on a fixed seed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from resync.scenarios.model import InvalidScenarios, load_scenarios

HERE = Path(__file__).parent
# Every scenario file here: the development set and the sets held back until they were
# measured once (65.7 % and 70.8 %, see the README); since then all are developed against.
SCENARIOS = HERE


@pytest.mark.timeout(1800)  # a few hundred scenarios, several turns each: minutes
def test_the_scenarios_score_90_percent_overall_and_80_in_every_category() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "resync",
            "eval",
            "answers",
            str(SCENARIOS),
            "--json",
            "--min-score",
            "0.9",
            "--min-category",
            "0.8",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    report = json.loads(done.stdout)
    assert done.returncode == 0, report["failed"]
    assert report["scenarios"] == len(load_scenarios(SCENARIOS)) >= 120
    assert report["score"] >= 0.9
    low = {name: c["score"] for name, c in report["categories"].items() if c["score"] < 0.8}
    assert not low, low


def test_a_scenario_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: x, category: c, turns: [{ask: oi, expect: {jobz: [failed]}}]}\n")
    with pytest.raises(InvalidScenarios, match="jobz"):
        load_scenarios(bad)
