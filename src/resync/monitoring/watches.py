"""Watches: a user asked to be told when a job ends or starts, or when a job of a stream fails.

A watch remembers what had already happened when it was set (``seen``: one token per job
instance and event), so only what happens afterwards fires it. "end" and "start" fire once;
"failure" fires for every new failure until cancelled. The poller evaluates the watches
after each read of the plan (in the leader only) and hands each firing to ``notify``:
the composition root sends the ``notification`` frame and stores it in the conversation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Connection, Table, insert, select, update

from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.errors import BadRequest, NotFound
from resync.monitoring.models import WatchRow
from resync.monitoring.rules import PlanSnapshot
from resync.tws.client import HWAClient
from resync.tws.models import JobInstance

WATCHES = cast(Table, WatchRow.__table__)
WatchKind = Literal["end", "start", "failure"]
NOTIFICATIONS = "notifications"  # the event bus topic of fired watches
MAX_WATCHES = 50  # open watches per user
Notify = Callable[[dict[str, Any], dict[str, Any]], Awaitable[None]]  # (watch, notification)


class WatchNotFound(NotFound):
    code = "watch_not_found"


class InvalidWatch(BadRequest):
    code = "invalid_watch"


def _matches(watch: dict[str, Any], job: JobInstance) -> bool:
    if not job.is_last_in_chain or job.plan != "current":
        return False
    if watch["job_name"] and job.name.upper() != watch["job_name"]:
        return False
    return not watch["job_stream"] or job.job_stream.upper() == watch["job_stream"]


def tokens(watch: dict[str, Any], jobs: Iterable[JobInstance]) -> dict[str, JobInstance]:
    """What has happened to the watched jobs, one token per job instance and event."""
    found: dict[str, JobInstance] = {}
    for job in jobs:
        if not _matches(watch, job):
            continue
        if watch["kind"] == "end" and job.state.is_final:
            found[f"{job.id}|end"] = job
        elif watch["kind"] == "start" and job.start_time is not None:
            found[f"{job.id}|start"] = job
        elif watch["kind"] == "failure" and job.state.is_failure:
            found[f"{job.id}|failure"] = job
    return found


def describe(watch: dict[str, Any], language: str = "pt") -> str:
    target = watch["job_name"] or watch["job_stream"] or "?"
    if watch["job_name"] and watch["job_stream"]:
        target = f"{watch['job_stream']}.{watch['job_name']}"
    pt = {"end": "terminar", "start": "começar", "failure": "falhar (ABEND/FAIL)"}
    en = {"end": "ends", "start": "starts", "failure": "fails (ABEND/FAIL)"}
    if watch["kind"] == "failure" and not watch["job_name"]:
        return (
            f"quando algum job do {target} falhar (ABEND/FAIL)"
            if language == "pt"
            else f"when any job of {target} fails (ABEND/FAIL)"
        )
    if language == "pt":
        return f"quando {target} {pt[watch['kind']]}"
    return f"when {target} {en[watch['kind']]}"


def notification(watch: dict[str, Any], job: JobInstance, at: datetime) -> dict[str, Any]:
    rc = f" (RC {job.return_code})" if job.return_code is not None else ""
    if watch["kind"] == "start":
        pt = f"{job.name} ({job.job_stream}) começou."
        en = f"{job.name} ({job.job_stream}) has started."
    elif watch["kind"] == "failure":
        pt = f"{job.name} ({job.job_stream}) terminou em {job.state.value}{rc}."
        en = f"{job.name} ({job.job_stream}) ended {job.state.value}{rc}."
    else:
        pt = f"{job.name} ({job.job_stream}) terminou: {job.state.value}{rc}."
        en = f"{job.name} ({job.job_stream}) has ended: {job.state.value}{rc}."
    return {
        "type": "notification",
        "watch_id": watch["id"],
        "user": watch["owner"],
        "conversation_id": watch["conversation_id"],
        "kind": watch["kind"],
        "job_id": job.id,
        "job_name": job.name,
        "job_stream": job.job_stream,
        "state": job.state.value,
        "text": pt if watch["language"] == "pt" else en,
        "texts": {"pt": pt, "en": en},
        "at": at.isoformat(),
    }


class WatchService:
    def __init__(self, db: Database, tws: HWAClient) -> None:
        self.db, self.tws = db, tws
        self.notify: list[Notify] = []

    async def create(
        self,
        owner: str,
        kind: WatchKind,
        *,
        job_name: str | None = None,
        job_stream: str | None = None,
        conversation_id: str | None = None,
        language: str = "pt",
    ) -> dict[str, Any]:
        if kind not in ("end", "start", "failure"):
            raise InvalidWatch(f"tipo de aviso desconhecido {kind!r}: use end, start ou failure")
        if not job_name and not job_stream:
            raise InvalidWatch("um aviso precisa de um job ou de um job stream")
        if len(await self.open(owner)) >= MAX_WATCHES:
            raise InvalidWatch(f"no máximo {MAX_WATCHES} avisos abertos por pessoa")
        values: dict[str, Any] = {
            "owner": owner,
            "conversation_id": conversation_id,
            "kind": kind,
            "job_name": job_name.upper() if job_name else None,
            "job_stream": job_stream.upper() if job_stream else None,
            "language": "en" if language == "en" else "pt",
            "created_at": utcnow(),
        }
        jobs = await self.tws.list_jobs(
            name=values["job_name"], stream=values["job_stream"], limit=5000
        )
        values["seen"] = sorted(tokens(values, jobs))

        def add(conn: Connection) -> int:
            return int(
                conn.execute(insert(WATCHES).values(**values).returning(WATCHES.c.id)).scalar_one()
            )

        new_id = await self.db.write(add)
        return {**values, "id": new_id, "fired_at": None, "cancelled_at": None}

    async def open(self, owner: str | None = None) -> list[dict[str, Any]]:
        query = select(WATCHES).where(
            WATCHES.c.fired_at.is_(None), WATCHES.c.cancelled_at.is_(None)
        )
        if owner is not None:
            query = query.where(WATCHES.c.owner == owner)

        def read(conn: Connection) -> list[dict[str, Any]]:
            return [dict(row) for row in conn.execute(query.order_by(WATCHES.c.id)).mappings()]

        return await self.db.read(read)

    async def cancel(
        self, owner: str, *, job_name: str | None = None, job_stream: str | None = None
    ) -> list[dict[str, Any]]:
        """Cancel the user's open watches on that job (or stream); all of them with neither."""
        chosen = [
            w
            for w in await self.open(owner)
            if (not job_name or w["job_name"] == job_name.upper())
            and (not job_stream or w["job_stream"] == job_stream.upper())
        ]
        if not chosen:
            raise WatchNotFound("nenhum aviso aberto para isso")
        ids = [w["id"] for w in chosen]
        now = utcnow()

        def cancel(conn: Connection) -> None:
            conn.execute(update(WATCHES).where(WATCHES.c.id.in_(ids)).values(cancelled_at=now))

        await self.db.write(cancel)
        return chosen

    async def evaluate(self, snapshot: PlanSnapshot) -> list[dict[str, Any]]:
        """Fire what happened since each watch was set; returns the notifications sent."""
        sent: list[dict[str, Any]] = []
        for watch in await self.open():
            happened = tokens(watch, snapshot.jobs)
            seen = set(watch["seen"] or ())
            new = [token for token in sorted(happened) if token not in seen]
            if not new:
                continue
            fired = [notification(watch, happened[token], snapshot.now) for token in new]
            once = watch["kind"] in ("end", "start")
            if once:
                fired = fired[:1]
            values: dict[str, Any] = {"seen": sorted(seen | set(new))}
            if once:
                values["fired_at"] = utcnow()
            watch_id = watch["id"]

            def save(
                conn: Connection, values: dict[str, Any] = values, watch_id: int = watch_id
            ) -> None:
                conn.execute(update(WATCHES).where(WATCHES.c.id == watch_id).values(**values))

            await self.db.write(save)
            for item in fired:
                for notify in self.notify:
                    await notify(watch, item)
            sent.extend(fired)
        return sent
