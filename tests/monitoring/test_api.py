"""/api/v1/monitoring over the app: reading for anyone signed in, changes for operators."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic

VIEWER = basic("vera", "viewer-Secret-1")
OPERATOR = basic("otto", "operator-Secret-1")


def _client(make_client: Callable[..., TestClient]) -> TestClient:
    client = make_client(monitoring_poll_seconds=3600, hwa_sim_clock_speed=0)
    add_user(client, "vera", "viewer", "viewer-Secret-1")
    add_user(client, "otto", "operator", "operator-Secret-1")
    poller = client.app.state.services.poller  # type: ignore[attr-defined]
    client.portal.call(poller.poll_once)  # type: ignore[union-attr]
    return client


def test_reading_acknowledging_resolving_and_silencing(
    make_client: Callable[..., TestClient],
) -> None:
    client = _client(make_client)
    current = client.get("/api/v1/monitoring/current", headers=VIEWER).json()
    assert current["jobs"] == 2442 and current["jobs_by_state"]["ABEND"] >= 8
    assert current["alerts_by_severity"]["critical"] >= 1 and current["poller"]["polls"] == 1
    page = client.get(
        "/api/v1/monitoring/alerts", params={"kind": "job_failed", "status": "open"}, headers=VIEWER
    ).json()
    assert page["total"] >= 9 and all(a["kind"] == "job_failed" for a in page["items"])
    alert = page["items"][0]
    assert alert["texts"]["en"]["title"] and alert["texts"]["pt"]["title"] == alert["title"]
    path = f"/api/v1/monitoring/alerts/{alert['id']}"
    assert client.post(path + "/ack", json={"comment": "x"}, headers=VIEWER).status_code == 403
    acked = client.post(path + "/ack", json={"comment": "vendo"}, headers=OPERATOR)
    assert acked.status_code == 200 and acked.json()["acknowledged_by"] == "otto"
    done = client.post(path + "/resolve", json={"comment": "ok"}, headers=OPERATOR).json()
    assert done["status"] == "resolved" and done["resolved_by"] == "otto"
    missing = client.post("/api/v1/monitoring/alerts/999999/ack", json={}, headers=OPERATOR)
    assert missing.status_code == 404
    silence = client.post(
        "/api/v1/monitoring/silences",
        json={"job_stream": "JS_PAYROLL", "minutes": 30, "reason": "janela de manutenção"},
        headers=OPERATOR,
    )
    assert silence.status_code == 201, silence.text
    listed = client.get("/api/v1/monitoring/silences", headers=VIEWER).json()
    assert [s["job_stream"] for s in listed] == ["JS_PAYROLL"]
    bad = client.post(
        "/api/v1/monitoring/silences", json={"minutes": 5, "reason": "?"}, headers=OPERATOR
    )
    assert bad.status_code == 400
    gone = client.delete(f"/api/v1/monitoring/silences/{silence.json()['id']}", headers=OPERATOR)
    assert gone.status_code == 200 and gone.json()["removed_at"]
    audit = client.get("/api/v1/audit", params={"actor": "otto"}, headers=ADMIN).json()
    actions = {entry["action"] for entry in audit}
    assert {"monitoring.alert.ack", "monitoring.alert.resolve"} <= actions
    assert {"monitoring.silence.add", "monitoring.silence.remove"} <= actions
    history = client.get("/api/v1/monitoring/history", params={"step": 60}, headers=VIEWER)
    assert history.status_code == 200 and history.json()["points"]
    # a window reaching years back is read as its last 31 days; an empty one has no points
    wide = client.get(
        "/api/v1/monitoring/history",
        params={"since": "2000-01-01T00:00:00Z", "until": "2026-03-10T06:00:00Z"},
        headers=VIEWER,
    )
    assert wide.status_code == 200, wide.text
    assert wide.json()["since"].startswith("2026-02-07")
    empty = client.get(
        "/api/v1/monitoring/history",
        params={"since": "2026-03-10T07:00:00Z", "until": "2026-03-10T06:00:00Z"},
        headers=VIEWER,
    )
    assert empty.status_code == 200 and empty.json()["points"] == []


def test_seed_paths_redirect_metrics_and_openapi(make_client: Callable[..., TestClient]) -> None:
    client = _client(make_client)
    moved = client.get("/api/monitoring/alerts?status=open", headers=VIEWER, follow_redirects=False)
    assert moved.status_code == 308
    assert moved.headers["location"] == "/api/v1/monitoring/alerts?status=open"
    assert client.get("/api/monitoring/current", headers=VIEWER).json()["jobs"] == 2442
    assert client.get("/api/v1/monitoring/alerts").status_code == 401
    text = client.get("/metrics").text
    assert 'resync_alerts_active{kind="job_failed",severity="warning"}' in text
    assert 'resync_alerts_raised_total{kind="job_failed"}' in text
    assert "resync_monitoring_poll_seconds_count 1.0" in text
    assert 'resync_plan_jobs{state="ABEND"}' in text
    assert "resync_monitoring_last_success_timestamp_seconds" in text
    spec = client.get("/openapi.json", headers=ADMIN).json()
    paths = spec["paths"]
    assert "/api/v1/monitoring/alerts/{alert_id}/ack" in paths
    assert not [p for p in paths if p.startswith("/api/monitoring")]
    assert paths["/api/v1/monitoring/silences"]["post"].get("security")
