"""/dashboard/realtime in headless Chromium against a real server: it signs in, shows the
board, updates live when the plan moves, and breaks no CSP rule (see tests/fixtures/browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.fixtures.browser import BrowserSession, serve_resync

PASSWORD = "dash-Admin-pass-1"


@pytest.fixture(scope="module")
def resync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server whose plan moves only when the test says, polled every second."""
    env = {
        "RESYNC_ADMIN_PASSWORD": PASSWORD,
        "RESYNC_HWA_SIM_CLOCK_SPEED": "0",
        "RESYNC_HWA_SIM_START": "2026-03-10T20:00:00Z",
        "RESYNC_HWA_CACHE_TTL": "0",
        "RESYNC_MONITORING_POLL_SECONDS": "1",
    }
    with serve_resync(tmp_path_factory.mktemp("resync-dashboard"), env) as base:
        yield base


@pytest.fixture(autouse=True)
def patient_expectations() -> Iterator[None]:
    """The live socket connects and the poller reads the plan on a busy machine too: wait
    on each state for up to 60 s (Playwright's default is 5 s), then restore it."""
    expect.set_options(timeout=60_000)
    try:
        yield
    finally:
        expect.set_options(timeout=5_000)


def test_the_dashboard_updates_live_when_the_plan_changes(
    browser_session: BrowserSession, chromium: Browser, resync_server: str
) -> None:
    page = browser_session.new_page(1600, 1000)
    response = page.goto("/dashboard/realtime")
    assert response is not None and response.status == 200
    page.get_by_label("Usuário").fill("admin")
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar", exact=True).click()
    board = page.locator('[data-view="dashboard"][data-ready="true"]')
    expect(board).to_be_visible(timeout=90_000)
    expect(page.locator("#dash-login")).to_be_hidden()
    expect(page.locator("#dash-status")).to_have_text("ao vivo")
    expect(page.locator("#dash-at")).to_have_text("20:00 UTC")
    expect(page.locator('#dash-counts [data-state="ABEND"] strong')).to_have_text(re.compile(r"\d"))
    expect(page.locator(".alert.severity-critical").first).to_be_visible()
    expect(page.locator(".ws.down", has_text="AGT_LNX02")).to_be_visible()
    browser_session.screenshot(page, "before")
    moved = httpx.post(
        f"{resync_server}/twsd/sim/clock/advance",
        json={"seconds": 2 * 3600},
        auth=("wauser", "wapassword"),
        timeout=60,
    )
    assert moved.status_code == 200
    expect(page.locator("#dash-at")).to_have_text("22:00 UTC", timeout=90_000)
    expect(page.locator("#dash-risks .risk", has_text="DW_LOAD_02")).to_be_visible()
    browser_session.screenshot(page, "after")
    page.get_by_role("button", name="English").click()
    expect(page.locator("#dash-status")).to_have_text("live")
    other = httpx.get(
        f"{resync_server}/admin/realtime-dashboard",
        auth=("admin", PASSWORD),
        follow_redirects=False,
    )
    assert other.status_code == 308 and other.headers["location"] == "/dashboard/realtime"
    assert httpx.get(f"{resync_server}/dashboard/tws").status_code == 200
    browser_session.console.assert_clean()
