"""Finding 8 (logins): a lockout applies to cached logins; an admin changing their own
password gives the current one."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, ADMIN_PASSWORD, basic


def test_a_lockout_applies_to_a_login_remembered_in_memory(
    make_client: Callable[..., TestClient],
) -> None:
    api = make_client(auth_max_failures=3)
    assert api.get("/api/v1/auth/me", headers=ADMIN).status_code == 200  # now cached
    for _ in range(3):
        assert api.get("/api/v1/auth/me", headers=basic("admin", "wrong")).status_code == 401
    locked = api.get("/api/v1/auth/me", headers=ADMIN)
    assert locked.status_code == 429
    assert "Retry-After" in locked.headers


def test_an_admin_changing_their_own_password_gives_the_current_one(api: TestClient) -> None:
    path = "/api/v1/users/admin"
    missing = api.patch(path, json={"password": "brand-new-pass-1"}, headers=ADMIN)
    assert missing.status_code == 403
    wrong = api.patch(
        path,
        json={"password": "brand-new-pass-1", "current_password": "not-it-at-all"},
        headers=ADMIN,
    )
    assert wrong.status_code == 403
    assert api.get("/api/v1/auth/me", headers=ADMIN).status_code == 200  # unchanged
    right = api.patch(
        path,
        json={"password": "brand-new-pass-1", "current_password": ADMIN_PASSWORD},
        headers=ADMIN,
    )
    assert right.status_code == 200, right.text
    assert api.get("/api/v1/auth/me", headers=basic("admin", "brand-new-pass-1")).status_code == 200


def test_an_admin_resets_someone_elses_password_without_theirs(api: TestClient) -> None:
    created = api.post(
        "/api/v1/users",
        json={"username": "vera", "password": "vera-pass-1", "role": "viewer"},
        headers=ADMIN,
    )
    assert created.status_code == 201
    reset = api.patch("/api/v1/users/vera", json={"password": "vera-pass-2"}, headers=ADMIN)
    assert reset.status_code == 200
