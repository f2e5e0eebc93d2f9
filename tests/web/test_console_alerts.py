"""The console's #alerts view in headless Chromium against a real ``resync serve`` whose
poller reads the embedded simulator's plan every 2 s: the simulator's ABEND alerts listed,
filtered and opened in pt and en, acknowledged with a comment (audited), a silence created
and ended, a viewer offered no actions, readable at 390 px. Every test fails on a console
error or CSP violation (tests/fixtures/browser.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import BrowserSession
from tests.web.accounts import ADMIN, HEADERS, OPERATOR, VIEWER, open_view


def _failed_alerts(base: str) -> list[dict[str, Any]]:
    reply = httpx.get(
        f"{base}/api/v1/monitoring/alerts",
        params={"kind": "job_failed", "limit": 500},
        auth=ADMIN,
        timeout=30,
    )
    reply.raise_for_status()
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


@pytest.fixture(scope="module", autouse=True)
def abend_alerts(resync_server: str) -> None:
    """Waits until the poller (every 2 s) has raised the simulator's ABEND alerts."""
    deadline = time.monotonic() + 120
    while not _failed_alerts(resync_server):
        assert time.monotonic() < deadline, "the poller raised no job_failed alert"
        time.sleep(1)


pytestmark = pytest.mark.usefixtures("patient_expectations")


def _open(session: BrowserSession, user: tuple[str, str], width: int = 1280) -> Page:
    return open_view(session, "alerts", user, width)


def test_the_abend_alerts_are_listed_filtered_and_opened(
    browser_session: BrowserSession, resync_server: str, artefacts: Path
) -> None:
    failed = _failed_alerts(resync_server)
    page = _open(browser_session, ADMIN)
    view = page.locator("[data-view=alerts]")
    rows = view.locator("[data-list=alerts] tbody tr")
    expect(rows.first).to_be_visible()
    # The /ws/monitoring feed is connected: each poll of the plan refreshes the list.
    expect(view.locator("[data-live]")).to_have_attribute("data-live", "online")
    # Newest first: the first row is the alert with the highest id of the unfiltered list.
    newest = httpx.get(
        f"{resync_server}/api/v1/monitoring/alerts", params={"limit": 1}, auth=ADMIN, timeout=30
    ).json()["items"][0]
    expect(rows.first).to_have_attribute("data-alert-row", str(newest["id"]))
    # Filter on the kind: only job_failed rows, each naming its job.
    view.locator("#alert-filter-kind").select_option("job_failed")
    view.locator("form.filters button[type=submit]").first.click()
    expect(rows).to_have_count(min(len(_failed_alerts(resync_server)), 25))
    for job in {alert["job_name"] for alert in failed[:5]}:
        expect(view.locator("[data-list=alerts]")).to_contain_text(job)
    expect(rows.first).to_have_attribute("data-severity", failed[0]["severity"])
    # A filter nothing matches says why the list is empty.
    view.locator("#alert-filter-kind").select_option("hwa_unreachable")
    view.locator("form.filters button[type=submit]").first.click()
    empty = view.locator("[data-list=alerts] [data-empty]")
    expect(empty).to_contain_text("Nenhum alerta com estes filtros")
    view.locator("form.filters button[type=reset]").first.click()
    expect(rows.first).to_be_visible()
    # The detail shows the alert's text in both languages.
    first = failed[0]
    view.locator("#alert-filter-kind").select_option("job_failed")
    view.locator("form.filters button[type=submit]").first.click()
    view.locator(f'[data-open="{first["id"]}"]').click()
    detail = view.locator(f'[data-detail=alert] [data-alert="{first["id"]}"]')
    expect(detail.locator("[data-lang=pt]")).to_contain_text(first["texts"]["pt"]["title"])
    expect(detail.locator("[data-lang=en]")).to_contain_text(first["texts"]["en"]["title"])
    # The history draws both charts once the poller has sampled the plan.
    expect(view.locator("[data-history=raised] canvas")).to_have_count(1)
    expect(view.locator("[data-history=jobs] canvas")).to_have_count(1)
    page.screenshot(path=str(artefacts / "console-alerts.png"))
    assert (artefacts / "console-alerts.png").stat().st_size > 0


