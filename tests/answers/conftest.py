"""Real services (embedded simulator, SQLite, approvals) and real classifications for the
agentic handler tests; the simulator's clock is frozen so the demo plan holds still."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import RoutingMode
from resync.contract.context import RouteContext
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.observability.metrics import Metrics
from resync.services import Services
from resync.settings import Settings
from resync.tws.models import JobInstance, JobState
from tests.fixtures.routing_app import make_app

__all__ = ["make_app"]


def plan_settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(  # type: ignore[call-arg]
        data_dir=tmp_path / "var", hwa_sim_clock_speed=0, _env_file=None, **overrides
    )


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    started = await Services.start(plan_settings(tmp_path), Metrics())
    yield started
    await started.close()


async def add_person(services: Services, username: str, role: Role) -> AuthenticatedUser:
    out = await services.users.add(username, f"{username}-pass-123", role, actor=None)
    return AuthenticatedUser(id=out.id, username=out.username, role=out.role)


@pytest.fixture
async def operator(services: Services) -> AuthenticatedUser:
    return await add_person(services, "otto", Role.operator)


@pytest.fixture
async def viewer(services: Services) -> AuthenticatedUser:
    return await add_person(services, "vera", Role.viewer)


_CLASSIFIER = IntentClassifier()


async def ask(
    services: Services,
    message: str,
    *,
    user: AuthenticatedUser | None = None,
    context: RouteContext | None = None,
    intent: str | None = None,
) -> HandlerReply:
    """Classify ``message`` for real and run the agentic handler on it."""
    route = context or RouteContext(user=user)
    classification = services.router.classify(message, route)  # follow-ups resolved
    if intent is not None:
        assert classification.primary_intent.value == intent, classification
    request = HandlerRequest(message, classification, route, "trace-test")
    return await services.router.handlers[RoutingMode.agentic].handle(request)


async def plan_jobs(services: Services, *states: JobState) -> list[JobInstance]:
    """The plan's jobs in ``states`` (last of each rerun chain), read fresh from HWA."""
    services.tws.cache.invalidate()
    jobs = await services.tws.list_jobs(states=list(states), limit=5000)
    return [job for job in jobs if job.is_last_in_chain]


def table(reply: HandlerReply, index: int = 0) -> TablePart:
    tables = [part for part in reply.parts if isinstance(part, TablePart)]
    return tables[index]


def column(part: TablePart, name: str) -> list[Any]:
    position = part.columns.index(name)
    return [row[position] for row in part.rows]
