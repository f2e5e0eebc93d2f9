"""People and plan look-ups shared by the approval tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from resync.services import Services
from resync.tws.models import JobInstance
from tests.fixtures.auth_clients import add_user, basic

OTTO = basic("otto", "otto-pass-123")  # operator
OLGA = basic("olga", "olga-pass-123")  # operator
VERA = basic("vera", "vera-pass-123")  # viewer
JUSTIFICATION = "Arquivo de entrada corrigido pelo time de folha; reprocessar."


def add_people(api: TestClient) -> None:
    add_user(api, "otto", "operator", "otto-pass-123")
    add_user(api, "olga", "operator", "olga-pass-123")
    add_user(api, "vera", "viewer", "vera-pass-123")


def services_of(api: TestClient) -> Services:
    services: Services = api.app.state.services  # type: ignore[attr-defined]
    return services


def plan_jobs(api: TestClient, name: str) -> list[JobInstance]:
    """Every instance of ``name`` in the plan, read fresh from the simulator."""
    services = services_of(api)

    async def read() -> list[JobInstance]:
        services.tws.cache.invalidate()
        return await services.tws.find_jobs(name)

    assert api.portal is not None
    return api.portal.call(read)


def request_change(
    api: TestClient, action: str, target: str, who: dict[str, str] = OTTO, **extra: Any
) -> dict[str, Any]:
    response = api.post(
        "/api/v1/approvals",
        headers=who,
        json={"action": action, "target": target, "justification": JUSTIFICATION, **extra},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
