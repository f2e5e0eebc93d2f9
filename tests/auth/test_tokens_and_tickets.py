"""Personal API tokens and one-time WebSocket tickets."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from resync.auth.tickets import authenticate_ws_ticket
from tests.fixtures.auth_clients import ADMIN, add_user, basic, bearer


def test_a_token_is_shown_once_works_and_stops_when_revoked(api: TestClient) -> None:
    add_user(api, "ivo", "operator", "ivo-pass-123")
    ivo = basic("ivo", "ivo-pass-123")
    created = api.post("/api/v1/auth/tokens", headers=ivo, json={"name": "nagios"})
    assert created.status_code == 201
    token = created.json()["token"]
    assert api.get("/api/v1/auth/me", headers=bearer(token)).json()["username"] == "ivo"

    listed = api.get("/api/v1/auth/tokens", headers=ivo)
    assert [t["name"] for t in listed.json()] == ["nagios"]
    assert token not in listed.text and listed.json()[0]["last_used_at"] is not None

    token_id = created.json()["id"]
    assert api.delete(f"/api/v1/auth/tokens/{token_id}", headers=ivo).status_code == 204
    revoked = api.get("/api/v1/auth/me", headers=bearer(token))
    assert revoked.status_code == 401
    assert revoked.headers["www-authenticate"].startswith("Bearer")
    assert api.delete(f"/api/v1/auth/tokens/{token_id}", headers=ivo).status_code == 404


def test_made_up_tokens_are_refused(api: TestClient) -> None:
    assert api.get("/api/v1/auth/me", headers=bearer("rsy_" + "a" * 43)).status_code == 401
    assert api.get("/api/v1/auth/me", headers=bearer("garbage")).status_code == 401


def test_someone_elses_token_cannot_be_revoked_by_a_non_admin(api: TestClient) -> None:
    add_user(api, "jose", "operator", "jose-pass-123")
    add_user(api, "kim", "operator", "kim-pass-1234")
    token = api.post(
        "/api/v1/auth/tokens", headers=basic("jose", "jose-pass-123"), json={"name": "ci"}
    ).json()
    kim = basic("kim", "kim-pass-1234")
    assert api.delete(f"/api/v1/auth/tokens/{token['id']}", headers=kim).status_code == 404
    assert api.get("/api/v1/auth/me", headers=bearer(token["token"])).status_code == 200
    assert api.delete(f"/api/v1/auth/tokens/{token['id']}", headers=ADMIN).status_code == 204


def test_a_ticket_authenticates_one_websocket_once(api: TestClient) -> None:
    answer = api.post("/api/v1/auth/ticket", headers=ADMIN).json()
    assert answer["expires_in"] == 30
    services = api.app.state.services  # type: ignore[attr-defined]
    assert api.portal is not None
    user = api.portal.call(authenticate_ws_ticket, services.auth, answer["ticket"])
    assert user is not None and user.username == "admin"
    assert api.portal.call(authenticate_ws_ticket, services.auth, answer["ticket"]) is None
    assert api.portal.call(authenticate_ws_ticket, services.auth, "made-up") is None


def test_an_expired_ticket_is_refused(make_client: Callable[..., TestClient]) -> None:
    api = make_client(auth_ticket_seconds=0.3)
    ticket = api.post("/api/v1/auth/ticket", headers=ADMIN).json()["ticket"]
    time.sleep(0.5)
    services = api.app.state.services  # type: ignore[attr-defined]
    assert api.portal is not None
    assert api.portal.call(authenticate_ws_ticket, services.auth, ticket) is None


def test_tickets_need_credentials(api: TestClient) -> None:
    assert api.post("/api/v1/auth/ticket").status_code == 401
