"""The console's #teams view in Chromium against a real ``resync serve`` posting to a real
local webhook receiver (tests/notifications/receiver.py): a channel added in the form,
test-send showing the receiver's answer, the delivery log of those attempts, a failed
approval card sent again with retry-now, the user mapping, edit and delete with their
confirmation, 390 px without sideways scrolling. Every test fails on a console error or a
CSP violation (tests/fixtures/browser.py); a 1280×800 screenshot goes to
$RESYNC_TEST_ARTIFACTS, or to the test session's temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import BrowserSession
from tests.notifications.receiver import Receiver, serve
from tests.web.accounts import ADMIN, HEADERS, as_admin, open_view


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    yield from serve()


@pytest.fixture(scope="module", autouse=True)
def channels_removed(resync_server: str) -> Iterator[None]:
    """The server is shared: the channels these tests add go when they are done, so no
    later test posts to a receiver that has stopped."""
    yield
    channels = f"{resync_server}/api/v1/teams/channels"
    for channel in as_admin("GET", channels).json():
        as_admin("DELETE", f"{channels}/{channel['name']}")


pytestmark = pytest.mark.usefixtures("patient_expectations")


def _open(session: BrowserSession, width: int = 1280, height: int = 800) -> Page:
    return open_view(session, "teams", width=width, height=height)


def _confirm(page: Page) -> None:
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("button[value=confirm]").click()
    expect(dialog).to_be_hidden()


def test_channel_test_send_delivery_log_and_retry(
    browser_session: BrowserSession, resync_server: str, receiver: Receiver, artefacts: Path
) -> None:
    page = _open(browser_session)
    view = page.locator("[data-view=teams]")
    expect(view.locator("[data-list=channels] [data-empty]")).to_contain_text(
        "RESYNC_TEAMS_WEBHOOK_URL"
    )
    expect(view.locator("[data-list=deliveries] [data-empty]")).to_be_visible()
    expect(view.locator("[data-incoming]")).to_contain_text("RESYNC_TEAMS_OUTGOING_SECRET")

    form = view.locator("[data-form=add-channel]")
    form.locator("input[name=name]").fill("ops")
    form.locator("input[name=url]").fill(receiver.url())
    form.locator("select[name=min_severity]").select_option("medium")
    form.locator("input[name=kinds]").fill("abend, late")  # approvals pass these rules
    form.get_by_role("button", name="Adicionar canal").click()
    row = view.locator("[data-list=channels] tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ops")
    expect(row).to_contain_text("severidade ≥ média · tipos: abend, late")
    assert "/workflows/hook" not in (row.text_content() or ""), "the URL is shown masked"

    # The receiver refuses the first card (400), then accepts (202) as Teams does.
    receiver.script.append((400, {}))
    answer = view.locator("[data-test-answer]")
    view.locator('[data-test-channel="ops"]').click()
    expect(answer).to_have_attribute("data-outcome", "failed")
    expect(answer).to_contain_text("400")
    expect(answer).to_contain_text("HTTP 400")
    view.locator('[data-test-channel="ops"]').click()
    expect(answer).to_have_attribute("data-outcome", "delivered")
    expect(answer).to_contain_text("202")
    assert [r.status for r in receiver.wait_for(2)][:2] == [400, 202]

    log = view.locator("[data-list=deliveries] tbody tr")
    expect(log).to_have_count(2)
    expect(log.nth(0)).to_contain_text("202")
    expect(log.nth(1)).to_contain_text("HTTP 400")
    # Sorting by status: 202 first, then (again) 400 first.
    sort = view.locator("[data-list=deliveries] [data-sort=status_code]")
    sort.click()
    expect(view.locator("[data-list=deliveries] th[aria-sort=ascending]")).to_have_count(1)
    expect(log.nth(0)).to_contain_text("202")
    sort.click()
    expect(view.locator("[data-list=deliveries] th[aria-sort=descending]")).to_have_count(1)
    expect(log.nth(0)).to_contain_text("HTTP 400")

    # An approval card the receiver refuses is failed; retry-now sends it again.
    receiver.script.append((400, {}))
    # MF_FEED_02: a job in ABEND that no other module of the shared server reruns.
    created = httpx.post(
        f"{resync_server}/api/v1/approvals",
        json={"action": "rerun", "target": "MF_FEED_02", "justification": "arquivo atrasado"},
        auth=ADMIN,
        headers=HEADERS,
        timeout=60,
    )
    assert created.status_code == 201, created.text
    receiver.wait_for(3)
    outbox = view.locator("[data-list=outbox] tbody tr")
    failed = outbox.filter(has=page.locator('[data-outcome="failed"]'))
    for _ in range(10):
        view.locator("[data-refresh]").click()
        if failed.count():
            break
        page.wait_for_timeout(1000)
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("approval_pending")
    expect(failed).to_contain_text("HTTP 400")
    expect(failed).to_contain_text("falhou")  # the state in the page's language
    failed.locator("[data-retry]").click()
    expect(view.locator("[data-status-line]")).to_contain_text("volta para a fila")
    assert receiver.wait_for(4)[3].status == 202
    delivered = outbox.filter(has=page.locator('[data-outcome="delivered"]'))
    for _ in range(10):
        view.locator("[data-refresh]").click()
        if delivered.count():
            break
        page.wait_for_timeout(1000)
    expect(delivered).to_have_count(1)
    expect(delivered).to_contain_text("entregue")
    expect(view.locator("[data-list=deliveries] tbody tr")).to_have_count(4)
    expect(view.locator("[data-list=deliveries]")).to_contain_text("approval_pending")

    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(artefacts / "console-teams.png"))
    assert (artefacts / "console-teams.png").stat().st_size > 0
    browser_session.console.assert_clean()


def test_user_mapping_edit_delete_and_narrow_screen(
    browser_session: BrowserSession, resync_server: str, receiver: Receiver
) -> None:
    made = httpx.post(
        f"{resync_server}/api/v1/teams/channels",
        json={"name": "night", "url": receiver.url("/night")},
        auth=ADMIN,
        headers=HEADERS,
        timeout=60,
    )
    assert made.status_code == 201, made.text
    # A message with a bad signature is refused and counted in the incoming status.
    refused = httpx.post(
        f"{resync_server}/api/v1/teams/messages",
        content=b'{"type": "message", "text": "oi"}',
        headers={"Authorization": "HMAC Zm9v", "Content-Type": "application/json"},
        timeout=30,
    )
    assert refused.status_code == 401, refused.text
    status = httpx.get(f"{resync_server}/api/v1/teams/incoming", auth=ADMIN, timeout=30).json()
    assert status["rejected_signatures"] >= 1 and status["last_outcome"] == "rejected_signature"
    page = _open(browser_session, 390, 800)
    view = page.locator("[data-view=teams]")
    incoming = view.locator("[data-incoming]")
    expect(incoming.locator("[data-field=rejected_signatures]")).to_have_text(
        str(status["rejected_signatures"])
    )
    expect(incoming).to_contain_text("assinatura recusada")  # the code in Portuguese
    expect(incoming).to_contain_text("não definido")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"#teams scrolls sideways by {overflow}px"

    links = view.locator("[data-list=teams-users]")
    expect(links.locator("[data-empty]")).to_contain_text("RESYNC_TEAMS_UNMAPPED_USERS")
    mapping = view.locator("[data-form=map-user]")
    mapping.locator("input[name=teams_key]").fill("aad-0001")
    mapping.locator("select[name=username]").select_option("admin")
    mapping.get_by_role("button", name="Mapear").click()
    expect(links.locator("tbody tr")).to_have_count(1)
    expect(links.locator("tbody tr")).to_contain_text("aad-0001")
    listed = httpx.get(f"{resync_server}/api/v1/teams/users", auth=ADMIN, timeout=30).json()
    assert [(x["teams_key"], x["username"]) for x in listed] == [("aad-0001", "admin")]
    links.locator('[data-unmap="aad-0001"]').click()
    _confirm(page)
    expect(links.locator("[data-empty]")).to_be_visible()

    # Edit: quiet hours with their breakthrough severity, approvals off.
    view.locator('[data-edit-channel="night"]').click()
    edit = view.locator("[data-form=edit-channel]")
    edit.locator("input[name=quiet_start]").fill("22:00")
    edit.locator("input[name=quiet_end]").fill("06:00")
    edit.locator("select[name=breakthrough]").select_option("high")
    edit.locator("input[name=approvals]").uncheck()
    edit.get_by_role("button", name="Salvar").click()
    expect(edit).to_have_count(0)
    row = view.locator("[data-list=channels] tbody tr").filter(has_text="night")
    expect(row).to_contain_text("silêncio 22:00–06:00 UTC, exceto ≥ alta")
    expect(row).to_contain_text("sem aprovações")
    rules = next(
        c["rules"]
        for c in httpx.get(f"{resync_server}/api/v1/teams/channels", auth=ADMIN).json()
        if c["name"] == "night"
    )
    assert rules["quiet_start"] == "22:00" and rules["breakthrough"] == "high"
    assert rules["approvals"] is False

    # A bad URL is refused with the server's reason, nothing is added.
    form = view.locator("[data-form=add-channel]")
    form.locator("input[name=name]").fill("bad")
    form.locator("input[name=url]").fill("ftp://example")
    browser_session.console.allow(r"status of 422")
    form.get_by_role("button", name="Adicionar canal").click()
    expect(form.locator(".form-error")).to_be_visible()
    expect(view.locator('[data-test-channel="bad"]')).to_have_count(0)

    view.locator('[data-delete-channel="night"]').click()
    _confirm(page)
    expect(view.locator('[data-test-channel="night"]')).to_have_count(0)
    browser_session.console.assert_clean()
