"""Issue 8 end to end: the chat page in Chromium against the real ``resync serve`` (router,
simulator, auth, approvals, chat WebSocket), with two operators in two browser contexts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.browser import BrowserSession
from tests.fixtures.processes import free_port, python_process, wait_http
from tests.web.chat_scenario import run_issue_scenario

CLI = [sys.executable, "-m", "resync"]
OPERATORS = {"noite1": "turno-da-noite-1", "noite2": "turno-da-noite-2"}


def add_operator(env: dict[str, str], username: str, password: str) -> None:
    """Create a user with the CLI the auth domain provides (`resync users add`)."""
    subprocess.run(
        [*CLI, "users", "add", username, "--role", "operator", "--password", password],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def resync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server with embedded defaults and two operators."""
    tmp: Path = tmp_path_factory.mktemp("resync-e2e")
    port = free_port()
    env = {"RESYNC_DATA_DIR": str(tmp / "var"), "RESYNC_LOG_LEVEL": "WARNING"}
    for username, password in OPERATORS.items():
        add_operator(env, username, password)
    base = f"http://127.0.0.1:{port}"
    args = ["-m", "resync", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with python_process(args, env, tmp) as (proc, _out, _err):
        wait_http(f"{base}/health/live", timeout=60.0, proc=proc)
        yield base


def test_operator_asks_requests_a_rerun_and_sees_it_approved(
    browser_session: BrowserSession,
) -> None:
    first, second = list(OPERATORS.items())
    run_issue_scenario(browser_session, first, second)
