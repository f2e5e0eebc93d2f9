"""Finding 8 (internal hosts): with HWA down, the HWA URL shows up for admins only —
never in anonymous health reports, error bodies or chat answers."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic

# Nothing listens there: connecting is refused at once, on this machine.
HIDDEN = "127.0.0.1:9/twsd-internal"


def _down(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(hwa_url=f"http://{HIDDEN}", hwa_read_retries=0, hwa_breaker_threshold=50)


def test_anonymous_health_shows_statuses_without_details(
    make_client: Callable[..., TestClient],
) -> None:
    api = _down(make_client)
    for path in ("/health", "/health/core"):
        report = api.get(path)
        assert report.json()["components"]["hwa"]["status"] == "down"
        assert HIDDEN not in report.text and "ConnectError" not in report.text
    admin = api.get("/health", headers=ADMIN).json()["components"]["hwa"]
    assert admin["status"] == "down" and any(HIDDEN in host for host in admin["hosts"])


def test_a_viewers_health_and_answers_do_not_name_the_hwa_host(
    make_client: Callable[..., TestClient],
) -> None:
    api = _down(make_client)
    add_user(api, "vera", "viewer", "viewer-pass-1")
    vera = basic("vera", "viewer-pass-1")
    assert HIDDEN not in api.get("/health", headers=vera).text
    answer = api.post("/api/v1/chat", json={"text": "quais jobs abendaram hoje?"}, headers=vera)
    assert answer.status_code == 200
    assert HIDDEN not in answer.text
