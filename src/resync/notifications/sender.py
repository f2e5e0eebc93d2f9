"""Posting to Teams Workflows webhooks, off the request path: a loop claims due outbox rows
and posts each once per attempt; 429, 5xx, timeouts and connection errors are retried with
exponential backoff, or after the ``Retry-After`` Teams gives; anything else is final.
Redirects are never followed (the SSRF guard checked the URL, not where it points to)."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import structlog

from resync.db.timestamps import utcnow
from resync.notifications.cards import envelope, notice_card
from resync.notifications.guard import UnsafeWebhookUrl, check_url, masked
from resync.notifications.metrics import TeamsMetrics
from resync.notifications.notices import Notice
from resync.notifications.outbox import Attempt, Claimed, Outbox

log = structlog.get_logger(__name__)

MAX_RETRY_AFTER = 3600.0
UrlOf = Callable[[str], Awaitable[str | None]]


def payload_of(stored: dict[str, Any]) -> dict[str, Any]:
    """The JSON posted for an outbox row: a stored envelope, or a notice's card."""
    if "envelope" in stored:
        posted: dict[str, Any] = stored["envelope"]
        return posted
    return envelope(notice_card(Notice.from_stored(stored["notice"])))


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when - utcnow()).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class Sender:
    def __init__(
        self,
        outbox: Outbox,
        url_of: UrlOf,
        metrics: TeamsMetrics,
        *,
        allow_private: bool,
        timeout: float,
        max_attempts: int,
        backoff_base: float,
        backoff_max: float,
        poll_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.outbox = outbox
        self.url_of = url_of
        self.metrics = metrics
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.poll_seconds = poll_seconds
        self.http = httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, transport=transport, trust_env=False
        )
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    # the loop ----------------------------------------------------------------------------

    def start(self) -> None:
        self.task = asyncio.create_task(self.run(), name="teams-sender")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        await self.http.aclose()

    def poke(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self.wake.set()

    async def run(self) -> None:
        abandoned = await self.outbox.abandon_stale_claims()
        if abandoned:
            log.warning("teams_deliveries_outcome_unknown", rows=abandoned)
        while True:
            try:
                await self.drain()
                await self.metrics.depth_is(await self.outbox.depth())
            except Exception:  # the loop outlives a database or network hiccup
                log.exception("teams_sender_failed")
            await self._sleep()

    async def drain(self) -> int:
        """Send every row due now; returns how many were attempted."""
        sent = 0
        while True:
            rows = await self.outbox.claim_due(lease_seconds=self.timeout * 2 + 30)
            if not rows:
                return sent
            await asyncio.gather(*(self._deliver(row) for row in rows))
            sent += len(rows)

    async def _sleep(self) -> None:
        delay = self.poll_seconds
        due = await self.outbox.next_due()
        if due is not None:
            delay = min(delay, max((due - utcnow()).total_seconds(), 0.0))
        self.wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.wake.wait(), timeout=delay)

    # one row -----------------------------------------------------------------------------

    async def _deliver(self, row: Claimed) -> None:
        url = await self.url_of(row.channel)
        if not url:
            attempt = Attempt("failed", error=f"o canal {row.channel} não existe mais")
        else:
            attempt = await self.post(url, payload_of(row.payload), row.attempts + 1)
        status = await self.outbox.record(row, attempt, max_attempts=self.max_attempts)
        self.metrics.attempted(attempt, status, (utcnow() - row.created_at).total_seconds())
        log.info(
            "teams_delivery_attempt",
            outbox_id=row.id,
            channel=row.channel,
            event_key=row.dedupe_key,
            attempt=row.attempts + 1,
            outcome=attempt.outcome,
            status_code=attempt.status_code,
            status=status,
        )

    async def post(self, url: str, payload: dict[str, Any], attempt: int = 1) -> Attempt:
        """One POST; the attempt's outcome (retry: when to try next)."""
        try:
            await check_url(url, allow_private=self.allow_private)
        except UnsafeWebhookUrl as exc:
            return Attempt("failed", error=exc.detail)
        started = time.perf_counter()
        try:
            response = await self.http.post(url, json=payload)
        except httpx.TimeoutException:
            return self._retry(attempt, None, "tempo esgotado", started)
        except httpx.HTTPError as exc:
            return self._retry(attempt, None, f"falha de conexão: {type(exc).__name__}", started)
        body = response.text[:2000]
        code = response.status_code
        latency = (time.perf_counter() - started) * 1000
        if 200 <= code < 300:
            return Attempt("delivered", code, response=body, latency_ms=latency)
        if code == 429 or code >= 500:
            wait = retry_after(response.headers.get("retry-after"))
            return self._retry(attempt, code, f"HTTP {code}", started, body=body, wait=wait)
        if 300 <= code < 400:
            where = masked(response.headers.get("location", ""))
            error = f"HTTP {code}: redirecionamento para {where} não seguido"
            return Attempt("failed", code, error=error, response=body, latency_ms=latency)
        return Attempt("failed", code, error=f"HTTP {code}", response=body, latency_ms=latency)

    def _retry(
        self,
        attempt: int,
        code: int | None,
        error: str,
        started: float,
        *,
        body: str | None = None,
        wait: float | None = None,
    ) -> Attempt:
        backoff = min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)
        delay = wait if wait is not None else backoff
        return Attempt(
            "retry",
            code,
            error=error,
            response=body,
            latency_ms=(time.perf_counter() - started) * 1000,
            retry_after_s=wait,
            next_attempt_at=utcnow() + timedelta(seconds=delay),
        )
