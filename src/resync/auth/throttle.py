"""Failed-login counting and lockouts, per user and per client address (kept in the database,
so every Resync process sees the same locks; admins list and clear them)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from resync.auth.errors import LockedOut
from resync.auth.models import LockoutRow
from resync.auth.repository import LockoutRepository
from resync.auth.schemas import LockoutOut
from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.settings import Settings

LOCKED_MESSAGE = "Muitas tentativas de login falharam; tente novamente mais tarde."


def user_key(username: str) -> str:
    return "user:" + username.strip().lower()[:150]


def address_key(address: str) -> str:
    return "address:" + address[:150]


class LoginThrottle:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.repository = LockoutRepository(db)
        self.window = timedelta(seconds=settings.auth_lockout_seconds)

    def _keys(self, username: str | None, address: str | None) -> list[tuple[str, int]]:
        keys = []
        if username:
            keys.append((user_key(username), self.settings.auth_max_failures))
        if address:
            keys.append((address_key(address), self.settings.auth_max_failures_per_address))
        return keys

    async def check(self, username: str | None, address: str | None) -> None:
        """Raise ``LockedOut`` (with ``Retry-After``) when the user or the address is locked."""
        now = utcnow()
        for key, _ in self._keys(username, address):
            row = await self.repository.get(key)
            if row is not None and row.locked_until is not None and row.locked_until > now:
                retry = max(1, math.ceil((row.locked_until - now).total_seconds()))
                raise LockedOut(LOCKED_MESSAGE, headers={"Retry-After": str(retry)})

    async def failure(self, username: str | None, address: str | None) -> bool:
        """Count a failed login; True when it locked the user or the address."""
        now = utcnow()
        locked = False
        for key, threshold in self._keys(username, address):
            row = await self.repository.record_failure(
                key, now - self.window, threshold, now + self.window
            )
            locked = locked or (row.locked_until is not None and row.locked_until > now)
        return locked

    async def success(self, username: str) -> None:
        await self.repository.clear(user_key(username))

    async def list(self) -> list[LockoutOut]:
        now = utcnow()
        return [_out(row, now) for row in await self.repository.active(now - self.window)]

    async def clear(self, key: str) -> bool:
        return await self.repository.clear(key)


def _out(row: LockoutRow, now: datetime) -> LockoutOut:
    locked = row.locked_until is not None and row.locked_until > now
    return LockoutOut(
        key=row.key,
        failures=row.failures,
        first_failure_at=row.first_failure_at,
        last_failure_at=row.last_failure_at,
        locked_until=row.locked_until,
        locked=locked,
    )