def test_acknowledging_with_a_comment_changes_the_status_and_is_audited(
    browser_session: BrowserSession, resync_server: str
) -> None:
    alert = next(a for a in _failed_alerts(resync_server) if a["status"] == "active")
    page = _open(browser_session, OPERATOR)
    view = page.locator("[data-view=alerts]")
    view.locator(f'[data-action=ack][data-alert="{alert["id"]}"]').click()
    dialog = page.locator("#comment-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("#comment-input").fill("olhando o LOAD agora")
    dialog.locator("button[value=confirm]").click()
    row = view.locator(f'[data-alert-row="{alert["id"]}"]')
    expect(row).to_have_attribute("data-status", "acknowledged")
    expect(row.locator(f'[data-action=ack][data-alert="{alert["id"]}"]')).to_have_count(0)
    after = httpx.get(
        f"{resync_server}/api/v1/monitoring/alerts/{alert['id']}", auth=ADMIN, timeout=30
    ).json()
    assert after["status"] == "acknowledged"
    assert after["acknowledged_by"] == OPERATOR[0]
    assert after["comment"] == "olhando o LOAD agora"
    audit = httpx.get(
        f"{resync_server}/api/v1/audit",
        params={"action": "monitoring.alert.ack", "target": f"alert:{alert['id']}"},
        auth=ADMIN,
        timeout=30,
    ).json()
    assert [(e["actor"], e["detail"]["comment"]) for e in audit] == [
        (OPERATOR[0], "olhando o LOAD agora")
    ]


def test_a_silence_is_created_and_ended(browser_session: BrowserSession) -> None:
    page = _open(browser_session, OPERATOR)
    view = page.locator("[data-view=alerts]")
    form = view.locator("[data-form=silence]")
    form.locator("[name=job_stream]").fill("JS_NIGHTLY_ETL")
    form.locator("[name=minutes]").fill("45")
    form.locator("[name=reason]").fill("janela de manutenção")
    form.locator("button[type=submit]").click()
    listing = view.locator("[data-list=silences]")
    expect(listing).to_contain_text("JS_NIGHTLY_ETL")
    expect(listing).to_contain_text("janela de manutenção")
    end = listing.locator("[data-end-silence]")
    expect(end).to_have_count(1)
    end.click()
    page.locator("#confirm-dialog button[value=confirm]").click()
    expect(listing.locator("[data-empty]")).to_be_visible()
    expect(listing).not_to_contain_text("JS_NIGHTLY_ETL")


def test_a_silence_needs_a_match_and_a_reason(browser_session: BrowserSession) -> None:
    page = _open(browser_session, OPERATOR)
    form = page.locator("[data-view=alerts] [data-form=silence]")
    form.locator("[name=reason]").fill("sem alvo")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-view=alerts] .form-error")).to_contain_text("ao menos um tipo")


def test_a_viewer_sees_no_action_buttons(
    browser_session: BrowserSession, resync_server: str
) -> None:
    made = httpx.post(
        f"{resync_server}/api/v1/monitoring/silences",
        json={"workstation": "CPU_WIN01", "minutes": 30, "reason": "troca de disco"},
        auth=ADMIN,
        headers=HEADERS,
        timeout=30,
    )
    assert made.status_code == 201, made.text
    try:
        page = _open(browser_session, VIEWER)
        view = page.locator("[data-view=alerts]")
        expect(view.locator("[data-list=alerts] tbody tr").first).to_be_visible()
        expect(view.locator("[data-list=silences]")).to_contain_text("CPU_WIN01")
        expect(view.locator("[data-action]")).to_have_count(0)
        expect(view.locator("[data-end-silence]")).to_have_count(0)
        expect(view.locator("[data-form=silence]")).to_have_count(0)
        view.locator("[data-open]").first.click()
        expect(view.locator("[data-detail=alert] [data-lang=en]")).to_be_visible()
        expect(view.locator("[data-action]")).to_have_count(0)
    finally:
        httpx.delete(
            f"{resync_server}/api/v1/monitoring/silences/{made.json()['id']}",
            auth=ADMIN,
            headers=HEADERS,
            timeout=30,
        )


def test_the_alerts_view_is_readable_at_390_px(browser_session: BrowserSession) -> None:
    page = _open(browser_session, ADMIN, width=390)
    expect(page.locator("[data-view=alerts] [data-list=alerts] tbody tr").first).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"#alerts scrolls sideways by {overflow}px"


def test_resolving_with_a_comment_and_sorting_by_severity(
    browser_session: BrowserSession, resync_server: str
) -> None:
    alert = next(a for a in reversed(_failed_alerts(resync_server)) if a["status"] == "active")
    page = _open(browser_session, OPERATOR)
    view = page.locator("[data-view=alerts]")
    # Sorting by severity puts the critical alerts first.
    view.locator("[data-list=alerts] [data-sort=severity]").click()
    expect(view.locator("[data-list=alerts] tbody tr").first).to_have_attribute(
        "data-severity", "critical"
    )
    view.locator(f'[data-action=resolve][data-alert="{alert["id"]}"]').click()
    page.locator("#comment-input").fill("rerun feito, voltou ao normal")
    page.locator("#comment-dialog button[value=confirm]").click()
    row = view.locator(f'[data-alert-row="{alert["id"]}"]')
    expect(row).to_have_attribute("data-status", "resolved")
    expect(row.locator("[data-action]")).to_have_count(0)
    after = httpx.get(
        f"{resync_server}/api/v1/monitoring/alerts/{alert['id']}", auth=ADMIN, timeout=30
    ).json()
    assert (after["status"], after["resolved_by"], after["comment"]) == (
        "resolved",
        OPERATOR[0],
        "rerun feito, voltou ao normal",
    )
