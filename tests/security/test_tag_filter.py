"""Finding 8 (LIKE): a tag filter matches that tag literally; % and _ are no wildcards."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN

SEARCH = "/api/v1/knowledge/search"


def _chunks(api: TestClient, **params: object) -> list[dict[str, object]]:
    response = api.get(SEARCH, params={"q": "job stream", **params}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return [r for r in response.json()["results"] if str(r["id"]).startswith("chunk:")]


def test_the_query_finds_chunks_without_a_filter(api: TestClient) -> None:
    assert _chunks(api)


@pytest.mark.parametrize("tag", ["%", "_", "%_%", "\\"])
def test_a_wildcard_tag_matches_nothing(api: TestClient, tag: str) -> None:
    assert _chunks(api, tag=tag) == []


def test_a_real_tag_still_filters(api: TestClient) -> None:
    tagged = _chunks(api, tag="conman")
    assert tagged and all("conman" in r["tags"] for r in tagged)  # type: ignore[operator]
