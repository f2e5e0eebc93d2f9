"""Finding 8 (upload names): file names are sanitised before they become sources, so an
upload can neither climb directories nor replace a built-in corpus document."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from resync.knowledge.endpoints import upload_name
from tests.fixtures.auth_clients import ADMIN

DOCUMENTS = "/api/v1/knowledge/documents"


def _sources(api: TestClient) -> dict[str, str]:
    return {d["source"]: d["content_hash"] for d in api.get(DOCUMENTS, headers=ADMIN).json()}


def test_an_upload_cannot_replace_a_corpus_document(api: TestClient) -> None:
    before = _sources(api)
    corpus = next(source for source in before if source.startswith("corpus/"))
    files = {"file": (corpus, b"# Hijacked\n\nNothing to see.\n")}
    stored = api.post(DOCUMENTS, files=files, headers=ADMIN)
    assert stored.status_code == 200, stored.text
    assert stored.json()["source"] == corpus.removeprefix("corpus/")
    assert _sources(api)[corpus] == before[corpus]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.md", "passwd.md"),
        ("..\\..\\windows\\notes.txt", "notes.txt"),
        ("corpus/faq.md", "faq.md"),
        ("a\x00b\x1f.md", "ab.md"),
        ('we<ird>:"|?*.md', "weird.md"),
        ("...hidden.md", "hidden.md"),
        ("", "upload"),
        (None, "upload"),
        ("x" * 500 + ".md", "x" * 197 + ".md"),
    ],
)
def test_upload_names_are_sanitised(raw: str | None, clean: str) -> None:
    assert upload_name(raw) == clean


def test_a_traversal_name_is_stored_under_its_base_name(api: TestClient) -> None:
    files = {"file": ("../../secret/runbook.md", b"# Runbook\n\nRestart the agent.\n")}
    stored = api.post(DOCUMENTS, files=files, headers=ADMIN)
    assert stored.status_code == 200, stored.text
    assert stored.json()["source"] == "runbook.md"
