"""/admin/routing/recent and /stats show exactly the decisions made, to admins only."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from resync.contract.context import RouteContext
from resync.contract.result import RoutingResult
from tests.fixtures.auth_clients import ADMIN, add_user, basic


def _ask(client: TestClient, message: str) -> RoutingResult:
    router = client.app.state.services.router  # type: ignore[attr-defined]
    result: RoutingResult = client.portal.call(router.route, message, RouteContext())
    return result


def test_recent_and_stats_reflect_exactly_the_decisions_made(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(hwa_sim_clock_speed=0)
    messages = ["oi", "o que significa AWSBHT001E?", "por que o PAYROLL_01 abendou?"]
    results = [_ask(client, message) for message in messages]

    recent = client.get("/admin/routing/recent", params={"limit": 10}, headers=ADMIN)
    assert recent.status_code == 200
    rows = recent.json()
    assert [row["trace_id"] for row in rows] == [r.trace_id for r in reversed(results)]
    assert [row["message"] for row in rows] == list(reversed(messages))
    assert [(row["intent"], row["mode"], row["handler"], row["outcome"]) for row in rows] == [
        ("troubleshooting", "diagnostic", "diagnostic", "ok"),
        ("troubleshooting", "diagnostic", "diagnostic", "ok"),
        ("greeting", "rag_only", "rag_only", "ok"),
    ]
    assert rows[0]["tools"] == results[2].tools_used
    assert (
        client.get("/admin/routing/recent", params={"limit": 1}, headers=ADMIN).json() == rows[:1]
    )

    stats = client.get("/admin/routing/stats", headers=ADMIN).json()
    assert stats["total"] == 3 and stats["errors"] == 0
    assert stats["by_mode"] == {"diagnostic": 2, "rag_only": 1}
    assert stats["by_intent"] == {"troubleshooting": 2, "greeting": 1}
    assert stats["by_outcome"] == {"ok": 3}


def test_the_routing_endpoints_require_an_admin(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    add_user(client, "ana", "viewer", "viewer-Secret-1234")
    add_user(client, "op", "operator", "operator-Secret-1234")
    for path in ("/admin/routing/recent", "/admin/routing/stats"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers=basic("admin", "wrong-password")).status_code == 401
        assert client.get(path, headers=basic("ana", "viewer-Secret-1234")).status_code == 403
        assert client.get(path, headers=basic("op", "operator-Secret-1234")).status_code == 403
        assert client.get(path, headers=ADMIN).status_code == 200
