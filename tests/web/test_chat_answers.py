"""Issue 15, the chat page rendering real answers: ``resync serve`` as a process (router,
simulator, approvals) and the page in Chromium. Exports download, cards read as text,
log lines meet WCAG AA in both themes, tables keep state and rc on a phone, each answer
copies its trace id, and the approvals panel stays in view. Every test also fails on any
console error or CSP violation (tests/fixtures/browser.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import BrowserSession
from tests.web.accounts import ANSWER_OPERATORS, as_admin
from tests.web.chat_scenario import ANSWER_TIMEOUT_MS, ask, sign_in

PHONE = (390, 844)
DESKTOP = (1280, 800)

# WCAG relative luminance and contrast of the computed colours of every element matching
# the selector against the first opaque background behind it; returns the lowest ratio.
CONTRAST_JS = """
(selector) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  let lowest = Infinity;
  for (const el of document.querySelectorAll(selector)) {
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3));
    const b = lum(background(el));
    lowest = Math.min(lowest, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05));
  }
  return lowest;
}
"""


@pytest.fixture(scope="module", autouse=True)
def many_messages_a_minute(resync_server: str) -> Iterator[None]:
    """One test opens many conversations in a few seconds: while these tests run the shared
    server takes 1000 chat messages a minute (changed and put back through its settings API)."""
    url = f"{resync_server}/api/v1/admin/settings"
    changes = {"changes": {"chat_messages_per_minute": 1000}, "reason": "testes de respostas"}
    changed = as_admin("PUT", url, json=changes)
    assert changed.status_code == 200, changed.text
    yield
    reason = {"reason": "fim dos testes"}
    as_admin("DELETE", f"{url}/chat_messages_per_minute", params=reason).raise_for_status()


def _signed_in(session: BrowserSession, size: tuple[int, int] = DESKTOP, user: int = 0) -> Page:
    page = session.new_page(*size)
    sign_in(page, *list(ANSWER_OPERATORS.items())[user])
    return page


def test_an_export_part_downloads_the_csv_it_describes(browser_session: BrowserSession) -> None:
    page = _signed_in(browser_session)
    answer = ask(page, "o que o abend do PAYROLL_01 está travando?")
    export = answer.locator(".part-export")
    expect(export).to_contain_text("impact_payroll_01.csv")
    shown = answer.locator(".part-table tbody tr td:first-child").all_inner_texts()
    assert "PAYROLL_02" in shown
    with page.expect_download() as info:
        export.get_by_role("button", name="Baixar impact_payroll_01.csv").click()
    download = info.value
    assert download.suggested_filename == "impact_payroll_01.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8")), delimiter=";"))
    assert rows[0] == ["job", "job stream", "workstation", "estado", "espera direto"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(shown) <= set(by_name), "every job the table shows is in the file"
    assert by_name["PAYROLL_02"][4] == "sim" and by_name["PAYROLL_41"][4] == "sim"
    assert by_name["PAYROLL_03"][4] == "", "PAYROLL_03 waits only further down the chain"
    expect(export).to_contain_text(f"CSV · {len(rows) - 1} linhas")


def test_cards_show_lists_and_counts_as_text_not_json(browser_session: BrowserSession) -> None:
    page = _signed_in(browser_session)
    job = ask(page, "status do job PAYROLL_02").locator(".part-card")
    expect(job.locator("dd").first).to_be_visible()
    waits = job.locator("dt", has_text="aguarda").locator("xpath=following-sibling::dd[1]")
    expect(waits).to_have_text("predecessor JS_PAYROLL.PAYROLL_01 (ABEND)")
    plan = ask(page, "como está o plano?").locator(".part-card").first
    expect(plan.locator(".value-counts li").first).to_be_visible()
    expect(plan.locator(".value-counts")).to_contain_text(["HOLD"])
    for card in (job, plan):
        text = card.inner_text()
        assert not any(mark in text for mark in '[]{}"'), text


def _decide_dialog_title(page: Page, target: str) -> str:
    card = page.locator("#approval-list .approval-card", has_text=target).first
    if not card.is_visible():
        page.get_by_role("button", name="Atualizar").click()
    expect(card).to_be_visible()
    expect(card.locator(".part-title").first).to_have_text("Pedido pendente")
    card.get_by_role("button", name="Aprovar").click()
    dialog = page.locator("#comment-dialog")
    expect(dialog).to_be_visible()
    return dialog.locator("h2").inner_text()


def test_change_cards_are_titled_and_translated_and_the_dialog_names_the_action(
    browser_session: BrowserSession,
) -> None:
    page = _signed_in(browser_session)
    asked = ask(page, "reexecute o job PIX_RECON_04").locator(".approval-card").first
    pill = asked.locator(".status-pill")
    expect(pill).to_have_text("Falta a justificativa")
    expect(asked.locator(".part-title").first).to_have_text("Proposta — falta a justificativa")
    assert "_" not in pill.inner_text()

    card = ask(page, "pq o arquivo chegou atrasado").locator(".approval-card").first
    expect(card).to_have_attribute("data-status", "pending")
    expect(card.locator(".part-title").first).to_have_text("Pedido pendente")
    expect(card.locator(".status-pill")).to_have_text("Pendente")
    expect(card).to_contain_text("PIX_RECON_04")
    expect(card).to_contain_text("ABEND")  # the current state, from the request's snapshot

    approver = _signed_in(browser_session, user=1)
    title = _decide_dialog_title(approver, "PIX_RECON_04")
    assert title.startswith("Aprovar: Reexecutar — ") and "PIX_RECON_04" in title, title
    dialog = approver.locator("#comment-dialog")
    dialog.get_by_label("Comentário (obrigatório)").fill("Arquivo conferido.")
    dialog.get_by_role("button", name="Confirmar").click()
    expect(dialog).to_be_hidden()
    expect(card).to_have_attribute("data-status", "succeeded", timeout=ANSWER_TIMEOUT_MS)
    expect(card.locator(".part-title").first).to_have_text("Concluída")
    expect(card.locator(".status-pill")).to_have_text("Concluída")

    # The card links to the job's log: one click asks for it in the chat.
    answered = page.locator(".message-assistant:not(.pending)")
    before = answered.count()
    card.get_by_role("button", name="Ver o log do PIX_RECON_04").click()
    expect(page.locator(".message-user .message-body").last).to_have_text(
        "mostre o log do PIX_RECON_04"
    )
    expect(answered).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    expect(answered.last.locator(".part-log .log-line").first).to_be_visible()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_log_lines_meet_aa_contrast_in_both_themes(
    browser_session: BrowserSession, size: tuple[int, int]
) -> None:
    page = _signed_in(browser_session, size)
    answer = ask(page, "por que o PAYROLL_01 abendou?")
    expect(answer.locator(".part-log .log-line").first).to_be_visible()
    selectors = [".part-log .log-line", ".part-log .log-number", ".part-log figcaption", ".trace"]
    for theme in ("light", "dark"):
        if theme == "dark":
            page.locator("#theme-toggle").click()
            expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        for selector in selectors:
            ratio = page.evaluate(CONTRAST_JS, selector)
            assert ratio >= 4.5, f"{selector} in the {theme} theme: contrast {ratio:.2f}"
        browser_session.screenshot(page, f"log-{theme}")


def test_a_table_on_a_phone_keeps_state_and_rc_in_view(browser_session: BrowserSession) -> None:
    page = _signed_in(browser_session, PHONE)
    answer = ask(page, "quais jobs abendaram hoje?")
    row = answer.locator(".part-table tbody tr").first
    expect(row).to_be_visible()
    labels = row.locator("td").evaluate_all("cells => cells.map(c => c.dataset.label)")
    for wanted in ("estado", "rc"):
        name = next(label for label in labels if label.lower() == wanted)
        cell = row.locator(f'td[data-label="{name}"]')
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], wanted
        # the stacked row names its column (the header row is hidden on a phone)
        before = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert before == f'"{name}"', before
    expect(row.locator(".job-status")).to_have_text("ABEND")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    browser_session.screenshot(page, "phone-table")


def test_each_answer_copies_its_own_trace_id(browser_session: BrowserSession) -> None:
    page = _signed_in(browser_session)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ask(page, "oi")
    ask(page, "quais jobs abendaram hoje?")
    answers = page.locator(".message-assistant:not(.pending)")
    first, second = answers.nth(0), answers.nth(1)
    ids = [m.locator(".trace-id").inner_text() for m in (first, second)]
    assert ids[0] and ids[1] and ids[0] != ids[1]
    second.get_by_role("button", name=f"Copiar o id de rastreio {ids[1]}").click()
    expect(second.locator(".trace-copy")).to_have_text("Copiado")
    assert page.evaluate("() => navigator.clipboard.readText()") == ids[1]


def test_the_approvals_panel_stays_in_view_with_many_conversations(
    browser_session: BrowserSession,
) -> None:
    page = _signed_in(browser_session)
    page.evaluate(
        """async () => {
          const headers = { Authorization: `Basic ${sessionStorage.getItem('resync.basic')}`,
                            'Content-Type': 'application/json', 'X-Requested-With': 'resync' };
          for (let i = 0; i < 24; i += 1) {
            const r = await fetch('/api/v1/chat', { method: 'POST', headers,
                                                   body: JSON.stringify({ text: `oi ${i}` }) });
            if (!r.ok) throw new Error(`chat ${r.status}`);
          }
        }"""
    )
    page.reload()
    listed = page.locator("#conversation-list li[data-conversation-id]")
    expect(listed.nth(23)).to_be_attached(timeout=ANSWER_TIMEOUT_MS)
    panel = page.locator("#approvals-panel")
    expect(panel.get_by_role("heading", name="Aprovações pendentes")).to_be_in_viewport()
    expect(panel.get_by_role("button", name="Atualizar")).to_be_in_viewport()
    box = panel.bounding_box()
    assert box is not None and box["y"] + box["height"] <= DESKTOP[1]


def test_the_connection_indicator_shows_hwa_health_too(browser_session: BrowserSession) -> None:
    page = _signed_in(browser_session)
    status = page.locator("#connection-status")
    expect(status).to_have_attribute("data-hwa", "ok")
    expect(status).to_have_text("Conectado · HWA ok")
    # The same page when /health/core reports HWA down (the socket itself stays up).
    body = '{"status":"degraded","components":{"hwa":{"status":"down","required":false}}}'
    page.route(
        "**/health/core",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    page.reload()
    expect(status).to_have_attribute("data-state", "online")
    expect(status).to_have_attribute("data-hwa", "down")
    expect(status).to_have_text("Conectado · HWA indisponível")


def test_a_welcome_example_question_is_asked_with_one_click(
    browser_session: BrowserSession,
) -> None:
    page = _signed_in(browser_session, user=1)
    page.get_by_role("button", name="Nova conversa").click()
    welcome = page.locator('[data-view="welcome"][data-ready="true"]')
    expect(welcome).to_be_visible()
    glance = welcome.locator(".plan-glance")
    expect(glance.locator("h3")).to_contain_text("O plano agora:")
    expect(glance.locator("dd").first.locator(".value-counts")).to_contain_text("ABEND")
    failed = glance.locator(".glance-problems li", has_text="em falha")
    expect(failed).to_contain_text("PAYROLL_01")
    assert "{" not in glance.inner_text()
    welcome.get_by_role("button", name="quais jobs abendaram hoje?").click()
    expect(page.locator(".message-user .message-body").last).to_have_text(
        "quais jobs abendaram hoje?"
    )
    answer = page.locator(".message-assistant:not(.pending)").last
    expect(answer.locator("table")).to_contain_text("ABEND", timeout=ANSWER_TIMEOUT_MS)
    expect(welcome).to_have_count(0)
