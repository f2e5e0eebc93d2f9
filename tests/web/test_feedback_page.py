"""Thumbs up/down in the chat page (Chromium against the real ``resync serve``): a
thumbs-down with its reason lands in the review queue, and the page remembers it."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from resync.settings import DEFAULT_ADMIN_PASSWORD
from tests.fixtures.auth_clients import basic
from tests.fixtures.browser import BrowserSession
from tests.web.chat_scenario import ask, sign_in

ADMIN = basic("admin", DEFAULT_ADMIN_PASSWORD)


def test_thumbs_down_with_a_reason_reaches_the_review_queue(
    browser_session: BrowserSession,
) -> None:
    page = browser_session.new_page()
    sign_in(page, "admin", DEFAULT_ADMIN_PASSWORD)
    answer = ask(page, "abacaxi com pimenta")
    up = answer.get_by_role("button", name="Resposta útil")
    down = answer.get_by_role("button", name="Resposta com problema")
    expect(up).to_have_attribute("aria-pressed", "false")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")

    down.click()
    dialog = page.locator("#feedback-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Motivo").select_option("wrong_intent")
    dialog.get_by_label("Comentário (opcional)").fill("perguntei de outra coisa")
    dialog.get_by_role("button", name="Confirmar").click()
    expect(dialog).to_be_hidden()
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")

    queue = httpx.get(
        f"{browser_session.base_url}/api/v1/review?kind=feedback", headers=ADMIN, timeout=30
    ).json()["items"]
    item = next(i for i in queue if i["text"] == "abacaxi com pimenta")
    assert item["feedback"]["reason"] == "wrong_intent"
    assert item["feedback"]["comment"] == "perguntei de outra coisa"

    page.reload()  # the stored conversation shows the rating given
    stored = page.locator(".message-assistant").last
    expect(stored.get_by_role("button", name="Resposta com problema")).to_have_attribute(
        "aria-pressed", "true"
    )
