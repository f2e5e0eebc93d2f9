"""Finding 9: /metrics needs RESYNC_METRICS_TOKEN as a bearer token when it is set."""

from __future__ import annotations

import httpx

from tests.fixtures.auth_clients import ADMIN
from tests.security.conftest import Server


def test_metrics_without_the_token_are_401(server: Server) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, ADMIN):
        response = httpx.get(f"{server.base}/metrics", headers=headers)
        assert response.status_code == 401, headers
        assert "http_requests_total" not in response.text


def test_metrics_with_the_token_are_scrapeable(server: Server) -> None:
    response = httpx.get(
        f"{server.base}/metrics", headers={"Authorization": "Bearer metrics-Secret-123"}
    )
    assert response.status_code == 200
    assert "http_requests_total" in response.text
