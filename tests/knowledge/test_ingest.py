"""Ingestion of every format, bad input, idempotent and replacing re-ingest (both engines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resync.knowledge.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyDocument,
    UnsupportedDocumentType,
)
from resync.knowledge.service import KnowledgeService
from tests.knowledge.documents import docx_bytes, html_bytes, markdown_bytes, pdf_bytes


async def test_markdown_keeps_the_section_path_and_tags(
    empty_knowledge: KnowledgeService,
) -> None:
    result = await empty_knowledge.ingest_bytes(markdown_bytes(), "runbook.md")
    assert (result.status, result.title, result.language) == ("added", "Runbook", "en")
    hit = (await empty_knowledge.search("restart agent")).results[0]
    assert hit.title == "Runbook" and hit.section == "Chapter One › Restart"
    assert {"AWSBHT001E", "READY", "conman"} <= set(hit.tags)


async def test_plain_text(empty_knowledge: KnowledgeService) -> None:
    text = b"Notas do turno\n\nO job ficou parado esperando o arquivo de entrada.\n"
    result = await empty_knowledge.ingest_bytes(text, "notas.txt")
    assert (result.title, result.language) == ("Notas do turno", "pt")
    assert (await empty_knowledge.search("arquivo entrada")).results[0].source == "notas.txt"


async def test_html_drops_scripts(empty_knowledge: KnowledgeService) -> None:
    await empty_knowledge.ingest_bytes(html_bytes(), "ops.html")
    hit = (await empty_knowledge.search("queue drains")).results[0]
    assert hit.section == "Queues" and "drains" in hit.text and "var x" not in hit.text
    assert (await empty_knowledge.search("var")).results == []


async def test_docx_headings_and_tables(empty_knowledge: KnowledgeService) -> None:
    await empty_knowledge.ingest_bytes(docx_bytes(), "manual.docx")
    hit = (await empty_knowledge.search("payroll chain nightly")).results[0]
    assert (hit.title, hit.section) == ("Manual", "Chain")
    assert any("PAYROLL_01" in r.text for r in (await empty_knowledge.search("PAYROLL_01")).results)


async def test_pdf_pages_become_sections(empty_knowledge: KnowledgeService) -> None:
    data = pdf_bytes(["Backup window starts at midnight.", "Restore needs approval."])
    result = await empty_knowledge.ingest_bytes(data, "report.pdf")
    assert (result.title, result.chunks) == ("Report", 2)
    assert (await empty_knowledge.search("restore approval")).results[0].section == "page 2"


async def test_ingest_path_uses_the_file_name(
    empty_knowledge: KnowledgeService, tmp_path: Path
) -> None:
    path = tmp_path / "guide.md"
    path.write_bytes(markdown_bytes())
    assert (await empty_knowledge.ingest_path(path)).source == "guide.md"


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("virus.exe", b"MZ\x90\x00", UnsupportedDocumentType),
        ("broken.pdf", b"%PDF-1.4\n garbage that is not a PDF body", CorruptDocument),
        ("fake.pdf", b"hello, not a pdf at all", CorruptDocument),
        ("broken.docx", b"PK\x03\x04 not really a zip", CorruptDocument),
        ("empty.md", b"   \n\n  ", EmptyDocument),
        ("headings-only.md", b"# Title\n\n## Section\n", EmptyDocument),
        ("blank.pdf", pdf_bytes([""]), EmptyDocument),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_stored(
    empty_knowledge: KnowledgeService, name: str, data: bytes, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await empty_knowledge.ingest_bytes(data, name)
    stats = await empty_knowledge.stats()
    assert (stats.documents, stats.chunks) == (0, 0)


async def test_oversized_file_is_refused_before_reading(tmp_path: Path, engine_url: str) -> None:
    from tests.knowledge.conftest import knowledge_settings, start_knowledge

    settings = knowledge_settings(
        tmp_path,
        engine_url,
        knowledge_load_starter_corpus=False,
        knowledge_max_document_bytes=1000,
    )
    db, service = await start_knowledge(settings)
    try:
        big = tmp_path / "big.md"
        big.write_text("# Big\n\n" + "word " * 400)
        with pytest.raises(DocumentTooLarge, match="1000-byte limit"):
            await service.ingest_path(big)
        assert (await service.stats()).documents == 0
    finally:
        await service.close()
        await db.close()


async def test_reingest_is_idempotent_and_a_change_replaces_chunks(
    empty_knowledge: KnowledgeService,
) -> None:
    first = await empty_knowledge.ingest_bytes(markdown_bytes(), "runbook.md")
    again = await empty_knowledge.ingest_bytes(markdown_bytes(), "runbook.md")
    assert (first.status, again.status) == ("added", "unchanged")
    assert (await empty_knowledge.stats()).chunks == first.chunks

    changed = b"# Runbook\n\n## Chapter Two\n\nPurge the old stdlist files weekly.\n"
    replaced = await empty_knowledge.ingest_bytes(changed, "runbook.md")
    assert replaced.status == "replaced"
    assert (await empty_knowledge.search("restart agent")).results == []
    assert (await empty_knowledge.search("purge stdlist")).results[0].section == "Chapter Two"
    (document,) = await empty_knowledge.documents()
    assert document.chunk_count == replaced.chunks == (await empty_knowledge.stats()).chunks


async def test_a_failed_replacement_keeps_the_previous_version(
    empty_knowledge: KnowledgeService,
) -> None:
    await empty_knowledge.ingest_bytes(markdown_bytes(), "runbook.md")
    with pytest.raises(EmptyDocument):
        await empty_knowledge.ingest_bytes(b"# Runbook\n", "runbook.md")
    assert (await empty_knowledge.search("restart agent")).results
