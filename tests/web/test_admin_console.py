"""The admin console at /admin in headless Chromium against a real ``resync serve`` process
(embedded HWA simulator): login through the modal, every view by its hash, the explain
panel against /admin/routing/recent, a 401 reopening the modal, deep links, roles and the
legacy redirects. Every test fails on a console error or CSP violation (tests/fixtures/
browser.py). A screenshot per view at 1280×800 goes to $RESYNC_TEST_ARTIFACTS, or to the
test session's temporary directory."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import BrowserSession
from tests.web.accounts import (
    ADMIN,
    HEADERS,
    READY_MS,
    VIEWER,
    console_login,
    open_view,
    view_ready,
)

VIEWS = [
    "overview",
    "health",
    "alerts",
    "routing",
    "metrics",
    "knowledge",
    "approvals",
    "audit",
    "users",
    "teams",
]
LEGACY = {
    "/admin/health": "/admin#health",
    "/admin/metrics-dashboard": "/admin#metrics",
    "/admin/monitoring": "/admin#alerts",
    "/admin/settings-manager": "/admin#config",
    "/admin/teams-notifications": "/admin#teams",
    "/admin/teams-webhook": "/admin#teams",
    "/revisao": "/admin#review",
}
pytestmark = pytest.mark.usefixtures("patient_expectations")


def _chat(base: str, text: str) -> dict[str, object]:
    reply = httpx.post(
        f"{base}/api/v1/chat",
        json={"text": text},
        auth=ADMIN,
        headers=HEADERS,
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
    console_login(page, ADMIN)
    view_ready(page, "overview")
    for name in VIEWS:
        page.evaluate(f"() => {{ location.hash = '{name}'; }}")
        view_ready(page, name)
        expect(page.locator(f'[data-nav="{name}"]')).to_have_attribute("aria-current", "page")
        page.screenshot(path=str(artefacts / f"console-{name}.png"))
        assert (artefacts / f"console-{name}.png").stat().st_size > 0
    # The overview shows the simulator's plan: failed jobs are among its problems.
    page.goto("/admin#overview")
    view_ready(page, "overview")
    expect(page.locator("[data-view=overview]")).to_contain_text("LOAD_FILES")
    # Back goes to the previous view, reload keeps the current one.
    page.evaluate("() => { location.hash = 'health'; }")
    view_ready(page, "health")
    page.go_back()
    view_ready(page, "overview")
    page.evaluate("() => { location.hash = 'routing'; }")
    view_ready(page, "routing")
    page.reload()
    view_ready(page, "routing")
    # An unknown hash lands on the overview.
    page.evaluate("() => { location.hash = 'no-such-view'; }")
    view_ready(page, "overview")
    assert page.evaluate("() => location.hash") == "#overview"
    browser_session.console.assert_clean()


def test_explain_panel_matches_the_recorded_decision(
    browser_session: BrowserSession, resync_server: str
) -> None:
    _chat(resync_server, "quais jobs abendaram hoje?")
    _chat(resync_server, "qual o status do job LOAD_FILES?")
    recent = httpx.get(f"{resync_server}/admin/routing/recent?limit=1", auth=ADMIN, timeout=30)
    recent.raise_for_status()
    decision = recent.json()[0]
    page = open_view(browser_session, "routing")
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
    assert decision["reasons"], "the classifier's reasons are recorded with the decision"
    for reason in decision["reasons"]:
        expect(panel.locator('[data-field="reasons"]')).to_contain_text(reason)
    assert decision["entities"].get("job_name") == ["LOAD_FILES"], decision["entities"]
    expect(panel.locator('[data-field="entities"]')).to_contain_text("LOAD_FILES")
    stats = httpx.get(f"{resync_server}/admin/routing/stats", auth=ADMIN, timeout=30).json()
    assert stats["latency_by"]["by_mode"][decision["mode"]]["p95"] is not None
    # Paging through the stored decisions: the total counts every message sent so far.
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
    console_login(page, ADMIN)
    view_ready(page, "routing")
    assert page.evaluate("() => location.hash") == "#routing"


def test_a_401_reopens_the_modal_and_the_view_retries(
    browser_session: BrowserSession,
) -> None:
    # The browser logs each 401 answer as a failed resource load; that is the point here.
    browser_session.console.allow(r"status of 401")
    page = browser_session.new_page(1280, 800)
    page.goto("/admin")
    console_login(page, ADMIN)
    view_ready(page, "overview")
    # The stored credentials go stale (as after a password change): the next call is a 401.
    page.evaluate("() => sessionStorage.setItem('resync.basic', btoa('admin:wrong-password'))")
    page.evaluate("() => { location.hash = 'routing'; }")
    dialog = page.locator("#login-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("alert")).to_have_text("Sua sessão expirou. Entre novamente.")
    console_login(page, ADMIN)
    view_ready(page, "routing")


def test_logout_clears_the_credentials(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(1280, 800)
    page.goto("/admin")
    console_login(page, ADMIN)
    view_ready(page, "overview")
    page.locator("#logout").click()
    expect(page.locator("#login-dialog")).to_be_visible()
    assert page.evaluate("() => sessionStorage.getItem('resync.basic')") is None


def test_viewer_sees_only_read_views(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(1280, 800)
    page.goto("/admin#routing")
    console_login(page, VIEWER)
    # Routing is for admins: the viewer lands on the overview, with no admin entries.
    view_ready(page, "overview")
    assert page.evaluate("() => location.hash") == "#overview"
    nav = page.locator("#console-nav")
    expect(nav.locator("[data-nav=overview]")).to_be_visible()
    expect(nav.locator("[data-nav=routing]")).to_have_count(0)
    expect(page.locator("[data-view=overview]")).not_to_contain_text("Roteamento (24 h)")


def test_every_view_is_readable_at_390_px(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(390, 800)
    page.goto("/admin#overview")
    console_login(page, ADMIN)
    for name in VIEWS:
        page.evaluate(f"() => {{ location.hash = '{name}'; }}")
        view_ready(page, name)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.scrollWidth > "
            "document.documentElement.clientWidth + 1 || e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).slice(-5).map(e => e.tagName + '.' + "
            "e.className + ' ' + e.scrollWidth)"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px: {wide}"


def test_english_and_dark_theme_are_shared_with_the_chat(browser_session: BrowserSession) -> None:
    page = open_view(browser_session, "health")
    page.get_by_role("button", name="Switch to English").click()
    view_ready(page, "health")
    expect(page.locator("#view-heading")).to_have_text("Health")
    expect(page.locator("[data-nav=overview]")).to_have_text("Overview")
    page.locator("#theme-toggle").click()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    # The chat page reads the same choices (and, in this tab, the same sign-in).
    page.goto("/")
    expect(page.get_by_role("button", name="Mudar para português")).to_be_visible()
    assert page.evaluate("() => document.documentElement.lang").startswith("en")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"


def test_legacy_paths_redirect_into_the_console(resync_server: str) -> None:
    for old, new in LEGACY.items():
        response = httpx.get(f"{resync_server}{old}", follow_redirects=False, timeout=30)
        assert response.status_code == 302, old
        assert response.headers["location"] == new, old


def test_metrics_view_charts_the_collectors_and_pauses(
    browser_session: BrowserSession, resync_server: str
) -> None:
    snapshot = httpx.get(f"{resync_server}/api/v1/monitoring/metrics", auth=ADMIN, timeout=30)
    snapshot.raise_for_status()
    families = {family["name"]: family for family in snapshot.json()["families"]}
    assert {"http_requests", "routing_decisions", "hwa_client_calls", "llm_calls"} <= set(families)
    assert any(s["value"] >= 1 for s in families["http_requests"]["samples"])
    page = open_view(browser_session, "metrics")
    view = page.locator("[data-view=metrics]")
    expect(view.locator('[data-metric="http_requests"] canvas')).to_have_count(1)
    expect(view).to_contain_text("http_requests_total")
    pause = view.get_by_role("button", name="Pausar")
    pause.click()
    expect(view.get_by_role("button", name="Retomar")).to_have_attribute("aria-pressed", "true")


def _request_change(base: str, target: str) -> int:
    created = httpx.post(
        f"{base}/api/v1/approvals",
        json={"action": "rerun", "target": target, "justification": "teste do console"},
        auth=ADMIN,
        headers=HEADERS,
        timeout=60,
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_approvals_are_decided_with_a_comment_and_arrive_live(
    browser_session: BrowserSession, resync_server: str
) -> None:
    first = _request_change(resync_server, "LOAD_FILES")
    page = open_view(browser_session, "approvals")
    view = page.locator("[data-view=approvals]")
    card = view.locator(f'[data-list=pending] [data-approval="{first}"]')
    expect(card).to_be_visible()
    # A request made while the view is open shows up without reloading (the event bus).
    expect(view.locator("[data-live=online]")).to_be_visible(timeout=READY_MS)
    second = _request_change(resync_server, "PAYROLL_01")
    expect(view.locator(f'[data-list=pending] [data-approval="{second}"]')).to_be_visible(
        timeout=20_000
    )
    card.get_by_role("button", name="Rejeitar").click()
    dialog = page.locator("#comment-dialog")
    dialog.locator("textarea").fill("não agora")
    dialog.get_by_role("button", name="Confirmar").click()
    decided = view.locator("[data-list=decided]")
    mine = decided.locator("tbody tr", has_text="não agora")
    expect(mine.locator("[data-status=rejected]")).to_have_count(1, timeout=20_000)
    expect(decided).to_contain_text("não agora")
    stored = httpx.get(f"{resync_server}/api/v1/approvals/{first}", auth=ADMIN, timeout=30)
    assert stored.json()["status"] == "rejected"
    assert stored.json()["decision_comment"] == "não agora"


def test_viewer_is_offered_no_approval_actions(
    browser_session: BrowserSession, resync_server: str
) -> None:
    pending = _request_change(resync_server, "CRM_SYNC_05")
    page = open_view(browser_session, "approvals", VIEWER)
    card = page.locator(f'[data-list=pending] [data-approval="{pending}"]')
    expect(card).to_be_visible()
    expect(card.get_by_role("button")).to_have_count(0)
    expect(card).to_contain_text("Somente operadores podem aprovar.")
    page.evaluate("() => { location.hash = 'knowledge'; }")
    view_ready(page, "knowledge")
    expect(page.locator("[data-form=upload]")).to_have_count(0)
    expect(page.locator("[data-delete]")).to_have_count(0)


def test_audit_filters_pages_and_exports_csv(
    browser_session: BrowserSession, resync_server: str
) -> None:
    _request_change(resync_server, "AML_SCAN_37")
    latest = httpx.get(
        f"{resync_server}/api/v1/audit?action=approval.request&limit=1", auth=ADMIN, timeout=30
    ).json()[0]
    page = open_view(browser_session, "audit")
    view = page.locator("[data-view=audit]")
    view.locator("input[name=action]").fill("approval.request")
    view.locator("input[name=target]").fill(latest["target"])
    view.get_by_role("button", name="Filtrar").click()
    rows = view.locator("[data-list=audit] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("approval.request")
    with page.expect_download() as info:
        view.locator("[data-export=csv]").click()
    csv_text = Path(info.value.path()).read_text(encoding="utf-8")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("id,at,actor,action,target")
    assert len(lines) == 2 and "approval.request" in lines[1]
    view.locator("input[name=target]").fill("no-such-target")
    view.get_by_role("button", name="Filtrar").click()
    expect(view.locator("[data-empty]")).to_have_text(
        "Nenhum registro corresponde a esses filtros."
    )


def test_users_are_created_changed_and_tokens_shown_once(
    browser_session: BrowserSession, resync_server: str
) -> None:
    page = open_view(browser_session, "users")
    view = page.locator("[data-view=users]")
    create = view.locator("[data-form=create-user]")
    create.locator("input[name=username]").fill("turno3")
    create.locator("input[name=password]").fill("senha-forte-3")
    create.locator("select[name=role]").select_option("operator")
    create.get_by_role("button", name="Criar usuário").click()
    expect(view.locator("[data-status-line]")).to_have_text("Usuário turno3 criado.")
    expect(view.locator("#role-turno3")).to_have_value("operator")
    view.locator("#role-turno3").select_option("viewer")
    expect(view.locator("[data-status-line]")).to_have_text("Papel de turno3 alterado.")
    view.locator('[data-toggle="turno3"]').click()
    page.locator("#confirm-dialog").get_by_role("button", name="Confirmar").click()
    expect(view.locator('[data-toggle="turno3"]')).to_have_text("Ativar")
    view.locator('[data-toggle="turno3"]').click()
    expect(view.locator('[data-toggle="turno3"]')).to_have_text("Desativar")
    view.locator('[data-reset="turno3"]').click()
    view.locator("#reset-password").fill("outra-senha-9")
    view.get_by_role("button", name="Salvar").click()
    expect(view.locator("[data-status-line]")).to_have_text("Senha de turno3 redefinida.")
    me = httpx.get(f"{resync_server}/api/v1/auth/me", auth=("turno3", "outra-senha-9"))
    assert me.status_code == 200 and me.json()["role"] == "viewer"

    tokens = view.locator("[data-form=create-token]")
    tokens.locator("input[name=name]").fill("script-noturno")
    tokens.get_by_role("button", name="Criar token").click()
    token = view.locator("[data-token]").inner_text()
    assert (
        httpx.get(
            f"{resync_server}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    view.locator("[data-list=tokens] [data-revoke]").first.click()
    page.locator("#confirm-dialog").get_by_role("button", name="Confirmar").click()
    expect(view.locator("[data-list=tokens]")).to_contain_text("revogado")
    assert (
        httpx.get(
            f"{resync_server}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 401
    )


def test_a_lockout_is_listed_and_cleared(
    browser_session: BrowserSession, resync_server: str
) -> None:
    for _ in range(6):
        httpx.get(f"{resync_server}/api/v1/auth/me", auth=("ninguem", "errada-123"), timeout=30)
    page = open_view(browser_session, "users")
    lockouts = page.locator("[data-view=users] [data-list=lockouts]")
    button = lockouts.locator("[data-clear*=ninguem]")
    expect(button).to_have_count(1)
    button.click()
    expect(lockouts.locator("[data-clear*=ninguem]")).to_have_count(0)


def test_knowledge_search_shows_the_pipeline_trace_and_uploads(
    browser_session: BrowserSession, resync_server: str, tmp_path: Path
) -> None:
    page = open_view(browser_session, "knowledge")
    view = page.locator("[data-view=knowledge]")
    search = view.locator("[data-form=search]")
    search.locator("input[name=q]").fill("como reexecutar um job que abendou")
    search.get_by_role("button", name="Buscar").click()
    trace = view.locator("[data-trace]")
    for stage in ("analysis", "lexical", "fusion"):
        row = trace.locator(f'tr[data-stage="{stage}"]')
        expect(row).to_have_count(1)
        expect(row).to_contain_text("ms")
    expect(view.locator("[data-passage]").first).to_be_visible()
    api = httpx.get(
        f"{resync_server}/api/v1/knowledge/search",
        params={"q": "como reexecutar um job que abendou", "limit": 5},
        auth=ADMIN,
        timeout=60,
    ).json()
    first = api["results"][0]
    expect(view.locator("[data-passage]").first).to_have_attribute("data-passage", first["id"])

    document = tmp_path / "runbook-console.md"
    document.write_text("# Runbook do console\n\nReinicie o agente AGT99 com cuidado.\n")
    upload = view.locator("[data-form=upload]")
    upload.locator("input[name=file]").set_input_files(str(document))
    upload.get_by_role("button", name="Enviar").click()
    expect(view.locator("[data-status-line]")).to_contain_text("runbook-console.md: added")
    expect(upload.locator("progress")).to_have_attribute("value", "1")
    row = view.locator('[data-list=documents] [data-delete="runbook-console.md"]')
    expect(row).to_have_count(1)
    row.click()
    page.locator("#confirm-dialog").get_by_role("button", name="Confirmar").click()
    expect(view.locator("[data-status-line]")).to_have_text("runbook-console.md excluído.")
    expect(row).to_have_count(0)


def test_a_legacy_path_opens_its_view_after_login(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(1280, 800)
    page.goto("/admin/health")
    assert page.url.endswith("/admin#health")
    console_login(page, ADMIN)
    view_ready(page, "health")


def test_console_endpoints_are_in_openapi_and_guarded(resync_server: str) -> None:
    schema = httpx.get(f"{resync_server}/openapi.json", timeout=30).json()
    for path in (
        "/api/v1/plan/overview",
        "/admin/routing/decisions",
        "/admin/routing/decisions/{decision_id}",
        "/admin/routing/timeline",
        "/api/v1/monitoring/metrics",
        "/api/v1/audit/export",
    ):
        assert path in schema["paths"], path
    assert httpx.get(f"{resync_server}/admin/routing/decisions", timeout=30).status_code == 401
    forbidden = httpx.get(f"{resync_server}/admin/routing/decisions", auth=VIEWER, timeout=30)
    assert forbidden.status_code == 403
    assert httpx.get(f"{resync_server}/api/v1/plan/overview", auth=VIEWER).status_code == 200
    metrics = httpx.get(f"{resync_server}/api/v1/monitoring/metrics", auth=VIEWER, timeout=30)
    assert metrics.status_code == 403
