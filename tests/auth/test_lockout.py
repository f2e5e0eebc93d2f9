"""Failed logins lock a user and a client address out, visibly, until expiry or an admin."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic


def test_repeated_failures_lock_the_user_until_the_lock_expires(
    make_client: Callable[..., TestClient],
) -> None:
    api = make_client(auth_max_failures=3, auth_lockout_seconds=1.5)
    add_user(api, "lia", "viewer", "lia-pass-123")
    for _ in range(3):
        assert api.get("/api/v1/auth/me", headers=basic("lia", "guess-guess")).status_code == 401
    locked = api.get("/api/v1/auth/me", headers=basic("lia", "lia-pass-123"))
    assert locked.status_code == 429 and locked.json()["error"] == "locked_out"
    assert 1 <= int(locked.headers["retry-after"]) <= 2

    lockouts = {lk["key"]: lk for lk in api.get("/api/v1/auth/lockouts", headers=ADMIN).json()}
    assert lockouts["user:lia"]["locked"] is True and lockouts["user:lia"]["failures"] == 3
    assert lockouts["address:testclient"]["locked"] is False

    time.sleep(1.6)
    assert api.get("/api/v1/auth/me", headers=basic("lia", "lia-pass-123")).status_code == 200
    failures = api.get(
        "/api/v1/audit", headers=ADMIN, params={"action": "auth.login", "actor": "lia"}
    ).json()
    assert [e["outcome"] for e in failures] == ["success", "failure", "failure", "failure"]
    assert failures[1]["detail"]["locked"] is True


def test_an_admin_sees_and_clears_a_lock(make_client: Callable[..., TestClient]) -> None:
    api = make_client(auth_max_failures=2)
    add_user(api, "max", "viewer", "max-pass-123")
    for _ in range(2):
        api.get("/api/v1/auth/me", headers=basic("max", "wrong-wrong"))
    assert api.get("/api/v1/auth/me", headers=basic("max", "max-pass-123")).status_code == 429
    assert api.delete("/api/v1/auth/lockouts/user:max", headers=ADMIN).status_code == 204
    assert api.get("/api/v1/auth/me", headers=basic("max", "max-pass-123")).status_code == 200
    assert api.delete("/api/v1/auth/lockouts/user:max", headers=ADMIN).status_code == 404
    cleared = api.get("/api/v1/audit", headers=ADMIN, params={"action": "auth.lockout_clear"})
    assert cleared.json()[0]["target"] == "user:max"


def test_failures_across_many_names_lock_the_client_address(
    make_client: Callable[..., TestClient],
) -> None:
    api = make_client(auth_max_failures_per_address=4)
    for number in range(4):
        api.get("/api/v1/auth/me", headers=basic(f"user{number}", "spray-password"))
    # Even the right password is refused from that address now.
    response = api.get("/api/v1/auth/me", headers=ADMIN)
    assert response.status_code == 429


def test_unknown_and_known_users_fail_the_same_way(api: TestClient) -> None:
    add_user(api, "nina", "viewer", "nina-pass-123")
    unknown = api.get("/api/v1/auth/me", headers=basic("ghost", "wrong-wrong"))
    known = api.get("/api/v1/auth/me", headers=basic("nina", "wrong-wrong"))
    assert unknown.status_code == known.status_code == 401
    assert unknown.json()["detail"] == known.json()["detail"]
