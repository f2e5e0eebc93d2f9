"""Alerts raised by the monitor reach the Teams channel as cards, once each (the whole
app: the poller publishes on the bus, the notification service queues, the sender posts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from resync.services import Services
from resync.tws.models import JobState
from tests.notifications.cards_check import card_text, check_envelope
from tests.notifications.receiver import Receiver


def _cards_about(receiver: Receiver, job: str) -> list[str]:
    shown = [card_text(check_envelope(r.body)) for r in receiver.accepted()]
    return [text for text in shown if job in text]


def test_a_monitor_alert_arrives_once_after_a_retry_that_waited(
    make_client: Callable[..., TestClient], receiver: Receiver
) -> None:
    receiver.script = [(429, {"Retry-After": "1"})]  # Teams throttles the first post
    api = make_client(
        teams_webhook_url=receiver.url(),
        teams_allow_private_urls=True,
        teams_poll_seconds=0.2,
        teams_public_url="https://resync.example.com",
        monitoring_enabled=False,  # polled by hand below
    )
    services: Services = api.app.state.services  # type: ignore[attr-defined]
    assert api.portal is not None

    async def poll() -> dict[str, Any]:
        services.tws.cache.invalidate()
        return await services.poller.poll_once()

    first = api.portal.call(poll)
    failed = {a["job_name"] for a in first["raised"] if a["kind"] == "job_failed"}
    assert "PAYROLL_01" in failed
    receiver.wait_for(len(first["raised"]) + 1, timeout=120)  # each alert, plus the retry
    throttled = [r for r in receiver.received if r.status == 429]
    assert len(throttled) == 1
    (retried,) = [r for r in receiver.accepted() if r.body == throttled[0].body]
    assert retried.at - throttled[0].at >= 1.0  # the same card, after Retry-After
    (payroll,) = _cards_about(receiver, "PAYROLL_01")
    assert "ABEND" in payroll and "https://resync.example.com/admin#alerts" in str(
        receiver.accepted()[0].body
    )

    # A second poll raises nothing new: nothing is sent again. A new abend is sent, and
    # by the time it arrives anything sent twice would have arrived too.
    again = api.portal.call(poll)
    assert again["raised"] == []
    before = len(receiver.received)

    async def running_jobs() -> list[Any]:
        return await services.tws.list_jobs(states=[JobState.EXEC])

    running = api.portal.call(running_jobs)
    api.portal.call(services.tws.kill, running[0].id)
    later = api.portal.call(poll)
    assert running[0].name in [a["job_name"] for a in later["raised"]]
    receiver.wait_for(before + len(later["raised"]), timeout=120)
    assert _cards_about(receiver, running[0].name)
    assert len(_cards_about(receiver, "PAYROLL_01")) == 1
