"""Channels (a Teams Workflows webhook each) and the rules that choose which notices reach
them. ``RESYNC_TEAMS_WEBHOOK_URL`` is the channel ``default``, which takes every notice.
Webhook URLs carry their own credential: they are never shown or logged in full."""

from __future__ import annotations

import fnmatch
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Connection

from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.errors import ResyncError
from resync.notifications.guard import check_url, masked
from resync.notifications.notices import Notice, NoticeKind, Severity
from resync.notifications.tables import channels

DEFAULT = "default"


class ChannelError(ResyncError):
    status_code = 422
    code = "invalid_channel"


class ChannelNotFound(ResyncError):
    status_code = 404
    code = "not_found"


def _clock(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    try:
        time.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("horário no formato HH:MM") from exc
    return value


class Rules(BaseModel):
    """Which notices a channel takes. Empty lists take everything."""

    min_severity: Severity = Field(Severity.info, description="alerts below it stay out")
    kinds: list[str] = Field(
        default_factory=list, description="alert kinds (abend, late…) or notice kinds"
    )
    streams: list[str] = Field(default_factory=list, description="job stream patterns (PAY*)")
    workstations: list[str] = Field(default_factory=list, description="workstation patterns")
    approvals: bool = Field(True, description="approval cards (pending, decided, executed)")
    quiet_start: str | None = Field(None, description="HH:MM: quiet hours begin")
    quiet_end: str | None = Field(None, description="HH:MM: quiet hours end")
    quiet_timezone: str = "UTC"
    breakthrough: Severity = Field(
        Severity.critical, description="this severity and above are sent in quiet hours"
    )

    _check_start = field_validator("quiet_start")(_clock)
    _check_end = field_validator("quiet_end")(_clock)

    @field_validator("quiet_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"fuso horário desconhecido: {value}") from exc
        return value

    def admits(self, notice: Notice) -> bool:
        if notice.kind is NoticeKind.test:
            return True
        if notice.kind.is_approval:
            if not self.approvals:
                return False
        else:
            if notice.severity.rank < self.min_severity.rank:
                return False
            wanted = {kind.lower() for kind in self.kinds}
            if wanted and not wanted & {notice.alert_kind.lower(), notice.kind.value}:
                return False
        return _matches(self.streams, notice.stream) and _matches(
            self.workstations, notice.workstation
        )

    def held_until(self, notice: Notice, now: datetime) -> datetime | None:
        """The end of the quiet hours ``now`` is in, when the notice must wait for it."""
        if not (self.quiet_start and self.quiet_end) or notice.kind is NoticeKind.test:
            return None
        if notice.severity.rank >= self.breakthrough.rank:
            return None
        zone = ZoneInfo(self.quiet_timezone)
        local = now.astimezone(zone)
        start, end = time.fromisoformat(self.quiet_start), time.fromisoformat(self.quiet_end)
        clock = local.time()
        quiet = start <= clock < end if start < end else (clock >= start or clock < end)
        if not quiet:
            return None
        until = datetime.combine(local.date(), end, tzinfo=zone)
        if until <= local:
            until += timedelta(days=1)
        return until.astimezone(UTC)


def _matches(patterns: list[str], value: str) -> bool:
    if not patterns:
        return True
    return any(fnmatch.fnmatchcase(value.upper(), p.upper()) for p in patterns if value)


class ChannelIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[\w .-]+$")
    url: str = Field(min_length=8, max_length=2000, description="the Workflows webhook URL")
    rules: Rules = Field(default_factory=Rules)
    enabled: bool = True
    teams_channel_id: str | None = Field(
        None, max_length=200, description="Teams' id of the channel (answers to it go here)"
    )


class ChannelPatch(BaseModel):
    url: str | None = Field(None, min_length=8, max_length=2000)
    rules: Rules | None = None
    enabled: bool | None = None
    teams_channel_id: str | None = Field(None, max_length=200)


class ChannelOut(BaseModel):
    id: int | None  # None: the default channel, from the settings
    name: str
    url: str  # masked
    rules: Rules
    enabled: bool
    teams_channel_id: str | None = None
    from_settings: bool = False


class ChannelStore:
    def __init__(self, db: Database, default_url: str, *, allow_private: bool) -> None:
        self.db = db
        self.default_url = default_url.strip()
        self.allow_private = allow_private

    async def all(self) -> list[tuple[ChannelOut, str]]:
        """Every channel with its URL (for routing and sending; never returned to a client)."""

        def work(conn: Connection) -> list[Any]:
            return list(conn.execute(sa.select(channels).order_by(channels.c.name)))

        found = []
        if self.default_url:
            default = ChannelOut(
                id=None,
                name=DEFAULT,
                url=masked(self.default_url),
                rules=Rules(),
                enabled=True,
                from_settings=True,
            )
            found.append((default, self.default_url))
        for row in await self.db.read(work):
            found.append((_out(row), row.url))
        return found

    async def listed(self) -> list[ChannelOut]:
        return [channel for channel, _ in await self.all()]

    async def url_of(self, name: str) -> str | None:
        for channel, url in await self.all():
            if channel.name == name:
                return url
        return None

    async def get(self, name: str) -> ChannelOut:
        for channel, _ in await self.all():
            if channel.name == name:
                return channel
        raise ChannelNotFound(f"canal {name} não existe")

    async def routes(self, notice: Notice, now: datetime | None = None) -> list[tuple[str, Any]]:
        """(channel, not before) for each enabled channel whose rules take the notice."""
        now = now or utcnow()
        return [
            (channel.name, channel.rules.held_until(notice, now))
            for channel, _ in await self.all()
            if channel.enabled and channel.rules.admits(notice)
        ]

    async def for_teams_channel(self, teams_channel_id: str) -> str | None:
        """The channel configured for a Teams channel id, else the default one."""
        everything = await self.all()
        for channel, _ in everything:
            if teams_channel_id and channel.teams_channel_id == teams_channel_id:
                return channel.name
        return DEFAULT if self.default_url else None

    async def add(self, data: ChannelIn) -> ChannelOut:
        if data.name == DEFAULT:
            raise ChannelError("'default' é o canal de RESYNC_TEAMS_WEBHOOK_URL")
        await self._check(data.url)
        now = utcnow()
        values = {**data.model_dump(mode="json"), "created_at": now, "updated_at": now}

        def work(conn: Connection) -> bool:
            exists = conn.execute(sa.select(channels.c.id).where(channels.c.name == data.name))
            if exists.first() is not None:
                return False
            conn.execute(sa.insert(channels).values(**values))
            return True

        if not await self.db.write(work):
            raise ChannelError(f"já existe um canal {data.name}")
        return await self.get(data.name)

    async def update(self, name: str, patch: ChannelPatch) -> ChannelOut:
        current = await self.get(name)
        if current.from_settings:
            raise ChannelError("o canal default vem de RESYNC_TEAMS_WEBHOOK_URL")
        values = patch.model_dump(mode="json", exclude_unset=True)
        for required in ("url", "rules", "enabled"):  # null: leave it as it is
            if values.get(required, "") is None:
                del values[required]
        if patch.url is not None:
            await self._check(patch.url)
        values["updated_at"] = utcnow()

        def work(conn: Connection) -> None:
            conn.execute(sa.update(channels).where(channels.c.name == name).values(**values))

        await self.db.write(work)
        return await self.get(name)

    async def delete(self, name: str) -> None:
        if (await self.get(name)).from_settings:
            raise ChannelError("o canal default vem de RESYNC_TEAMS_WEBHOOK_URL")

        def work(conn: Connection) -> None:
            conn.execute(sa.delete(channels).where(channels.c.name == name))

        await self.db.write(work)

    async def _check(self, url: str) -> None:
        await check_url(url, allow_private=self.allow_private)


def _out(row: Any) -> ChannelOut:
    return ChannelOut(
        id=row.id,
        name=row.name,
        url=masked(row.url),
        rules=Rules.model_validate(row.rules),
        enabled=bool(row.enabled),
        teams_channel_id=row.teams_channel_id,
    )
