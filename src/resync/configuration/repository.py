"""All SQL of the settings manager: the stored overrides, written with their audit records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, select

from resync.audit.models import AuditRow
from resync.configuration.models import RuntimeSettingRow
from resync.db.engine import Database
from resync.db.timestamps import utcnow


class RuntimeSettingsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def load(self) -> dict[str, RuntimeSettingRow]:
        async with self.db.session() as session:
            rows = await session.scalars(select(RuntimeSettingRow))
            return {row.key: row for row in rows}

    async def save(
        self,
        changes: Mapping[str, Any],
        removed: Iterable[str],
        actor: str,
        audit: Iterable[AuditRow],
    ) -> None:
        """Store ``changes``, drop ``removed`` and add the audit records, in one transaction."""
        now = utcnow()
        async with self.db.writing() as session:
            for key, value in changes.items():
                await session.merge(
                    RuntimeSettingRow(key=key, value=value, updated_at=now, updated_by=actor)
                )
            gone = list(removed)
            if gone:
                await session.execute(
                    delete(RuntimeSettingRow).where(RuntimeSettingRow.key.in_(gone))
                )
            session.add_all(list(audit))
            await session.commit()
