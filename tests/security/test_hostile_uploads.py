"""Finding 7: hostile uploads are parsed off the event loop, with depth and time limits.
Finding 8 (uploads): decompressed size and chunks per document are capped; a broken DOCX
is 422."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN
from tests.knowledge.documents import docx_bytes

UPLOAD = "/api/v1/knowledge/documents"


def _upload(api: TestClient, name: str, data: bytes) -> tuple[int, str]:
    response = api.post(UPLOAD, files={"file": (name, data)}, headers=ADMIN)
    return response.status_code, response.json().get("error", "")


def _nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "deep" + "</div>" * depth + "</body>").encode()


def test_deeply_nested_html_is_a_clear_422(api: TestClient) -> None:
    assert _upload(api, "deep.html", _nested_html(5000)) == (422, "document_too_complex")
    assert _upload(api, "shallow.html", _nested_html(50))[0] == 200  # the worker still works
    assert api.get("/health/live").status_code == 200


def test_a_parse_over_the_time_limit_is_a_clear_422(
    make_client: Callable[..., TestClient],
) -> None:
    # A tiny limit: starting the worker process alone takes longer than that.
    api = make_client(knowledge_parse_timeout=0.001)
    text = "\n\n".join(f"Paragraph {n} about the payroll chain." for n in range(5000))
    status, error = _upload(api, "long.txt", text.encode())
    assert (status, error) == (422, "document_too_complex")
    assert api.get("/api/v1/knowledge/documents", headers=ADMIN).status_code == 200


def test_chunks_per_document_are_capped(make_client: Callable[..., TestClient]) -> None:
    api = make_client(knowledge_max_chunks_per_document=3, knowledge_load_starter_corpus=False)
    text = "\n\n".join("word " * 200 for _ in range(20))
    assert _upload(api, "many.txt", text.encode()) == (413, "document_too_large")


def test_a_docx_that_expands_too_much_is_refused_before_it_is_parsed(
    make_client: Callable[..., TestClient],
) -> None:
    api = make_client(knowledge_max_text_chars=1000, knowledge_load_starter_corpus=False)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * 2_000_000 + "</w:document>")
    assert len(data.getvalue()) < 100_000  # small compressed, 2 MB expanded
    assert _upload(api, "bomb.docx", data.getvalue()) == (413, "document_too_large")


def test_truncated_and_entity_docx_are_422(api: TestClient) -> None:
    whole = docx_bytes()
    assert _upload(api, "cut.docx", whole[: len(whole) // 2])[0] == 422
    entities = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(whole)) as source, zipfile.ZipFile(entities, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "word/document.xml":
                body = (
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><d>&c;&c;&c;</d>'
                )
            target.writestr(item, body)
    assert _upload(api, "entities.docx", entities.getvalue()) == (422, "corrupt_document")
