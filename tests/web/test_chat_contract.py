"""The chat page against a stand-in speaking the chat/auth/approval contract (see
tests/fixtures/chat_contract_app.py): rendering, live updates and reconnection in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import BrowserSession
from tests.fixtures.processes import free_port, python_process, wait_http
from tests.web.chat_scenario import ask, run_issue_scenario, sign_in


@pytest.fixture(scope="module")
def resync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Overrides the real server: the page talks to the contract stand-in instead."""
    tmp = tmp_path_factory.mktemp("chat-contract")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"RESYNC_DATA_DIR": str(tmp / "var"), "RESYNC_LOG_LEVEL": "WARNING"}
    with python_process(["-m", "tests.fixtures.chat_contract_app", str(port)], env, tmp) as (
        proc,
        _out,
        _err,
    ):
        wait_http(f"{base}/", timeout=30.0, proc=proc)
        yield base


def test_issue_scenario_against_the_contract(browser_session: BrowserSession) -> None:
    run_issue_scenario(browser_session, ("ana", "ana-pass"), ("bruno", "bruno-pass"))


def test_wrong_password_is_refused(browser_session: BrowserSession) -> None:
    browser_session.console.allow(r"status of 401")  # Chromium logs the refused request
    page = browser_session.new_page()
    page.goto("/")
    page.get_by_label("Usuário").fill("ana")
    page.get_by_label("Senha").fill("wrong")
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Usuário ou senha inválidos.")
    expect(page.locator("#login-password")).to_be_focused()
    expect(page.locator("#chat-view")).to_be_hidden()
    assert page.evaluate("() => sessionStorage.getItem('resync.basic')") is None


def test_answers_render_markup_as_text_with_logs_citations_and_badges(
    browser_session: BrowserSession,
) -> None:
    page = browser_session.new_page()
    sign_in(page, "ana", "ana-pass")
    answer = ask(page, "mostre markup")
    body = answer.locator(".message-body")
    expect(body).to_contain_text("Veja <img src=x onerror=alert(1)> e <b>isto</b>:")
    assert body.locator("img, b, script").count() == 0
    expect(body.locator("ul li strong")).to_have_text("um")
    expect(body.locator("ul li code")).to_have_text("dois")
    log = body.locator("pre.log-block")
    expect(log).to_contain_text("AWSBHT001E <script>x</script>")
    expect(log.locator(".log-number").first).to_have_text("41")
    assert log.evaluate("el => getComputedStyle(el).fontFamily").lower().find("mono") >= 0
    with page.expect_download() as downloading:
        body.locator(".part-log .part-download").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".log")
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert "AWSBHT001E <script>x</script>" in saved  # the lines as written, not as HTML
    expect(body.locator(".part-citations a")).to_have_attribute("href", "https://example.org/rerun")
    expect(body.locator(".part-citations a")).to_have_count(1)  # javascript: never becomes a link
    expect(body.locator(".badge-intent")).to_have_text("Intenção: Diagnóstico de falha")
    expect(body.locator(".badge-confidence")).to_have_text("Confiança: 50%")
    expect(body.locator(".badge-degraded")).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text("Nova resposta")


def test_reconnects_with_a_new_ticket_and_keeps_the_conversation(
    browser_session: BrowserSession,
) -> None:
    browser_session.console.allow(r"WebSocket")
    page = browser_session.new_page()
    sign_in(page, "ana", "ana-pass")
    ask(page, "oi")
    current = page.locator("#conversation-list li:has([aria-current=true])")
    expect(current).to_have_count(1)
    conversation_id = current.get_attribute("data-conversation-id")
    conversations = page.locator("#conversation-list .conversation-open").count()
    tickets: list[str] = []
    page.on("websocket", lambda ws: tickets.append(ws.url))
    composer = page.locator("#composer-input")
    composer.fill("derrubar a conexão")
    composer.press("Enter")
    # The socket drops before the answer; after reconnecting the page reloads the history.
    expect(page.locator(".message-assistant:not(.pending)")).to_have_count(2, timeout=15_000)
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
    assert len(tickets) == 1 and "ticket=" in tickets[0]
    expect(page.locator(".message-user")).to_have_count(2)
    ask(page, "quais jobs abendaram hoje?")
    expect(page.locator(".message-user")).to_have_count(3)
    expect(page.locator("#conversation-list .conversation-open")).to_have_count(conversations)
    expect(current).to_have_attribute("data-conversation-id", conversation_id or "")
    page.reload()  # the conversation survives a reload too (kept in sessionStorage)
    expect(page.locator(".message-user")).to_have_count(3)


def test_narrow_chat_view_has_no_horizontal_scroll(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(width=375, height=740)
    sign_in(page, "ana", "ana-pass")
    ask(page, "quais jobs abendaram hoje?")
    ask(page, "reexecute o job PAYROLL_01")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect(page.locator("#sidebar")).to_be_hidden()
    toggle = page.get_by_role("button", name="Mostrar ou ocultar conversas")
    toggle.click()
    expect(page.locator("#sidebar")).to_be_visible()
    expect(page.locator("#new-conversation")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#sidebar")).to_be_hidden()
    expect(toggle).to_be_focused()
    browser_session.screenshot(page, "narrow-chat")


def test_viewer_sees_approval_cards_read_only(browser_session: BrowserSession) -> None:
    page = browser_session.new_page()
    sign_in(page, "vera", "vera-pass")
    expect(page.locator("#approvals-panel")).to_be_hidden()
    card = ask(page, "reexecute o job PAYROLL_01").locator(".approval-card")
    expect(card).to_contain_text("Somente operadores podem aprovar.")
    expect(card.get_by_role("button")).to_have_count(0)
