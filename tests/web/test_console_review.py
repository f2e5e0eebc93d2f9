"""The #config, #payload and #review views in Chromium against a real ``resync serve``:
each reaches data-ready with a clean console; a settings change is refused field by field
or applied at once with its reason in the audit; the payload editor sends a frame over the
WebSocket; a thumbs-down in the chat page ends as a golden case ``resync eval`` reads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import BrowserSession
from tests.fixtures.processes import run_resync
from tests.web.accounts import ADMIN, HEADERS, READY_MS, as_admin, open_view, view_ready
from tests.web.chat_scenario import ask, sign_in

CHAT_RATE = "{}/api/v1/admin/settings/chat_messages_per_minute"


def _open(session: BrowserSession, view: str) -> Page:
    return open_view(session, view, height=900)


@pytest.fixture
def chat_rate_restored(resync_server: str) -> Iterator[None]:
    """The server is shared: its chat rate goes back to the startup value even when the
    test that changes it fails half way."""
    yield
    as_admin("DELETE", CHAT_RATE.format(resync_server), params={"reason": "fim do teste"})


def _setting(base: str, key: str) -> dict[str, object]:
    listing = httpx.get(f"{base}/api/v1/admin/settings", auth=ADMIN, timeout=30).json()
    return next(e for e in listing["settings"] if e["key"] == key)  # type: ignore[no-any-return]


def test_each_view_reaches_ready(browser_session: BrowserSession) -> None:
    page = _open(browser_session, "config")
    for name in ("payload", "review", "config"):
        page.evaluate(f"() => {{ location.hash = '{name}'; }}")
        view_ready(page, name)
        expect(page.locator(f'[data-nav="{name}"]')).to_have_attribute("aria-current", "page")
    browser_session.console.assert_clean()


@pytest.mark.usefixtures("chat_rate_restored")
def test_a_settings_change_is_refused_or_applied_with_its_reason(
    browser_session: BrowserSession, resync_server: str
) -> None:
    # The refused change is a 422 on purpose; Chromium logs every failed response.
    browser_session.console.allow(r"status of 422")
    before = _setting(resync_server, "chat_messages_per_minute")["value"]
    page = _open(browser_session, "config")
    view = page.locator("[data-view=config]")
    view.locator("[data-test=hwa]").click()
    expect(view.locator("[data-test-result=hwa]")).to_contain_text("ok", timeout=READY_MS)
    expect(view.locator("[data-test-result=llm]")).to_be_empty()

    view.locator("input[data-setting=hwa_cache_ttl]").fill("-1")
    view.locator("#config-reason").fill("teste de valor inválido")
    view.get_by_role("button", name="Salvar alterações").click()
    error = view.locator("#setting-hwa_cache_ttl-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("0")  # "greater than or equal to 0"
    assert _setting(resync_server, "hwa_cache_ttl")["value"] == 5.0

    view.locator("input[data-setting=hwa_cache_ttl]").fill("5")
    view.locator("input[data-setting=chat_messages_per_minute]").fill("2")
    view.locator("#config-reason").fill("conter rajada no turno da noite")
    view.get_by_role("button", name="Salvar alterações").click()
    expect(view.locator("[role=status]").last).to_contain_text("chat_messages_per_minute")
    expect(view.locator("tr[data-key=chat_messages_per_minute]")).to_have_attribute(
        "data-source", "console"
    )
    # The server is shared: earlier changes of the setting are listed too.
    audit = view.locator("[data-audit=chat_messages_per_minute]").filter(
        has_text="conter rajada no turno da noite"
    )
    expect(audit).to_contain_text(f"{before} → 2")

    # The next requests already meet the new limit: no restart.
    codes = [
        httpx.post(
            f"{resync_server}/api/v1/chat",
            json={"text": "bom dia"},
            auth=ADMIN,
            headers=HEADERS,
            timeout=120,
        ).status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429, codes
    reset = as_admin("DELETE", CHAT_RATE.format(resync_server), params={"reason": "fim do teste"})
    assert reset.status_code == 200, reset.text


def test_the_payload_editor_sends_a_frame_over_the_websocket(
    browser_session: BrowserSession,
) -> None:
    page = _open(browser_session, "payload")
    view = page.locator("[data-view=payload]")
    editor = view.locator("#payload-frame")
    editor.fill('{"type": "message", "text": ')
    expect(view.locator("#payload-problems")).to_contain_text("JSON")
    expect(view.get_by_role("button", name="Enviar")).to_be_disabled()
    editor.fill('{"type": "message", "text": "   "}')
    expect(view.locator("#payload-problems")).to_contain_text("text")
    editor.fill('{"type": "message", "text": "quais jobs falharam?"}')
    expect(view.locator("#payload-problems")).to_contain_text("Quadro válido")
    expect(view.locator("[data-curl]")).to_contain_text("/api/v1/chat")
    view.get_by_role("button", name="Enviar").click()
    result = view.locator("[data-result]")
    expect(result).to_contain_text('"type": "result"', timeout=READY_MS)
    expect(result).to_contain_text('"message_id"')
    expect(view.locator("[data-frames] li[data-direction=out]")).to_have_count(1)
    expect(view.locator("[data-frames] li[data-direction=in]").first).to_contain_text("+")
    expect(view.locator("[data-decision]")).to_have_attribute(
        "href", "#routing?trace_id=" + (json.loads(result.inner_text())["trace_id"])
    )
    # Saved in this browser, per user: still there after a reload.
    view.locator("#payload-name").fill("falhas")
    view.get_by_role("button", name="Salvar payload").click()
    page.reload()
    view_ready(page, "payload")
    expect(page.locator("[data-saved=falhas]")).to_be_visible()


def test_thumbs_down_in_chat_becomes_a_golden_case(
    browser_session: BrowserSession, resync_server: str, tmp_path: Path
) -> None:
    page = browser_session.new_page(1280, 900)
    sign_in(page, *ADMIN)
    answer = ask(page, "abacaxi azul")
    down = answer.get_by_role("button", name="Resposta com problema")
    down.click()
    dialog = page.locator("#feedback-dialog")
    dialog.get_by_label("Motivo").select_option("wrong_intent")
    dialog.get_by_role("button", name="Confirmar").click()
    expect(dialog).to_be_hidden()
    expect(down).to_have_attribute("aria-pressed", "true")  # saved

    page.goto("/admin#review")  # same tab: the session's credentials carry over
    view_ready(page, "review")
    view = page.locator("[data-view=review]")
    view.locator("#review-kind").select_option("feedback")
    row = view.locator("tr[data-item]", has_text="abacaxi azul")
    expect(row).to_contain_text("down")
    row.get_by_role("button", name="Abrir").click()
    detail = view.locator("[data-review-detail]")
    expect(detail).to_contain_text("abacaxi azul")
    detail.locator("#resolve-action").select_option("golden")
    detail.locator("#resolve-intent").select_option("general")
    detail.locator("#resolve-routing").select_option("rag_only")
    detail.get_by_role("button", name="Resolver").click()
    expect(detail).to_have_attribute("data-resolved", "golden")
    expect(view.locator("[data-accuracy]")).to_contain_text("1 casos")
    view.get_by_role("button", name="Ver golden.yaml").click()
    expect(view.locator("[data-golden]")).to_contain_text("abacaxi azul")

    golden = httpx.get(f"{resync_server}/api/v1/review/golden.yaml", auth=ADMIN, timeout=30)
    assert "abacaxi azul" in golden.text
    path = tmp_path / "golden.yaml"
    path.write_text(golden.text, encoding="utf-8")
    run = run_resync("eval", "intents", str(path), "--json", env={})
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["cases"] == 1
    assert report["failures"][0]["input"] == "abacaxi azul"
