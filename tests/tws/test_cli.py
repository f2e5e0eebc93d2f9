"""``resync tws-sim`` serves a real engine stand-in; ``resync tws`` reads whatever is configured."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixtures.processes import free_port, python_process, run_resync, wait_http


@pytest.fixture(scope="module")
def standalone_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    logs = tmp_path_factory.mktemp("tws-sim")
    env = {"RESYNC_HWA_SIM_CLOCK_SPEED": "0", "RESYNC_HWA_SIM_PASSWORD": "s3cret"}
    args = ["-m", "resync", "tws-sim", "--port", str(port), "--seed", "42"]
    with python_process(args, env, logs) as (proc, _, _):
        url = f"http://127.0.0.1:{port}/twsd"
        wait_http(url + "/api/v2/engine/info", proc=proc)
        yield url


def resync(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_resync(*args, env={"RESYNC_LOG_LEVEL": "WARNING", **env}, cwd=cwd, timeout=60)


def test_tws_sim_serves_hwa_with_its_own_password(standalone_sim: str) -> None:
    assert (
        httpx.get(standalone_sim + "/api/v2/engine/info", auth=("wauser", "wapassword")).status_code
        == 401
    )
    info = httpx.get(standalone_sim + "/api/v2/engine/info", auth=("wauser", "s3cret")).json()
    assert info["simulated"] is True and info["seed"] == 42


def test_tws_jobs_json_against_a_real_http_engine(standalone_sim: str, tmp_path: Path) -> None:
    env = {
        "RESYNC_HWA_URL": standalone_sim,
        "RESYNC_HWA_PASSWORD": "s3cret",
        "RESYNC_DATA_DIR": str(tmp_path),
    }
    done = resync("tws", "jobs", "--state", "ABEND", "--json", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    jobs = json.loads(done.stdout)
    assert "PAYROLL_01" in {job["name"] for job in jobs}
    payroll = next(job for job in jobs if job["name"] == "PAYROLL_01")
    log = resync("tws", "joblog", payroll["id"], "--to-line", "3", env=env, cwd=tmp_path)
    assert log.returncode == 0 and log.stdout.count("\n") == 3 and "PAYROLL_01" in log.stdout


def test_tws_jobs_table_from_the_embedded_simulator(tmp_path: Path) -> None:
    done = resync(
        "tws", "jobs", "--state", "abend", env={"RESYNC_DATA_DIR": str(tmp_path)}, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "PAYROLL_01" in done.stdout and "ABEND" in done.stdout


def test_tws_errors_exit_non_zero(tmp_path: Path) -> None:
    env = {
        "RESYNC_HWA_URL": f"http://127.0.0.1:{free_port()}/twsd",
        "RESYNC_HWA_READ_RETRIES": "0",
        "RESYNC_DATA_DIR": str(tmp_path),
    }
    done = resync("tws", "jobs", env=env, cwd=tmp_path)
    assert done.returncode == 1 and "no HWA host answered" in done.stderr
    bad = resync(
        "tws", "jobs", "--state", "NOPE", env={"RESYNC_DATA_DIR": str(tmp_path)}, cwd=tmp_path
    )
    assert bad.returncode == 2
