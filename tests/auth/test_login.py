"""Basic logins, roles, users administration."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic


def test_the_first_admin_comes_from_settings(api: TestClient) -> None:
    response = api.get("/api/v1/auth/me", headers=ADMIN)
    assert response.status_code == 200
    assert response.json() == {
        "id": 1,
        "username": "admin",
        "role": "admin",
        "display_name": "Administrator",
    }


def test_missing_credentials_challenge_plain_clients_but_not_the_console(api: TestClient) -> None:
    plain = api.get("/api/v1/auth/me")
    assert plain.status_code == 401
    assert plain.headers["www-authenticate"] == 'Basic realm="resync"'
    assert plain.json()["error"] == "unauthorized"
    console = api.get("/api/v1/auth/me", headers={"X-Requested-With": "resync"})
    assert console.status_code == 401
    assert "basic" not in console.headers["www-authenticate"].lower()


def test_wrong_password_unknown_user_and_disabled_user_are_refused(api: TestClient) -> None:
    add_user(api, "carla", "operator", "carla-pass-123")
    assert api.get("/api/v1/auth/me", headers=basic("carla", "carla-pass-123")).status_code == 200
    wrong = api.get("/api/v1/auth/me", headers=basic("carla", "not-her-password"))
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"] == 'Basic realm="resync"'
    assert api.get("/api/v1/auth/me", headers=basic("nobody", "whatever1")).status_code == 401
    patched = api.patch("/api/v1/users/carla", headers=ADMIN, json={"disabled": True})
    assert patched.status_code == 200 and patched.json()["disabled"] is True
    # Her credentials were verified (and cached) a moment ago; disabling still wins.
    assert api.get("/api/v1/auth/me", headers=basic("carla", "carla-pass-123")).status_code == 401


def test_a_changed_password_stops_the_old_one_at_once(api: TestClient) -> None:
    add_user(api, "dora", "viewer", "dora-old-pass")
    assert api.get("/api/v1/auth/me", headers=basic("dora", "dora-old-pass")).status_code == 200
    api.patch("/api/v1/users/dora", headers=ADMIN, json={"password": "dora-new-pass"})
    assert api.get("/api/v1/auth/me", headers=basic("dora", "dora-old-pass")).status_code == 401
    assert api.get("/api/v1/auth/me", headers=basic("dora", "dora-new-pass")).status_code == 200


def test_roles_are_ordered(api: TestClient) -> None:
    add_user(api, "vera", "viewer", "vera-pass-123")
    add_user(api, "otto", "operator", "otto-pass-123")
    for who in (basic("vera", "vera-pass-123"), basic("otto", "otto-pass-123")):
        denied = api.get("/api/v1/users", headers=who)
        assert denied.status_code == 403 and denied.json()["error"] == "forbidden"
        assert api.get("/api/v1/audit", headers=who).status_code == 403
    users = api.get("/api/v1/users", headers=ADMIN).json()
    assert {u["username"]: u["role"] for u in users} == {
        "admin": "admin",
        "otto": "operator",
        "vera": "viewer",
    }


def test_user_changes_are_audited_without_the_password(api: TestClient) -> None:
    add_user(api, "eva", "viewer", "eva-secret-pw")
    api.patch(
        "/api/v1/users/eva", headers=ADMIN, json={"role": "operator", "password": "eva-2nd-pw!"}
    )
    entries = api.get("/api/v1/audit", headers=ADMIN, params={"action": "user.update"}).json()
    assert entries[0]["actor"] == "admin" and entries[0]["target"] == "user:eva"
    assert entries[0]["detail"] == {"role": "operator", "password": "changed"}
    assert entries[0]["client"] == "testclient" and entries[0]["trace_id"]
    everything = api.get("/api/v1/audit", headers=ADMIN, params={"limit": 1000}).text
    assert "eva-secret-pw" not in everything and "eva-2nd-pw!" not in everything


def test_an_admin_cannot_lock_themselves_out_by_demotion(api: TestClient) -> None:
    response = api.patch("/api/v1/users/admin", headers=ADMIN, json={"role": "viewer"})
    assert response.status_code == 403  # a rule of the route, not a malformed request
    assert response.json()["error"] == "self_change_refused"


def test_duplicate_and_invalid_users_are_refused(api: TestClient) -> None:
    add_user(api, "fabio", "viewer", "fabio-pass-1")
    again = api.post(
        "/api/v1/users", headers=ADMIN, json={"username": "fabio", "password": "another-pass"}
    )
    assert again.status_code == 409
    short = api.post("/api/v1/users", headers=ADMIN, json={"username": "gil", "password": "x"})
    assert short.status_code == 422


def test_concurrent_logins_with_the_same_credentials_verify_the_password_once(
    api: TestClient,
) -> None:
    add_user(api, "paula", "viewer", "paula-pass-123")
    who = basic("paula", "paula-pass-123")
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda _: api.get("/api/v1/auth/me", headers=who), range(12)))
    assert all(answer.status_code == 200 for answer in answers)
    logins = api.get(
        "/api/v1/audit", headers=ADMIN, params={"action": "auth.login", "actor": "paula"}
    ).json()
    assert len(logins) == 1  # one verification; the other requests waited and hit the cache
