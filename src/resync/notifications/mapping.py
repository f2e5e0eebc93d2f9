"""Which Resync user a Teams user is: kept by an admin, keyed by the Teams user's
``aadObjectId`` (preferred: it never changes) or display name."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.notifications.tables import users


class UserLink(BaseModel):
    teams_key: str = Field(
        min_length=1, max_length=200, description="the Teams aadObjectId, or the display name"
    )
    username: str = Field(min_length=1, max_length=150, description="the Resync user")


class UserMap:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def username_for(self, keys: list[str]) -> str | None:
        """The first key that is mapped gives the user."""

        def work(conn: Connection) -> str | None:
            for key in keys:
                found = conn.execute(
                    sa.select(users.c.username).where(users.c.teams_key == key[:200])
                ).scalar()
                if found:
                    return str(found)
            return None

        return await self.db.read(work)

    async def listed(self) -> list[dict[str, Any]]:
        def work(conn: Connection) -> list[dict[str, Any]]:
            rows = conn.execute(sa.select(users).order_by(users.c.username, users.c.teams_key))
            return [dict(row._mapping) for row in rows]

        return await self.db.read(work)

    async def put(self, link: UserLink) -> None:
        def work(conn: Connection) -> None:
            conn.execute(sa.delete(users).where(users.c.teams_key == link.teams_key))
            conn.execute(
                sa.insert(users).values(
                    teams_key=link.teams_key, username=link.username, created_at=utcnow()
                )
            )

        await self.db.write(work)

    async def delete(self, teams_key: str) -> bool:
        def work(conn: Connection) -> int:
            return conn.execute(sa.delete(users).where(users.c.teams_key == teams_key)).rowcount

        return bool(await self.db.write(work))
