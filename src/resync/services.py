"""The container of long-lived objects, built once by the app's lifespan."""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass, field

import structlog

from resync.db.engine import Database
from resync.db.migrate import run_migrations
from resync.knowledge.service import KnowledgeService
from resync.monitoring.health import HealthRegistry
from resync.observability.metrics import Metrics
from resync.settings import Settings

log = structlog.get_logger(__name__)


@dataclass
class Services:
    settings: Settings
    metrics: Metrics
    db: Database
    health: HealthRegistry = field(default_factory=HealthRegistry)
    exit_stack: AsyncExitStack = field(default_factory=AsyncExitStack)
    knowledge: KnowledgeService = field(init=False)

    @classmethod
    async def start(cls, settings: Settings, metrics: Metrics) -> Services:
        db = Database(settings.database_url)
        services = cls(settings=settings, metrics=metrics, db=db)
        services.exit_stack.push_async_callback(db.close)
        try:
            await run_migrations(db)
            services.health.register("database", services._check_database)
            services.knowledge = await KnowledgeService.start(settings, db)
            services.exit_stack.push_async_callback(services.knowledge.close)
            services.health.register("knowledge_base", services.knowledge.health)
        except BaseException:
            await services.close()
            raise
        log.info("services_started", database=db.safe_url())
        return services

    async def _check_database(self) -> dict[str, str]:
        await self.db.ping()
        return {"dialect": self.db.dialect}

    async def close(self) -> None:
        await self.exit_stack.aclose()
        log.info("services_stopped")
