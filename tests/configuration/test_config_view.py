"""``GET /api/v1/admin/config`` and the connection tests, against the real parts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from resync.configuration.keys import MASK, shown
from tests.fixtures.auth_clients import ADMIN
from tests.fixtures.llm_stub import LLMStub, http_error, text
from tests.fixtures.redis_server import redis_server

TEST = "/api/v1/admin/config/test/"


def test_config_is_grouped_with_sources_and_no_secret(api: TestClient) -> None:
    response = api.get("/api/v1/admin/config", headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    groups = {group["name"]: group["settings"] for group in body["groups"]}
    for name in ("hwa", "database", "redis", "llm", "embeddings", "knowledge", "chat"):
        assert name in groups
    for name in ("auth", "approvals", "teams", "monitoring"):
        assert name in groups
    hwa = {entry["key"]: entry for entry in groups["hwa"]}
    assert hwa["hwa_cache_ttl"]["source"] == "default"
    assert hwa["hwa_sim_password"]["value"] == MASK
    auth = {entry["key"]: entry for entry in groups["auth"]}
    assert auth["admin_password"]["source"] == "environment"
    assert "admin-Secret" not in response.text and "wapassword" not in response.text
    assert body["tests"] == ["hwa", "llm", "embeddings", "database", "redis"]


def test_urls_lose_their_password() -> None:
    assert "s3cret" not in shown("database_url", "postgresql+asyncpg://u:s3cret@db/resync")
    assert "s3cret" not in shown("redis_url", "redis://:s3cret@cache:6379/0")
    assert shown("hwa_url", "https://mdm:31116/twsd") == "https://mdm:31116/twsd"


def test_hwa_and_database_tests_answer_through_the_real_clients(api: TestClient) -> None:
    hwa = api.post(TEST + "hwa", headers=ADMIN).json()
    assert hwa["ok"] is True, hwa
    assert hwa["simulated"] is True and hwa["version"]
    assert hwa["breaker"] == "closed" and hwa["latency_ms"] >= 0
    assert hwa["sample_job"]
    database = api.post(TEST + "database", headers=ADMIN).json()
    assert database["ok"] is True and database["dialect"] == "sqlite"


def test_what_is_not_configured_says_so(api: TestClient) -> None:
    for target, setting in (
        ("llm", "RESYNC_LLM_BASE_URL"),
        ("embeddings", "RESYNC_KNOWLEDGE_EMBEDDINGS_URL"),
        ("redis", "RESYNC_REDIS_URL"),
    ):
        result = api.post(TEST + target, headers=ADMIN).json()
        assert result["ok"] is False and result["configured"] is False
        assert setting in result["error"]
    unknown = api.post(TEST + "kafka", headers=ADMIN)
    assert unknown.status_code == 404 and "hwa" in unknown.json()["detail"]


def test_llm_test_reports_the_model_or_the_error(
    make_client: Callable[..., TestClient], llm_stub: LLMStub
) -> None:
    api = make_client(llm_base_url=llm_stub.base_url)
    llm_stub.reset(text("ok"))
    result = api.post(TEST + "llm", headers=ADMIN).json()
    assert result["ok"] is True and result["model"] == "gpt-4o-mini" and result["answer"] == "ok"
    llm_stub.reset(http_error(500, "modelo fora do ar"))
    failed = api.post(TEST + "llm", headers=ADMIN).json()
    assert failed["ok"] is False and failed["configured"] is True
    assert failed["error"] and "Traceback" not in failed["error"]
    # The model the console sets is the one the next call uses.
    body = {"changes": {"llm_model": "outro-modelo"}, "reason": "trocar o modelo"}
    assert api.put("/api/v1/admin/settings", headers=ADMIN, json=body).status_code == 200
    llm_stub.reset(text("ok"))
    assert api.post(TEST + "llm", headers=ADMIN).json()["model"] == "outro-modelo"
    assert llm_stub.requests[-1]["model"] == "outro-modelo"


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path) as url:
        yield url


def test_redis_test_against_a_real_server(
    redis_url: str, make_client: Callable[..., TestClient]
) -> None:
    api = make_client(redis_url=redis_url)  # stopped before the server (fixture order)
    result = api.post(TEST + "redis", headers=ADMIN).json()
    assert result["ok"] is True and result["version"], result
