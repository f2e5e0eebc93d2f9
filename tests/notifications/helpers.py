"""What the Teams tests share: an alert, settings pointing at the receiver, a running
NotificationService, and waiting on a condition."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from resync.db.engine import Database
from resync.events import InProcessBus
from resync.notifications.notices import Notice, NoticeKind, Severity
from resync.notifications.service import NotificationService
from resync.settings import Settings
from tests.notifications.receiver import Receiver

ALERT = Notice(
    key="alert:abend:PAYROLL_01:1",
    kind=NoticeKind.alert,
    severity=Severity.critical,
    title="PAYROLL_01 abendou (RC 12)",
    alert_kind="abend",
    job="PAYROLL_01",
    stream="JS_PAYROLL",
    workstation="CPU1",
    url="https://resync.example.com/#job/PAYROLL_01",
)


def settings_for(tmp_path: Path, receiver: Receiver, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "var",
        "teams_webhook_url": SecretStr(receiver.url()),
        "teams_allow_private_urls": True,
        "teams_poll_seconds": 0.2,
        "teams_backoff_seconds": 0.2,
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running(settings: Settings, db: Database) -> AsyncIterator[NotificationService]:
    service = NotificationService(settings, db, InProcessBus(), CollectorRegistry())
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


async def until(condition: Callable[[], Awaitable[bool]], limit: float = 60.0) -> None:
    for _ in range(int(limit / 0.05)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def delivered(service: NotificationService) -> bool:
    return any(row["status"] == "delivered" for row in await service.outbox.rows())
