"""Steps an operator takes in the chat page, shared by the stand-in and end-to-end tests."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.fixtures.browser import BrowserSession

ANSWER_TIMEOUT_MS = 30_000


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/")
    page.get_by_label("Usuário").fill(username)
    page.get_by_label("Senha").fill(password)
    page.get_by_label("Senha").press("Enter")
    expect(page.locator("#composer-input")).to_be_visible()
    expect(page.locator("#composer-input")).to_be_focused()
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")


def ask(page: Page, text: str) -> Locator:
    """Type ``text``, press Enter, and return the finished assistant message."""
    answered = page.locator(".message-assistant:not(.pending)")
    before = answered.count()
    composer = page.locator("#composer-input")
    composer.fill(text)
    composer.press("Enter")
    expect(composer).to_have_value("")
    expect(answered).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    return answered.last


def approve_from_panel(page: Page, target: str, comment: str) -> None:
    card = page.locator("#approval-list .approval-card", has_text=target).first
    if not card.is_visible():
        page.get_by_role("button", name="Atualizar").click()
    expect(card).to_be_visible()
    card.get_by_role("button", name="Aprovar").click()
    dialog = page.locator("#comment-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Comentário (obrigatório)").fill(comment)
    dialog.get_by_role("button", name="Confirmar").click()
    expect(dialog).to_be_hidden()


def run_issue_scenario(
    session: BrowserSession, first: tuple[str, str], second: tuple[str, str]
) -> None:
    """Issue 8: ask for today's abends, request a rerun, approve it as another operator,
    and watch the requester's card turn to succeeded."""
    page = session.new_page()
    sign_in(page, *first)

    abends = ask(page, "quais jobs abendaram hoje?")
    table = abends.locator("table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(table).to_contain_text("ABEND")
    expect(abends.locator(".badge-intent")).to_be_visible()
    expect(abends.locator(".badge-confidence")).to_contain_text("%")
    expect(page.locator("#conversation-list [aria-current=true]")).to_have_count(1)

    rerun = ask(page, "reexecute o job PAYROLL_01 porque o arquivo chegou atrasado")
    card = rerun.locator(".approval-card").first
    expect(card).to_have_attribute("data-status", "pending")
    expect(card).to_contain_text("PAYROLL_01")
    session.screenshot(page, "pending-approval")

    approver = session.new_page()
    sign_in(approver, *second)
    approve_from_panel(approver, "PAYROLL_01", "Arquivo conferido; pode reexecutar.")

    expect(card).to_have_attribute("data-status", "succeeded", timeout=ANSWER_TIMEOUT_MS)
    expect(card.locator(".status-pill")).to_have_text("Concluída")
    session.screenshot(page, "approved")
    session.console.assert_clean()
