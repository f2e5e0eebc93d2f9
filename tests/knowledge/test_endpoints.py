"""HTTP routes of the knowledge base, through the real app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic
from tests.knowledge.documents import markdown_bytes, pdf_bytes


@pytest.fixture
def client(api: TestClient) -> TestClient:
    """The app, signed in as the admin on every request."""
    api.headers.update(ADMIN)
    return api


def test_reading_needs_a_user_and_changing_needs_an_admin(api: TestClient) -> None:
    assert api.get("/api/v1/knowledge/search", params={"q": "ABEND"}).status_code == 401
    add_user(api, "vera", "viewer", "viewer-pass-123")
    viewer = basic("vera", "viewer-pass-123")
    assert api.get("/api/v1/knowledge/search", params={"q": "ABEND"}, headers=viewer).is_success
    files = {"file": ("runbook.md", markdown_bytes(), "text/markdown")}
    assert api.post("/api/v1/knowledge/documents", files=files, headers=viewer).status_code == 403
    deleted = api.delete("/api/v1/knowledge/documents", params={"source": "x"}, headers=viewer)
    assert deleted.status_code == 403


def test_upload_list_search_and_delete(client: TestClient) -> None:
    files = {"file": ("runbook.md", markdown_bytes(), "text/markdown")}
    created = client.post("/api/v1/knowledge/documents", files=files)
    assert created.status_code == 200 and created.json()["status"] == "added"
    again = client.post("/api/v1/knowledge/documents", files=files)
    assert again.json()["status"] == "unchanged"

    sources = [d["source"] for d in client.get("/api/v1/knowledge/documents").json()]
    assert "runbook.md" in sources and "corpus/job-states.pt.md" in sources

    found = client.get(
        "/api/v1/knowledge/search", params={"q": "restart agent", "source": "runbook.md"}
    ).json()
    assert found["results"][0]["section"] == "Chapter One › Restart"
    assert found["trace"] is None

    deleted = client.delete("/api/v1/knowledge/documents", params={"source": "runbook.md"})
    assert deleted.json() == {"removed": "runbook.md"}
    missing = client.delete("/api/v1/knowledge/documents", params={"source": "runbook.md"})
    assert missing.status_code == 404 and missing.json()["error"] == "document_not_found"


def test_search_with_trace_puts_the_catalogue_first(client: TestClient) -> None:
    body = client.get(
        "/api/v1/knowledge/search", params={"q": "AWSBHT001E", "trace": "true"}
    ).json()
    assert body["results"][0]["kind"] == "catalogue"
    assert next(s["name"] for s in body["trace"]["stages"]) == "analysis"


def test_bad_uploads_get_clear_errors(client: TestClient) -> None:
    def upload(name: str, data: bytes) -> tuple[int, str]:
        response = client.post("/api/v1/knowledge/documents", files={"file": (name, data)})
        return response.status_code, response.json().get("error", "")

    assert upload("tool.exe", b"MZ") == (415, "unsupported_document_type")
    assert upload("bad.pdf", b"%PDF-1.7 broken") == (422, "corrupt_document")
    assert upload("empty.txt", b"") == (422, "empty_document")
    assert upload("ok.pdf", pdf_bytes(["fine page"]))[0] == 200


def test_catalogue_route_and_health_component(client: TestClient) -> None:
    entry = client.get("/api/v1/knowledge/catalogue/awsjpl017e").json()
    assert entry["code"] == "AWSJPL017E" and entry["kind"] == "message"
    assert client.get("/api/v1/knowledge/catalogue/XYZ").status_code == 404
    health = client.get("/health").json()["components"]["knowledge_base"]
    assert health["status"] == "ok" and health["chunks"] > 100


def test_search_validates_its_parameters(client: TestClient) -> None:
    assert client.get("/api/v1/knowledge/search", params={"q": ""}).status_code == 422
    response = client.get("/api/v1/knowledge/search", params={"q": "x", "language": "fr"})
    assert response.status_code == 422
