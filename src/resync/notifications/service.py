"""NotificationService: notices → the channels whose rules take them → the outbox → the
sender. Everything arrives on the event bus, from any process: approvals (topic
``approvals``), the poller's alerts raised and resolved (``monitoring``), fired watches
(``notifications``) and ready-made notices (``notices``, ``Notice.stored()``); or a caller
hands a :class:`Notice` to :meth:`NotificationService.notify`."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
import structlog
from prometheus_client import CollectorRegistry

from resync.db.engine import Database
from resync.events import EventBus, Subscription
from resync.monitoring.poller import TOPIC as MONITORING_TOPIC
from resync.monitoring.watches import NOTIFICATIONS
from resync.notifications.cards import envelope, notice_card
from resync.notifications.channels import ChannelStore
from resync.notifications.metrics import TeamsMetrics
from resync.notifications.monitor_notices import alert_notices, watch_notice
from resync.notifications.notices import Notice, NoticeKind, Severity, approval_notice
from resync.notifications.outbox import Attempt, Outbox
from resync.notifications.sender import Sender
from resync.settings import Settings

log = structlog.get_logger(__name__)

APPROVALS_TOPIC = "approvals"
NOTICES_TOPIC = "notices"  # payload: Notice.stored(); what the monitor publishes


class NotificationService:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        bus: EventBus,
        registry: CollectorRegistry,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.bus = bus
        self.metrics = TeamsMetrics(registry)
        self.outbox = Outbox(db)
        allow = settings.teams_allow_private_urls
        self.channels = ChannelStore(
            db, settings.teams_webhook_url.get_secret_value(), allow_private=allow
        )
        self.sender = Sender(
            self.outbox,
            self.channels.url_of,
            self.metrics,
            allow_private=allow,
            timeout=settings.teams_timeout_seconds,
            max_attempts=settings.teams_max_attempts,
            backoff_base=settings.teams_backoff_seconds,
            backoff_max=settings.teams_backoff_max_seconds,
            poll_seconds=settings.teams_poll_seconds,
            transport=transport,
        )
        self._subscriptions: list[Subscription] = []
        self._listeners: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Listen to approvals, the monitor's alerts and fired watches, and notices
        (subscribed before returning); start the sender."""
        for topic in (APPROVALS_TOPIC, NOTICES_TOPIC, MONITORING_TOPIC, NOTIFICATIONS):
            events = self.bus.subscribe(topic)
            await events.start()
            self._subscriptions.append(events)
            task = asyncio.create_task(self._listen(topic, events), name=f"teams-{topic}")
            self._listeners.append(task)
        self.sender.start()

    async def stop(self) -> None:
        for events in self._subscriptions:
            await events.close()
        for task in self._listeners:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.sender.stop()

    async def notify(self, notice: Notice) -> list[str]:
        """Queue the notice for every channel whose rules take it; the channels it was
        queued for now (one that had it before is not queued again)."""
        queued = []
        for channel, not_before in await self.channels.routes(notice):
            payload = {"notice": notice.stored(), "title": notice.title}
            if await self.outbox.enqueue(
                notice.key, channel, notice.kind.value, payload, not_before
            ):
                queued.append(channel)
        if queued:
            log.info("teams_notice_queued", event_key=notice.key, channels=queued)
            self.sender.poke()
        return queued

    async def post_to(self, channel: str, key: str, title: str, body: dict[str, Any]) -> bool:
        """Queue a ready envelope (an answer that missed Teams' 5 s) for one channel."""
        payload = {"envelope": body, "title": title}
        queued = await self.outbox.enqueue(key, channel, "answer", payload)
        if queued:
            self.sender.poke()
        return queued

    async def test_send(self, channel: str) -> Attempt:
        """Post a test card to the channel right now and return what Teams answered."""
        url = await self.channels.url_of(channel)
        await self.channels.get(channel)  # 404 for an unknown channel
        notice = Notice(
            key="test",
            kind=NoticeKind.test,
            severity=Severity.info,
            title=f"Teste do Resync para o canal {channel}",
            detail="Se você vê este cartão, os alertas do Resync chegam a este canal.",
            url=self.settings.link_base + "/",
        )
        attempt = await self.sender.post(url or "", envelope(notice_card(notice)))
        await self.outbox.log_test(channel, attempt)
        log.info(
            "teams_test_send",
            channel=channel,
            outcome=attempt.outcome,
            status_code=attempt.status_code,
            error=attempt.error,
        )
        self.metrics.deliveries.labels(attempt.outcome).inc()
        return attempt

    async def _listen(self, topic: str, events: Subscription) -> None:
        async for payload in events:
            try:
                link = self.settings.link_base
                if topic == APPROVALS_TOPIC:
                    notices = [approval_notice(payload, link)]
                elif topic == MONITORING_TOPIC:
                    notices = list(alert_notices(payload, link))
                elif topic == NOTIFICATIONS:
                    notices = [watch_notice(payload, link)]
                else:
                    notices = [Notice.from_stored(payload)]
                for notice in notices:
                    if notice is not None:
                        await self.notify(notice)
            except Exception:  # one bad event must not stop the listener
                log.exception("teams_notice_failed", topic=topic, event_key=payload.get("key"))
