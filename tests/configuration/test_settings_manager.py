"""The settings manager over HTTP: validation by the Settings types, audit with reason,
environment pins, reset, and changes taking effect on the live objects at once."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic

SETTINGS = "/api/v1/admin/settings"


def _entry(api: TestClient, key: str) -> dict:  # type: ignore[type-arg]
    listing = api.get(SETTINGS, headers=ADMIN)
    assert listing.status_code == 200, listing.text
    return next(e for e in listing.json()["settings"] if e["key"] == key)


def test_lists_every_key_with_source_and_secrets_masked(api: TestClient) -> None:
    entries = {e["key"]: e for e in api.get(SETTINGS, headers=ADMIN).json()["settings"]}
    assert entries["hwa_cache_ttl"] | {} == entries["hwa_cache_ttl"]
    ttl = entries["hwa_cache_ttl"]
    assert (ttl["value"], ttl["default"], ttl["source"]) == (5.0, 5.0, "default")
    assert ttl["runtime"] and ttl["editable"] and ttl["read_only_reason"] is None
    port = entries["port"]
    assert not port["runtime"] and not port["editable"] and port["read_only_reason"]
    password = entries["admin_password"]
    assert password["source"] == "environment" and password["secret"]
    assert password["value"] == "••••••"
    assert "admin-Secret" not in api.get(SETTINGS, headers=ADMIN).text


def test_bad_values_are_refused_naming_the_field_and_nothing_is_saved(api: TestClient) -> None:
    cases = {
        "hwa_cache_ttl": -1,
        "chat_messages_per_minute": "muitas",
        "port": 9000,  # not changeable at run time
        "no_such_setting": 1,
    }
    for key, value in cases.items():
        response = api.put(
            SETTINGS, headers=ADMIN, json={"changes": {key: value}, "reason": "teste"}
        )
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["error"] == "invalid_setting"
        assert list(body["fields"]) == [key]
    # One bad key refuses the whole change.
    mixed = api.put(
        SETTINGS,
        headers=ADMIN,
        json={"changes": {"hwa_cache_ttl": 1.0, "llm_max_tokens": 1}, "reason": "teste"},
    )
    assert mixed.status_code == 422 and list(mixed.json()["fields"]) == ["llm_max_tokens"]
    assert _entry(api, "hwa_cache_ttl")["value"] == 5.0
    no_reason = api.put(SETTINGS, headers=ADMIN, json={"changes": {"hwa_cache_ttl": 1.0}})
    assert no_reason.status_code == 422
    blank = api.put(
        SETTINGS, headers=ADMIN, json={"changes": {"hwa_cache_ttl": 1.0}, "reason": "  "}
    )
    assert blank.status_code == 422
    assert api.get("/api/v1/audit?action=settings.change", headers=ADMIN).json() == []


def test_a_change_takes_effect_on_the_next_request(api: TestClient) -> None:
    for _ in range(3):
        assert api.post("/api/v1/chat", json={"text": "oi"}, headers=ADMIN).status_code == 200
    changed = api.put(
        SETTINGS,
        headers=ADMIN,
        json={"changes": {"chat_messages_per_minute": 3}, "reason": "conter um abuso"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["changed"][0]["source"] == "console"
    limited = api.post("/api/v1/chat", json={"text": "oi"}, headers=ADMIN)
    assert limited.status_code == 429
    assert limited.json()["error"] == "rate_limited"

    entries = api.get("/api/v1/audit?action=settings.change", headers=ADMIN).json()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry["actor"], entry["target"]) == ("admin", "chat_messages_per_minute")
    assert entry["detail"] == {"old": 30, "new": 3, "reason": "conter um abuso"}


def _cache_hits(api: TestClient) -> float:
    text = api.get("/metrics").text
    found = re.findall(r'hwa_client_calls_total\{[^}]*source="hit"[^}]*\} ([0-9.e+]+)', text)
    return sum(float(value) for value in found)


def test_hwa_cache_ttl_reaches_the_hwa_client(api: TestClient) -> None:
    def change(ttl: float) -> None:
        body = {"changes": {"hwa_cache_ttl": ttl}, "reason": "medir o cache"}
        assert api.put(SETTINGS, headers=ADMIN, json=body).status_code == 200

    change(0)
    before = _cache_hits(api)
    for _ in range(2):
        assert api.post("/api/v1/admin/config/test/hwa", headers=ADMIN).json()["ok"]
    assert _cache_hits(api) == before  # no cache: every read goes to HWA
    change(600)
    for _ in range(2):
        assert api.post("/api/v1/admin/config/test/hwa", headers=ADMIN).json()["ok"]
    assert _cache_hits(api) > before


def test_live_objects_follow_each_change(api: TestClient) -> None:
    services = api.app.state.services  # type: ignore[attr-defined]
    changes = {
        "hwa_read_retries": 0,
        "hwa_read_timeout": 7.5,
        "hwa_breaker_threshold": 2,
        "llm_step_limit": 3,
        "routing_handler_timeout": 45.0,
        "chat_max_sessions_per_user": 1,
        "approvals_ttl_seconds": 60.0,
        "approvals_critical_streams": "JS_NEW",
        "knowledge_chunk_chars": 800,
    }
    response = api.put(SETTINGS, headers=ADMIN, json={"changes": changes, "reason": "ajuste"})
    assert response.status_code == 200, response.text
    assert services.tws.http.connection.read_retries == 0
    assert services.tws.http._client.timeout.read == 7.5
    assert services.tws.http.breaker.failure_threshold == 2
    assert services.router.handler_timeout == 45.0
    assert services.chat_sessions.per_user == 1
    assert services.approvals.ttl.total_seconds() == 60.0
    assert services.settings.critical_streams == frozenset({"JS_NEW"})
    assert services.knowledge.ingestor.limits.chunk_chars == 800
    assert all(agent.step_limit == 3 for agent in services.agents._agents.values())


def test_reset_goes_back_to_the_default_with_an_audit_record(api: TestClient) -> None:
    body = {"changes": {"hwa_cache_ttl": 1.5}, "reason": "experimento"}
    assert api.put(SETTINGS, headers=ADMIN, json=body).status_code == 200
    assert _entry(api, "hwa_cache_ttl")["value"] == 1.5
    assert api.delete(f"{SETTINGS}/hwa_cache_ttl", headers=ADMIN).status_code == 422
    reset = api.delete(f"{SETTINGS}/hwa_cache_ttl?reason=fim do experimento", headers=ADMIN)
    assert reset.status_code == 200, reset.text
    assert (reset.json()["value"], reset.json()["source"]) == (5.0, "default")
    assert api.app.state.services.tws.cache.ttl == 5.0  # type: ignore[attr-defined]
    [record] = api.get("/api/v1/audit?action=settings.reset", headers=ADMIN).json()
    assert record["detail"] == {"old": 1.5, "new": 5.0, "reason": "fim do experimento"}
    assert api.delete(f"{SETTINGS}/port?reason=x", headers=ADMIN).status_code == 422


def test_a_value_the_environment_sets_is_read_only(make_client: Callable[..., TestClient]) -> None:
    api = make_client(hwa_cache_ttl=7.0)
    entry = _entry(api, "hwa_cache_ttl")
    assert (entry["value"], entry["source"], entry["editable"]) == (7.0, "environment", False)
    assert "RESYNC_HWA_CACHE_TTL" in entry["read_only_reason"]
    body = {"changes": {"hwa_cache_ttl": 1.0}, "reason": "tentar"}
    refused = api.put(SETTINGS, headers=ADMIN, json=body)
    assert refused.status_code == 422
    assert "RESYNC_HWA_CACHE_TTL" in refused.json()["fields"]["hwa_cache_ttl"]


def test_only_admins(api: TestClient) -> None:
    add_user(api, "olga", "operator", "olga-Secret-1234")
    olga = basic("olga", "olga-Secret-1234")
    assert api.get(SETTINGS, headers=olga).status_code == 403
    body = {"changes": {"hwa_cache_ttl": 1.0}, "reason": "x"}
    assert api.put(SETTINGS, headers=olga, json=body).status_code == 403
    assert api.get("/api/v1/admin/config", headers=olga).status_code == 403
    assert api.post("/api/v1/admin/config/test/hwa", headers=olga).status_code == 403
