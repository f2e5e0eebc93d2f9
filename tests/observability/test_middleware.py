from __future__ import annotations

import re
from collections import Counter

from fastapi.testclient import TestClient


def test_csp_is_strict_and_nonce_changes_per_response(client: TestClient) -> None:
    policies = [client.get("/health/live").headers["content-security-policy"] for _ in range(3)]
    nonces = [re.search(r"'nonce-([^']+)'", p).group(1) for p in policies]  # type: ignore[union-attr]
    assert len(set(nonces)) == 3
    policy = policies[0]
    for directive in (
        "default-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_header_is_duplicated(client: TestClient) -> None:
    for path in ("/health/live", "/no/such/page", "/metrics"):
        response = client.get(path, headers={"X-Correlation-ID": "abc"})
        names = Counter(name.lower() for name, _ in response.headers.multi_items())
        assert all(count == 1 for count in names.values()), names


def test_correlation_id_rules(client: TestClient) -> None:
    kept = client.get("/health/live", headers={"X-Correlation-ID": "Trace-42_a.b:c"})
    assert kept.headers["x-correlation-id"] == "Trace-42_a.b:c"
    for bad in ("x" * 65, "has space", "semi;colon", "-leading-dash", "a/b"):
        response = client.get("/health/live", headers={"X-Correlation-ID": bad})
        assert response.headers["x-correlation-id"] != bad
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-correlation-id"])
    first, second = client.get("/health/live"), client.get("/health/live")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_error_bodies_carry_the_trace_id(client: TestClient) -> None:
    response = client.get("/missing", headers={"X-Correlation-ID": "trace-404"})
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "Not Found", "trace_id": "trace-404"}


def test_health_reports_components_and_metrics_count_requests(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok"
    assert health["components"]["database"]["status"] == "ok"
    assert client.get("/health/ready").json() == {"status": "ok"}
    assert "database" in client.get("/health/core").json()["components"]
    metrics = client.get("/metrics").text
    assert 'http_requests_total{method="GET",route="/health",status="200"} 1.0' in metrics
