"""The admin console at /admin in headless Chromium against a real ``resync serve`` process
(embedded HWA simulator): login through the modal, every view by its hash, the explain
panel against /admin/routing/recent, a 401 reopening the modal, deep links, roles and the
legacy redirects. Every test fails on a console error or CSP violation (tests/fixtures/
browser.py). A screenshot per view at 1280×800 goes to $RESYNC_TEST_ARTIFACTS, or to the
test session's temporary directory."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import BrowserSession
from tests.fixtures.processes import free_port, python_process, wait_http

ADMIN = ("admin", "resync-admin")
VIEWER = ("leitor", "so-leitura-123")
VIEWS = ["overview", "health", "routing"]
READY_MS = 30_000
LEGACY = {
    "/admin/health": "/admin#health",
    "/admin/metrics-dashboard": "/admin#metrics",
    "/admin/monitoring": "/admin#overview",
    "/admin/settings-manager": "/admin#config",
    "/admin/teams-notifications": "/admin#teams",
    "/admin/teams-webhook": "/admin#teams",
    "/revisao": "/admin#review",
}


@pytest.fixture(scope="module")
def resync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server with embedded defaults, its first admin, and one viewer."""
    tmp: Path = tmp_path_factory.mktemp("resync-console")
    port = free_port()
    env = {
        "RESYNC_DATA_DIR": str(tmp / "var"),
        "RESYNC_LOG_LEVEL": "WARNING",
        "RESYNC_ENVIRONMENT": "development",
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "resync",
            "users",
            "add",
            VIEWER[0],
            "--role",
            "viewer",
            "--password",
            VIEWER[1],
        ],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        timeout=120,
    )
    base = f"http://127.0.0.1:{port}"
    args = ["-m", "resync", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with python_process(args, env, tmp) as (proc, _out, _err):
        wait_http(f"{base}/health/live", timeout=90.0, proc=proc)
        yield base


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("RESYNC_TEST_ARTIFACTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("console-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _login(page: Page, user: tuple[str, str]) -> None:
    dialog = page.locator("#login-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=username]").fill(user[0])
    dialog.locator("input[name=password]").fill(user[1])
    dialog.locator("#login-submit").click()
    expect(dialog).to_be_hidden()


def _ready(page: Page, name: str) -> None:
    expect(page.locator(f'[data-view="{name}"][data-ready="true"]')).to_be_visible(timeout=READY_MS)


def _chat(base: str, text: str) -> dict[str, object]:
    reply = httpx.post(
        f"{base}/api/v1/chat",
        json={"text": text},
        auth=ADMIN,
        headers={"X-Requested-With": "resync"},
        timeout=120,
    )
    reply.raise_for_status()
    body: dict[str, object] = reply.json()
    return body


def test_admin_opens_every_view_by_its_hash(
    browser_session: BrowserSession, resync_server: str, artefacts: Path
) -> None:
    _chat(resync_server, "quais jobs abendaram hoje?")
    page = browser_session.new_page(1280, 800)
    response = page.goto("/admin")
    assert response is not None and response.status == 200
    nonce = page.evaluate("() => document.querySelector('script[type=module]').nonce")
    assert nonce, "the single module script carries the CSP nonce"
    assert page.locator("script").count() == 1
    _login(page, ADMIN)
    _ready(page, "overview")
    for name in VIEWS:
        page.evaluate(f"() => {{ location.hash = '{name}'; }}")
        _ready(page, name)
        expect(page.locator(f'[data-nav="{name}"]')).to_have_attribute("aria-current", "page")
        page.screenshot(path=str(artefacts / f"console-{name}.png"))
        assert (artefacts / f"console-{name}.png").stat().st_size > 0
    # The overview shows the simulator's plan: failed jobs are among its problems.
    page.goto("/admin#overview")
    _ready(page, "overview")
    expect(page.locator("[data-view=overview]")).to_contain_text("LOAD_FILES")
    # Back goes to the previous view, reload keeps the current one.
    page.evaluate("() => { location.hash = 'health'; }")
    _ready(page, "health")
    page.go_back()
    _ready(page, "overview")
    page.evaluate("() => { location.hash = 'routing'; }")
    _ready(page, "routing")
    page.reload()
    _ready(page, "routing")
    # An unknown hash lands on the overview.
    page.evaluate("() => { location.hash = 'no-such-view'; }")
    _ready(page, "overview")
    assert page.evaluate("() => location.hash") == "#overview"
    browser_session.console.assert_clean()


def test_explain_panel_matches_the_recorded_decision(
    browser_session: BrowserSession, resync_server: str
) -> None:
    _chat(resync_server, "qual o status do job LOAD_FILES?")
    recent = httpx.get(f"{resync_server}/admin/routing/recent?limit=1", auth=ADMIN, timeout=30)
    recent.raise_for_status()
    decision = recent.json()[0]
    page = browser_session.new_page(1280, 800)
    page.goto("/admin#routing")
    _login(page, ADMIN)
    _ready(page, "routing")
    view = page.locator("[data-view=routing]")
    view.locator("input[name=text]").fill(decision["trace_id"])
    view.get_by_role("button", name="Filtrar").click()
    row_button = view.locator(f'[data-open="{decision["id"]}"]')
    expect(view.locator(".decision-list tbody tr")).to_have_count(1)
    row_button.click()
    panel = view.locator(f'[data-explain="{decision["id"]}"]')
    expect(panel).to_be_visible()
    expect(panel.locator('[data-field="trace_id"]')).to_have_text(decision["trace_id"])
    expect(panel).to_contain_text(decision["intent"])
    expect(panel).to_contain_text(decision["handler"])
    for tool in decision["tools"]:
        expect(panel).to_contain_text(tool)
    # Paging through the stored decisions: the total counts both messages sent so far.
    view.get_by_role("button", name="Limpar").click()
    expect(view.locator("[data-range]")).to_contain_text("de ")
    total = httpx.get(
        f"{resync_server}/admin/routing/decisions?limit=1", auth=ADMIN, timeout=30
    ).json()["total"]
    assert total >= 2
    expect(view.locator("[data-range]")).to_contain_text(f"de {total}")


def test_deep_link_signed_out_lands_on_the_view_after_login(
    browser_session: BrowserSession,
) -> None:
    page = browser_session.new_page(1280, 800)
    page.goto("/admin#routing")
    expect(page.locator("[data-view]")).to_have_count(0)
    _login(page, ADMIN)
    _ready(page, "routing")
    assert page.evaluate("() => location.hash") == "#routing"


def test_a_401_reopens_the_modal_and_the_view_retries(
    browser_session: BrowserSession,
) -> None:
    # The browser logs each 401 answer as a failed resource load; that is the point here.
    browser_session.console.allow(r"status of 401")
    page = browser_session.new_page(1280, 800)
    page.goto("/admin")
    _login(page, ADMIN)
    _ready(page, "overview")
    # The stored credentials go stale (as after a password change): the next call is a 401.
    page.evaluate("() => sessionStorage.setItem('resync.basic', btoa('admin:wrong-password'))")
    page.evaluate("() => { location.hash = 'routing'; }")
    dialog = page.locator("#login-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("alert")).to_have_text("Sua sessão expirou. Entre novamente.")
    _login(page, ADMIN)
    _ready(page, "routing")


def test_logout_clears_the_credentials(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(1280, 800)
    page.goto("/admin")
    _login(page, ADMIN)
    _ready(page, "overview")
    page.locator("#logout").click()
    expect(page.locator("#login-dialog")).to_be_visible()
    assert page.evaluate("() => sessionStorage.getItem('resync.basic')") is None


def test_viewer_sees_only_read_views(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(1280, 800)
    page.goto("/admin#routing")
    _login(page, VIEWER)
    # Routing is for admins: the viewer lands on the overview, with no admin entries.
    _ready(page, "overview")
    assert page.evaluate("() => location.hash") == "#overview"
    nav = page.locator("#console-nav")
    expect(nav.locator("[data-nav=overview]")).to_be_visible()
    expect(nav.locator("[data-nav=routing]")).to_have_count(0)
    expect(page.locator("[data-view=overview]")).not_to_contain_text("Roteamento (24 h)")


def test_console_is_readable_at_390_px(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(390, 800)
    page.goto("/admin#overview")
    _login(page, ADMIN)
    _ready(page, "overview")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_legacy_paths_redirect_into_the_console(resync_server: str) -> None:
    for old, new in LEGACY.items():
        response = httpx.get(f"{resync_server}{old}", follow_redirects=False, timeout=30)
        assert response.status_code == 302, old
        assert response.headers["location"] == new, old


def test_console_endpoints_are_in_openapi_and_guarded(resync_server: str) -> None:
    schema = httpx.get(f"{resync_server}/openapi.json", timeout=30).json()
    for path in (
        "/api/v1/plan/overview",
        "/admin/routing/decisions",
        "/admin/routing/decisions/{decision_id}",
        "/admin/routing/timeline",
    ):
        assert path in schema["paths"], path
    assert httpx.get(f"{resync_server}/admin/routing/decisions", timeout=30).status_code == 401
    forbidden = httpx.get(f"{resync_server}/admin/routing/decisions", auth=VIEWER, timeout=30)
    assert forbidden.status_code == 403
    assert httpx.get(f"{resync_server}/api/v1/plan/overview", auth=VIEWER).status_code == 200
