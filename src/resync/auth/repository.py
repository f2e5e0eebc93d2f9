"""All SQL of the auth domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from resync.auth.errors import UserExists
from resync.auth.models import ApiTokenRow, LockoutRow, TicketRow, UserRow
from resync.db.engine import Database
from resync.db.timestamps import utcnow


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def count(self) -> int:
        async with self.db.session() as session:
            return int(await session.scalar(select(func.count()).select_from(UserRow)) or 0)

    async def by_username(self, username: str) -> UserRow | None:
        async with self.db.session() as session:
            row: UserRow | None = await session.scalar(
                select(UserRow).where(UserRow.username == username)
            )
            return row

    async def by_id(self, user_id: int) -> UserRow | None:
        async with self.db.session() as session:
            return await session.get(UserRow, user_id)

    async def list(self) -> list[UserRow]:
        async with self.db.session() as session:
            return list(await session.scalars(select(UserRow).order_by(UserRow.username)))

    async def add(self, username: str, password_hash: str, role: str, display_name: str) -> UserRow:
        now = utcnow()
        row = UserRow(
            username=username,
            password_hash=password_hash,
            role=role,
            display_name=display_name,
            disabled=False,
            created_at=now,
            updated_at=now,
        )
        async with self.db.session() as session:
            session.add(row)
            try:
                await session.commit()
            except IntegrityError as exc:
                raise UserExists(f"user {username!r} already exists") from exc
        return row

    async def update(self, user_id: int, **values: Any) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(UserRow).where(UserRow.id == user_id).values(updated_at=utcnow(), **values)
            )
            await session.commit()


class TokenRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self, user_id: int, name: str, token_hash: str, prefix: str, expires_at: datetime | None
    ) -> ApiTokenRow:
        row = ApiTokenRow(
            user_id=user_id,
            name=name,
            token_hash=token_hash,
            prefix=prefix,
            created_at=utcnow(),
            expires_at=expires_at,
        )
        async with self.db.session() as session:
            session.add(row)
            await session.commit()
        return row

    async def by_hash(self, token_hash: str) -> ApiTokenRow | None:
        async with self.db.session() as session:
            row: ApiTokenRow | None = await session.scalar(
                select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)
            )
            return row

    async def by_id(self, token_id: int) -> ApiTokenRow | None:
        async with self.db.session() as session:
            return await session.get(ApiTokenRow, token_id)

    async def touch(self, token_id: int) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=utcnow())
            )
            await session.commit()

    async def for_user(self, user_id: int) -> list[ApiTokenRow]:
        async with self.db.session() as session:
            query = select(ApiTokenRow).where(ApiTokenRow.user_id == user_id)
            return list(await session.scalars(query.order_by(ApiTokenRow.id)))

    async def revoke(self, token_id: int, user_id: int | None) -> bool:
        """Revoke one token (of ``user_id`` unless None); False when there was none to revoke."""
        query = update(ApiTokenRow).where(
            ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None)
        )
        if user_id is not None:
            query = query.where(ApiTokenRow.user_id == user_id)
        async with self.db.session() as session:
            result: Any = await session.execute(query.values(revoked_at=utcnow()))
            await session.commit()
            return bool(result.rowcount == 1)


class TicketRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, ticket_hash: str, user_id: int, expires_at: datetime) -> None:
        async with self.db.session() as session:
            await session.execute(delete(TicketRow).where(TicketRow.expires_at < utcnow()))
            session.add(TicketRow(ticket_hash=ticket_hash, user_id=user_id, expires_at=expires_at))
            await session.commit()

    async def consume(self, ticket_hash: str) -> int | None:
        """Delete the ticket; its user id if this call consumed it and it had not expired."""
        async with self.db.session() as session:
            row = await session.get(TicketRow, ticket_hash)
            if row is None:
                return None
            user_id, expires_at = row.user_id, row.expires_at
            result: Any = await session.execute(
                delete(TicketRow).where(TicketRow.ticket_hash == ticket_hash)
            )
            await session.commit()
            if result.rowcount != 1 or expires_at <= utcnow():
                return None
            return user_id


class LockoutRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, key: str) -> LockoutRow | None:
        async with self.db.session() as session:
            return await session.get(LockoutRow, key)

    async def record_failure(
        self, key: str, window_start: datetime, threshold: int, locked_until: datetime
    ) -> LockoutRow:
        """Count one failure (restarting the count outside the window); lock at the threshold."""
        now = utcnow()
        async with self.db.session() as session:
            row = await session.get(LockoutRow, key, with_for_update=True)
            if row is None:
                row = LockoutRow(key=key, failures=0, first_failure_at=now, last_failure_at=now)
                session.add(row)
            elif row.first_failure_at < window_start and not _locked(row, now):
                row.failures, row.first_failure_at, row.locked_until = 0, now, None
            row.failures += 1
            row.last_failure_at = now
            if row.failures >= threshold and not _locked(row, now):
                row.locked_until = locked_until
            try:
                await session.commit()
            except IntegrityError:  # a concurrent first failure inserted the row: count again
                await session.rollback()
                return await self.record_failure(key, window_start, threshold, locked_until)
            return row

    async def clear(self, key: str) -> bool:
        async with self.db.session() as session:
            result: Any = await session.execute(delete(LockoutRow).where(LockoutRow.key == key))
            await session.commit()
            return bool(result.rowcount)

    async def active(self, window_start: datetime) -> list[LockoutRow]:
        """Rows still locked or still counting failures."""
        now = utcnow()
        async with self.db.session() as session:
            await session.execute(
                delete(LockoutRow).where(
                    LockoutRow.last_failure_at < window_start,
                    (LockoutRow.locked_until.is_(None)) | (LockoutRow.locked_until < now),
                )
            )
            await session.commit()
            return list(await session.scalars(select(LockoutRow).order_by(LockoutRow.key)))


def _locked(row: LockoutRow, now: datetime) -> bool:
    return row.locked_until is not None and row.locked_until > now
