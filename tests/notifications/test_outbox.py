"""The outbox against a real HTTP receiver, on SQLite and PostgreSQL: one delivery per
event and channel, Retry-After honoured, nothing sent twice across a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from prometheus_client import CollectorRegistry

from resync.db.engine import Database
from resync.events import InProcessBus
from resync.notifications.notices import Notice
from resync.notifications.service import NotificationService
from resync.notifications.tables import outbox
from tests.notifications.cards_check import card_text, check_envelope
from tests.notifications.helpers import ALERT, delivered, running, settings_for, until
from tests.notifications.receiver import Receiver


async def test_retry_after_once_then_one_delivery(
    database: Database, receiver: Receiver, tmp_path: Path
) -> None:
    receiver.script = [(429, {"Retry-After": "2"})]
    async with running(settings_for(tmp_path, receiver), database) as service:
        assert await service.notify(ALERT) == ["default"]
        await until(lambda: delivered(service))
        assert await service.notify(ALERT) == []  # the same event: never queued again
        log = sorted(await service.outbox.log(), key=lambda row: row["attempt"])
    first, second = receiver.wait_for(2)
    assert [r.status for r in receiver.received] == [429, 202]
    assert second.at - first.at >= 2.0  # waited what Retry-After asked
    assert first.body == second.body
    assert "PAYROLL_01 abendou" in card_text(check_envelope(second.body))
    assert [(row["attempt"], row["outcome"], row["status_code"]) for row in log] == [
        (1, "retry", 429),
        (2, "delivered", 202),
    ]
    assert log[0]["retry_after_s"] == 2.0


async def test_restart_while_waiting_sends_once(
    database: Database, db_url: str, receiver: Receiver, tmp_path: Path
) -> None:
    receiver.script = [(429, {"Retry-After": "3"})]
    settings = settings_for(tmp_path, receiver)
    async with running(settings, database) as service:
        await service.notify(ALERT)
        await until(lambda: _attempts(service, 1))
    # A new process over the same database picks the row up when it is due.
    again = Database(db_url)
    try:
        async with running(settings, again) as service:
            await until(lambda: delivered(service))
            assert await service.notify(ALERT) == []
            await asyncio.sleep(1.0)  # a second send, if any, would have happened by now
    finally:
        await again.close()
    assert [r.status for r in receiver.received] == [429, 202]


async def test_a_send_cut_by_a_crash_is_not_resent(
    database: Database, receiver: Receiver, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, receiver)
    service = NotificationService(settings, database, InProcessBus(), CollectorRegistry())
    await service.outbox.enqueue("alert:x", "default", "alert", {"notice": ALERT.stored()})
    (claimed,) = await service.outbox.claim_due(lease_seconds=0.0)  # then "the process died"
    await asyncio.sleep(0.05)
    async with running(settings, database) as service:
        await until(lambda: _status(service, claimed.id, "unknown"))
        await asyncio.sleep(0.5)
        assert receiver.received == []
        assert await service.outbox.retry(claimed.id)  # an admin decides: send it
        await until(lambda: delivered(service))
    assert len(receiver.accepted()) == 1


async def test_two_senders_never_send_the_same_row(
    database: Database, db_url: str, receiver: Receiver, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, receiver)
    other = Database(db_url)
    try:
        async with running(settings, database) as one, running(settings, other) as two:
            for number in range(12):
                notice = Notice(**{**ALERT.stored(), "key": f"alert:{number}"})
                await (one if number % 2 else two).outbox.enqueue(
                    notice.key, "default", "alert", {"notice": notice.stored()}
                )
            one.sender.poke()
            two.sender.poke()
            await until(lambda: _count_delivered(one, 12))
            await asyncio.sleep(0.5)
    finally:
        await other.close()
    keys = [
        r.body["attachments"][0]["content"]["body"][0]["items"][1]["text"]
        for r in receiver.received
    ]
    assert len(receiver.received) == 12 and len(keys) == 12


async def test_failures_that_are_final_and_exhausted(
    database: Database, receiver: Receiver, tmp_path: Path
) -> None:
    receiver.script = [(400, {}), (503, {}), (503, {})]
    settings = settings_for(tmp_path, receiver, teams_max_attempts=2)
    async with running(settings, database) as service:
        await service.notify(ALERT)
        await until(lambda: _status_of_key(service, ALERT.key, "failed"))
        await service.notify(Notice(**{**ALERT.stored(), "key": "alert:other"}))
        await until(lambda: _status_of_key(service, "alert:other", "failed"))
        log = await service.outbox.log()
    assert [r.status for r in receiver.received] == [400, 503, 503]
    assert sorted(row["outcome"] for row in log) == ["failed", "failed", "retry"]


async def _attempts(service: NotificationService, count: int) -> bool:
    return len(await service.outbox.log()) >= count


async def _count_delivered(service: NotificationService, count: int) -> bool:
    def work(conn: sa.Connection) -> int:
        query = sa.select(sa.func.count()).where(outbox.c.status == "delivered")
        return int(conn.execute(query).scalar() or 0)

    return await service.outbox.db.read(work) >= count


async def _status(service: NotificationService, row_id: int, status: str) -> bool:
    return any(r["id"] == row_id and r["status"] == status for r in await service.outbox.rows())


async def _status_of_key(service: NotificationService, key: str, status: str) -> bool:
    rows = await service.outbox.rows()
    return any(r["dedupe_key"] == key and r["status"] == status for r in rows)
