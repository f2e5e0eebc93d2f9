"""The persisted outbox and its delivery log.

A row is one event for one channel (``dedupe_key`` + ``channel`` is unique: an event is
queued once per channel however often it is announced). A sender *claims* a row with a
conditional UPDATE (pending and due → sending, with its token) before posting it, so two
processes never send the same row; the outcome is written with the attempt's log line in
one transaction, conditioned on the token. A row left ``sending`` by a process that died
is never sent again on its own: it becomes ``unknown`` (Teams may have shown it) and an
admin decides to retry it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.notifications.tables import deliveries, outbox

PENDING, SENDING, DELIVERED, FAILED, UNKNOWN = (
    "pending",
    "sending",
    "delivered",
    "failed",
    "unknown",
)


@dataclass(frozen=True)
class Claimed:
    id: int
    token: str
    dedupe_key: str
    channel: str
    kind: str
    payload: dict[str, Any]
    attempts: int  # before this one
    created_at: datetime


@dataclass(frozen=True)
class Attempt:
    outcome: str  # delivered | retry | failed
    status_code: int | None = None
    error: str | None = None
    response: str | None = None
    latency_ms: float | None = None
    retry_after_s: float | None = None
    next_attempt_at: datetime | None = None  # when outcome is retry


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(
        self,
        dedupe_key: str,
        channel: str,
        kind: str,
        payload: dict[str, Any],
        not_before: datetime | None = None,
    ) -> bool:
        """Queue the event for the channel; False when it was queued before."""
        now = utcnow()
        values = {
            "dedupe_key": dedupe_key[:200],
            "channel": channel,
            "kind": kind,
            "payload": payload,
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": not_before or now,
            "created_at": now,
        }

        def work(conn: Connection) -> bool:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(outbox).values(**values).on_conflict_do_nothing()
            return bool(conn.execute(statement).rowcount)

        return await self.db.write(work)

    async def claim_due(self, lease_seconds: float, limit: int = 20) -> list[Claimed]:
        now = utcnow()
        until = now + timedelta(seconds=lease_seconds)

        def work(conn: Connection) -> list[Claimed]:
            due = conn.execute(
                sa.select(outbox)
                .where(outbox.c.status == PENDING, outbox.c.next_attempt_at <= now)
                .order_by(outbox.c.next_attempt_at, outbox.c.id)
                .limit(limit)
            ).all()
            claimed = []
            for row in due:
                token = uuid.uuid4().hex
                changed = conn.execute(
                    sa.update(outbox)
                    .where(outbox.c.id == row.id, outbox.c.status == PENDING)
                    .values(status=SENDING, claim_token=token, claimed_until=until)
                ).rowcount
                if changed:
                    claimed.append(
                        Claimed(
                            row.id,
                            token,
                            row.dedupe_key,
                            row.channel,
                            row.kind,
                            row.payload,
                            row.attempts,
                            row.created_at,
                        )
                    )
            return claimed

        return await self.db.write(work)

    async def record(self, row: Claimed, attempt: Attempt, *, max_attempts: int) -> str:
        """The attempt in the log and its outcome on the row; returns the row's new status."""
        now = utcnow()
        number = row.attempts + 1
        if attempt.outcome == "delivered":
            status = DELIVERED
        elif attempt.outcome == "retry" and number < max_attempts:
            status = PENDING
        else:
            status = FAILED
        outcome = {DELIVERED: "delivered", PENDING: "retry", FAILED: "failed"}[status]
        error = attempt.error
        if attempt.outcome == "retry" and status == FAILED:
            error = f"{error} (desistiu após {number} tentativas)"
        values: dict[str, Any] = {
            "status": status,
            "attempts": number,
            "claim_token": None,
            "claimed_until": None,
            "last_error": error,
        }
        if status == DELIVERED:
            values["delivered_at"] = now
        if status == PENDING:
            values["next_attempt_at"] = attempt.next_attempt_at or now

        def work(conn: Connection) -> None:
            conn.execute(
                sa.update(outbox)
                .where(outbox.c.id == row.id, outbox.c.claim_token == row.token)
                .values(**values)
            )
            conn.execute(
                sa.insert(deliveries).values(
                    outbox_id=row.id,
                    channel=row.channel,
                    dedupe_key=row.dedupe_key,
                    attempt=number,
                    at=now,
                    outcome=outcome,
                    status_code=attempt.status_code,
                    error=error,
                    response=(attempt.response or "")[:2000] or None,
                    latency_ms=attempt.latency_ms,
                    retry_after_s=attempt.retry_after_s,
                )
            )

        await self.db.write(work)
        return status

    async def log_test(self, channel: str, attempt: Attempt) -> None:
        """A test-send's attempt, in the same log (no outbox row)."""

        def work(conn: Connection) -> None:
            conn.execute(
                sa.insert(deliveries).values(
                    outbox_id=None,
                    channel=channel,
                    dedupe_key="test",
                    attempt=1,
                    at=utcnow(),
                    outcome=attempt.outcome,
                    status_code=attempt.status_code,
                    error=attempt.error,
                    response=(attempt.response or "")[:2000] or None,
                    latency_ms=attempt.latency_ms,
                    retry_after_s=attempt.retry_after_s,
                )
            )

        await self.db.write(work)

    async def abandon_stale_claims(self) -> int:
        """Rows a dead process left ``sending`` (lease over): ``unknown``, never resent."""
        now = utcnow()
        reason = (
            "o Resync parou durante o envio: o Teams pode ter recebido; "
            "não será reenviado sozinho (use 'reenviar' se não chegou)"
        )

        def work(conn: Connection) -> int:
            return conn.execute(
                sa.update(outbox)
                .where(outbox.c.status == SENDING, outbox.c.claimed_until < now)
                .values(status=UNKNOWN, claim_token=None, claimed_until=None, last_error=reason)
            ).rowcount

        return await self.db.write(work)

    async def retry(self, row_id: int) -> bool:
        """An admin's "retry now" for a failed or unknown row (or a pending one: now)."""

        def work(conn: Connection) -> int:
            return conn.execute(
                sa.update(outbox)
                .where(outbox.c.id == row_id, outbox.c.status.in_([FAILED, UNKNOWN, PENDING]))
                .values(status=PENDING, next_attempt_at=utcnow())
            ).rowcount

        return bool(await self.db.write(work))

    async def next_due(self) -> datetime | None:
        def work(conn: Connection) -> datetime | None:
            value: datetime | None = conn.execute(
                sa.select(sa.func.min(outbox.c.next_attempt_at)).where(outbox.c.status == PENDING)
            ).scalar()
            return value

        return await self.db.read(work)

    async def depth(self) -> int:
        def work(conn: Connection) -> int:
            return int(
                conn.execute(
                    sa.select(sa.func.count()).where(outbox.c.status.in_([PENDING, SENDING]))
                ).scalar()
                or 0
            )

        return await self.db.read(work)

    async def rows(self, limit: int = 100, status: str | None = None) -> list[dict[str, Any]]:
        def work(conn: Connection) -> list[dict[str, Any]]:
            query = sa.select(outbox).order_by(outbox.c.id.desc()).limit(limit)
            if status:
                query = query.where(outbox.c.status == status)
            return [_public(dict(row._mapping)) for row in conn.execute(query)]

        return await self.db.read(work)

    async def log(self, limit: int = 200, outbox_id: int | None = None) -> list[dict[str, Any]]:
        def work(conn: Connection) -> list[dict[str, Any]]:
            query = sa.select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)
            if outbox_id is not None:
                query = query.where(deliveries.c.outbox_id == outbox_id)
            return [dict(row._mapping) for row in conn.execute(query)]

        return await self.db.read(work)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("claim_token", None)
    payload = row.pop("payload", {}) or {}
    row["title"] = payload.get("title", "")
    return row
