"""The admin routes the console's #teams view is built on."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic
from tests.notifications.cards_check import check_envelope
from tests.notifications.receiver import Receiver

RULES = {"min_severity": "high", "streams": ["JS_PAY*"], "approvals": False}


def test_channels_test_send_log_and_retry(
    make_client: Callable[..., TestClient], receiver: Receiver, capfd: pytest.CaptureFixture[str]
) -> None:
    api = make_client(teams_allow_private_urls=True, teams_poll_seconds=0.2)
    url = receiver.url("/workflows/abc/triggers/manual?sig=TOPSECRET9876")
    made = api.post(
        "/api/v1/teams/channels", json={"name": "folha", "url": url, "rules": RULES}, headers=ADMIN
    )
    assert made.status_code == 201, made.text
    listed = api.get("/api/v1/teams/channels", headers=ADMIN)
    assert "TOPSECRET" not in listed.text and "workflows" not in listed.text
    (channel,) = listed.json()
    assert channel["url"].endswith("/…9876") and channel["rules"]["min_severity"] == "high"

    receiver.script = [(400, {}), (202, {})]
    failed = api.post("/api/v1/teams/channels/folha/test", headers=ADMIN).json()
    assert failed["outcome"] == "failed" and failed["status_code"] == 400
    sent = api.post("/api/v1/teams/channels/folha/test", headers=ADMIN).json()
    assert sent["outcome"] == "delivered" and sent["status_code"] == 202
    assert len(receiver.received) == 2
    check_envelope(receiver.received[-1].body)
    log = api.get("/api/v1/teams/deliveries", headers=ADMIN).json()
    assert [(row["channel"], row["status_code"]) for row in log] == [("folha", 202), ("folha", 400)]

    patched = api.patch(
        "/api/v1/teams/channels/folha", json={"enabled": False}, headers=ADMIN
    ).json()
    assert patched["enabled"] is False
    assert api.delete("/api/v1/teams/channels/folha", headers=ADMIN).status_code == 204
    assert api.post("/api/v1/teams/channels/folha/test", headers=ADMIN).status_code == 404
    metrics = api.get("/metrics").text
    assert 'resync_teams_deliveries_total{outcome="delivered"} 1.0' in metrics
    assert "resync_teams_outbox_depth" in metrics
    logged = capfd.readouterr()
    assert "teams_test_send" in logged.out
    assert "TOPSECRET" not in logged.out + logged.err  # the webhook URL is never logged


def test_a_failed_card_is_retried_on_request(
    make_client: Callable[..., TestClient], receiver: Receiver
) -> None:
    receiver.script = [(404, {})]
    api = make_client(
        teams_webhook_url=receiver.url(), teams_allow_private_urls=True, teams_poll_seconds=0.2
    )
    add_user(api, "olga", "operator", "operator-pass-1")
    api.post(
        "/api/v1/approvals",
        json={"action": "rerun", "target": "PAYROLL_01", "justification": "arquivo reenviado"},
        headers=basic("olga", "operator-pass-1"),
    )
    receiver.wait_for(1)
    (row,) = _wait_rows(api, "failed")
    assert row["title"].startswith("Aprovação #") and row["attempts"] == 1
    retried = api.post(f"/api/v1/teams/outbox/{row['id']}/retry", headers=ADMIN)
    assert retried.status_code == 200
    receiver.wait_for(2)
    assert _wait_rows(api, "delivered")[0]["id"] == row["id"]
    attempts = api.get(f"/api/v1/teams/deliveries?outbox_id={row['id']}", headers=ADMIN).json()
    assert [a["outcome"] for a in attempts] == ["delivered", "failed"]
    assert api.post(f"/api/v1/teams/outbox/{row['id']}/retry", headers=ADMIN).status_code == 404


def test_guard_mapping_and_roles(make_client: Callable[..., TestClient]) -> None:
    api = make_client()
    unsafe = api.post(
        "/api/v1/teams/channels",
        json={"name": "x", "url": "https://10.0.0.1/hook"},
        headers=ADMIN,
    )
    assert unsafe.status_code == 422 and unsafe.json()["error"] == "unsafe_webhook_url"
    add_user(api, "olga", "operator", "operator-pass-1")
    olga = basic("olga", "operator-pass-1")
    for path in ("channels", "deliveries", "outbox", "users", "incoming"):
        assert api.get(f"/api/v1/teams/{path}", headers=olga).status_code == 403
    nobody = {"teams_key": "aad-1", "username": "nobody"}
    assert api.put("/api/v1/teams/users", json=nobody, headers=ADMIN).status_code == 404
    link = {"teams_key": "aad-1", "username": "olga"}
    assert api.put("/api/v1/teams/users", json=link, headers=ADMIN).status_code == 200
    assert [m["username"] for m in api.get("/api/v1/teams/users", headers=ADMIN).json()] == ["olga"]
    assert api.delete("/api/v1/teams/users/aad-1", headers=ADMIN).status_code == 204
    assert api.delete("/api/v1/teams/users/aad-1", headers=ADMIN).status_code == 404
    incoming = api.get("/api/v1/teams/incoming", headers=ADMIN).json()
    assert incoming["secret_set"] is False and incoming["outbox_depth"] == 0


def _wait_rows(api: TestClient, status: str) -> list[dict[str, object]]:
    for _ in range(600):
        rows = api.get(f"/api/v1/teams/outbox?status={status}", headers=ADMIN).json()
        if rows:
            return list(rows)
        time.sleep(0.1)
    raise AssertionError(f"no outbox row became {status}")
