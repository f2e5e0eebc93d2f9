"""Apply Alembic migrations on start (every branch head: domains add their own chains)."""

from __future__ import annotations

from pathlib import Path

import structlog
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from resync.db.engine import Database
from resync.db.locks import database_lock

log = structlog.get_logger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def _upgrade(connection: Connection) -> tuple[set[str], set[str]]:
    """The revisions before and after upgrading to every head."""
    before = set(MigrationContext.configure(connection).get_current_heads())
    command.upgrade(alembic_config(connection), "heads")
    return before, set(MigrationContext.configure(connection).get_current_heads())


async def run_migrations(db: Database) -> None:
    """Upgrade to every head; replicas starting together take turns (the first migrates,
    the others then find nothing to do)."""
    async with database_lock(db.engine, "migrations"), db.engine.begin() as conn:
        before, after = await conn.run_sync(_upgrade)
    if before == after:
        log.info("database_up_to_date", revisions=sorted(after))
    else:
        log.info("database_migrated", revisions=sorted(after), previous=sorted(before))
