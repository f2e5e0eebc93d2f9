"""One ``resync serve`` process and one Chromium for every browser test in tests/web.

The server starts once (package scope) with the accounts of tests/web/accounts.py and the
settings the modules need together: the simulator's clock stands still, the poller reads
the plan every 2 s (the alerts view),
and Teams may post to a loopback receiver and has no default channel (the teams view). A
module that changes a setting at run time (the console's settings API) puts it back. Each
test still gets fresh browser contexts (``browser_session``); state one test leaves and
another would trip on is undone after each test through the public API: pending approvals
are rejected.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import chromium_browser, serve_resync
from tests.web.accounts import USERS, as_admin

SERVER_ENV = {
    "RESYNC_ENVIRONMENT": "development",
    # The plan stands still: every module sees it as it was written against, however long
    # the modules before it took, and no job abends or turns late on its own while the
    # teams module's channel is listening for its own cards.
    "RESYNC_HWA_SIM_CLOCK_SPEED": "0",
    "RESYNC_MONITORING_POLL_SECONDS": "2",
    "RESYNC_TEAMS_ALLOW_PRIVATE_URLS": "true",
    "RESYNC_TEAMS_WEBHOOK_URL": "",
    "RESYNC_TEAMS_POLL_SECONDS": "0.5",
    # every test signs in from 127.0.0.1; some fail logins on purpose
    "RESYNC_AUTH_MAX_FAILURES_PER_ADDRESS": "1000",
}


chromium = pytest.fixture(scope="package", name="chromium")(chromium_browser)


@pytest.fixture(scope="package")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp: Path = tmp_path_factory.mktemp("resync-web")
    with serve_resync(tmp, SERVER_ENV) as base:
        for username, (password, role) in USERS.items():
            made = as_admin(
                "POST",
                f"{base}/api/v1/users",
                json={"username": username, "password": password, "role": role},
            )
            assert made.status_code == 201, made.text
        yield base


@pytest.fixture(scope="package")
def resync_server(shared_server: str) -> str:
    return shared_server


@pytest.fixture(autouse=True)
def no_pending_approvals(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test on the shared server, reject the approvals it left pending: a pending
    request for a job refuses the next request for the same job."""
    uses_it = "shared_server" in request.fixturenames
    base = request.getfixturevalue("shared_server") if uses_it else None
    yield
    if base is None:
        return
    pending = as_admin("GET", f"{base}/api/v1/approvals", params={"status": "pending"})
    pending.raise_for_status()
    for approval in pending.json():
        url = f"{base}/api/v1/approvals/{approval['id']}/reject"
        as_admin("POST", url, json={"comment": "fim do teste"}).raise_for_status()


@pytest.fixture
def patient_expectations() -> Iterator[None]:
    """Uploads, searches and sends go through the real server on a busy machine: wait on
    their results for up to 20 s (Playwright's default is 5 s), then restore it."""
    expect.set_options(timeout=20_000)
    try:
        yield
    finally:
        expect.set_options(timeout=5_000)


@pytest.fixture(scope="package")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $RESYNC_TEST_ARTIFACTS, or the session's temporary directory."""
    chosen = os.environ.get("RESYNC_TEST_ARTIFACTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("console-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
