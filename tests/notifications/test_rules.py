"""Channel rules: which channel a notice goes to, and quiet hours."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry
from pydantic import ValidationError

from resync.db.engine import Database
from resync.events import InProcessBus
from resync.notifications.channels import ChannelIn, Rules
from resync.notifications.notices import NoticeKind, Severity
from resync.notifications.service import NotificationService
from tests.notifications.cards_check import card_text, check_envelope
from tests.notifications.helpers import ALERT, running, settings_for, until
from tests.notifications.receiver import Receiver

PAYROLL = Rules(min_severity=Severity.high, streams=["JS_PAY*"], approvals=False)
LOW = replace(ALERT, key="alert:low", severity=Severity.low, title="PAYROLL_01 atrasado")
NIGHT = datetime(2026, 12, 3, 2, 30, tzinfo=UTC)


def test_rules_take_what_they_name() -> None:
    assert PAYROLL.admits(ALERT)
    assert not PAYROLL.admits(LOW)
    assert not PAYROLL.admits(replace(ALERT, stream="JS_BILLING"))
    assert not PAYROLL.admits(replace(ALERT, kind=NoticeKind.approval_pending))
    abends = Rules(kinds=["abend"], workstations=["CPU*"])
    assert abends.admits(ALERT)
    assert not abends.admits(replace(ALERT, alert_kind="late"))
    assert not abends.admits(replace(ALERT, workstation="ZOS1"))


def test_quiet_hours_hold_low_and_let_critical_through() -> None:
    rules = Rules(quiet_start="22:00", quiet_end="06:00", breakthrough=Severity.critical)
    assert rules.held_until(LOW, NIGHT) == datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
    assert rules.held_until(ALERT, NIGHT) is None
    assert rules.held_until(LOW, NIGHT.replace(hour=12)) is None
    late = datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    assert rules.held_until(LOW, late) == datetime(2026, 12, 4, 6, 0, tzinfo=UTC)
    zoned = Rules(quiet_start="22:00", quiet_end="06:00", quiet_timezone="America/Sao_Paulo")
    # 23:30 of the day before in São Paulo: quiet until 06:00 there, 09:00 UTC
    assert zoned.held_until(LOW, NIGHT) == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert zoned.held_until(LOW, NIGHT.replace(hour=12)) is None


def test_bad_rules_are_refused() -> None:
    with pytest.raises(ValidationError):
        Rules(quiet_start="25:00", quiet_end="06:00")
    with pytest.raises(ValidationError):
        Rules(quiet_timezone="Mars/Olympus")


async def test_rules_route_to_the_receiver(
    database: Database, receiver: Receiver, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    quiet = Rules(
        quiet_start=(now - timedelta(hours=1)).strftime("%H:%M"),
        quiet_end=(now + timedelta(hours=1)).strftime("%H:%M"),
    )
    settings = settings_for(tmp_path, receiver, teams_webhook_url="")
    async with running(settings, database) as service:
        await service.channels.add(
            ChannelIn(name="folha", url=receiver.url("/folha"), rules=PAYROLL)
        )
        await service.channels.add(ChannelIn(name="noite", url=receiver.url("/noite"), rules=quiet))
        assert sorted(await service.notify(ALERT)) == ["folha", "noite"]
        assert await service.notify(LOW) == ["noite"]  # queued, but held
        await until(lambda: _delivered_count(receiver, 2))
        rows = {(r["channel"], r["dedupe_key"]): r for r in await service.outbox.rows()}
    paths = sorted(r.path for r in receiver.received)
    assert paths == ["/folha", "/noite"]
    for received in receiver.received:
        assert "PAYROLL_01 abendou" in card_text(check_envelope(received.body))
    held = rows[("noite", LOW.key)]
    assert held["status"] == "pending" and held["next_attempt_at"] > now + timedelta(minutes=50)


async def _delivered_count(receiver: Receiver, count: int) -> bool:
    return len(receiver.accepted()) >= count


async def test_the_monitor_publishes_notices_on_the_bus(
    database: Database, receiver: Receiver, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, receiver)
    bus = InProcessBus()
    service = NotificationService(settings, database, bus, CollectorRegistry())
    await service.start()
    try:
        await bus.publish("notices", {"key": "broken"})  # ignored, the listener goes on
        await bus.publish("notices", {**ALERT.stored(), "from_a_newer_monitor": True})
        await until(lambda: _delivered_count(receiver, 1))
    finally:
        await service.stop()
    (received,) = receiver.received
    assert "PAYROLL_01 abendou" in card_text(check_envelope(received.body))
