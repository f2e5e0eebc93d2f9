"""The API fuzz suite: Schemathesis, every check, over /openapi.json against the real
server as a viewer, an operator and an admin — no 5xx, no response that breaks the
description, no schema-valid request refused (but the documented exceptions in
schemathesis.toml). Bounded for ``make test``; ``make fuzz`` runs it longer."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixtures.auth_clients import ADMIN, ADMIN_PASSWORD
from tests.fixtures.processes import free_port, python_process, wait_http

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = os.environ.get("RESYNC_FUZZ_MAX_EXAMPLES", "5")
MAX_SECONDS = os.environ.get("RESYNC_FUZZ_MAX_SECONDS", "60")
ROLES = {"viewer": "viewer-Fuzz-pass-1", "operator": "operator-Fuzz-pass-1"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("fuzzed")
    port = free_port()
    env = {
        "RESYNC_DATA_DIR": str(tmp / "var"),
        "RESYNC_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RESYNC_LOG_LEVEL": "WARNING",
        # The fuzzer sends wrong credentials and many messages on purpose: lockouts and
        # rate limits (tested elsewhere) would otherwise leave most routes untested.
        "RESYNC_AUTH_MAX_FAILURES": "1000000",
        "RESYNC_AUTH_MAX_FAILURES_PER_ADDRESS": "1000000",
        "RESYNC_CHAT_MESSAGES_PER_MINUTE": "1000000",
    }
    url = f"http://127.0.0.1:{port}"
    with python_process(["-m", "resync", "serve", "--port", str(port)], env, tmp) as (p, _, _e):
        wait_http(f"{url}/health/live", timeout=90, proc=p)
        for role, password in ROLES.items():
            user = {"username": f"fuzz-{role}", "password": password, "role": role}
            assert httpx.post(f"{url}/api/v1/users", json=user, headers=ADMIN).status_code == 201
        yield url


def _authorization(role: str) -> str:
    username, password = (
        ("admin", ADMIN_PASSWORD) if role == "admin" else (f"fuzz-{role}", ROLES[role])
    )
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


# The admin goes last: it may change or disable the others.
@pytest.mark.parametrize("role", ["viewer", "operator", "admin"])
def test_schemathesis_finds_nothing(base: str, role: str, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{base}/openapi.json",
        # Every check runs (Schemathesis' default; the config file turns off the few
        # named there, for the operations named there).
        "--header",
        f"Authorization: {_authorization(role)}",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        MAX_EXAMPLES,
        "--max-time",
        MAX_SECONDS,
        "--workers",
        "1",
        "--no-color",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False)
    report = run.stdout + run.stderr
    (tmp_path / f"schemathesis-{role}.txt").write_text(report)
    assert run.returncode == 0, report[-6000:]
