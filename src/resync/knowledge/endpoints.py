"""HTTP routes of the knowledge base (thin: the logic lives in KnowledgeService).

Authorisation, once the auth domain lands: uploading and deleting documents is for
admins; listing documents, searching and catalogue look-ups are for any viewer.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from pydantic import StringConstraints
from starlette.requests import HTTPConnection

from resync.auth.dependencies import AdminUser, current_user
from resync.knowledge.errors import CatalogueEntryNotFound, DocumentNotFound, DocumentTooLarge
from resync.knowledge.schemas import (
    CatalogueEntry,
    DocumentInfo,
    IngestResult,
    SearchResponse,
)
from resync.knowledge.service import KnowledgeService
from resync.params import NOT_BLANK
from resync.settings import SettingsDep
from resync.wiring import component

# Reading needs any signed-in user; changing the knowledge base needs an admin.
router = APIRouter(
    prefix="/api/v1/knowledge", tags=["knowledge"], dependencies=[Depends(current_user)]
)
UPLOAD_READ = 1024 * 1024
Source = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=100)]
MAX_NAME_CHARS = 200
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def upload_name(raw: str | None) -> str:
    """The source name of an upload: the file name alone (no directories, so never
    ``corpus/`` nor ``../``), without control or reserved characters, bounded."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARS.sub("", name).strip().lstrip(".")
    if len(name) > MAX_NAME_CHARS:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[: MAX_NAME_CHARS - len(suffix)] + suffix
    return name or "upload"


def get_knowledge(connection: HTTPConnection) -> KnowledgeService:
    return component(connection, "knowledge", KnowledgeService)


KnowledgeDep = Annotated[KnowledgeService, Depends(get_knowledge)]


@router.post("/documents", summary="Upload a document (multipart) into the knowledge base")
async def upload_document(
    _: AdminUser,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="Markdown, text, HTML, PDF or DOCX")],
) -> IngestResult:
    limit = settings.knowledge_max_document_bytes
    name = upload_name(file.filename)
    data = bytearray()
    while chunk := await file.read(UPLOAD_READ):
        data += chunk
        if len(data) > limit:
            raise DocumentTooLarge(
                f"{name}: over the {limit}-byte limit (RESYNC_KNOWLEDGE_MAX_DOCUMENT_BYTES)"
            )
    return await knowledge.ingest_bytes(bytes(data), name, untrusted=True)


@router.get("/documents", summary="Documents in the knowledge base")
async def list_documents(knowledge: KnowledgeDep) -> list[DocumentInfo]:
    return await knowledge.documents()


@router.delete("/documents", summary="Remove a document and its chunks")
async def remove_document(
    _: AdminUser, knowledge: KnowledgeDep, source: Annotated[str, Query(min_length=1)]
) -> dict[str, str]:
    if not await knowledge.remove(source):
        raise DocumentNotFound(f"no document with source {source!r}")
    return {"removed": source}


@router.get("/search", summary="Search the knowledge base (catalogue hits first)")
async def search(
    knowledge: KnowledgeDep,
    q: Annotated[str, Query(min_length=1, max_length=2000, pattern=NOT_BLANK)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
    language: Annotated[str | None, Query(pattern="^(pt|en)$")] = None,
    source: Annotated[list[Source] | None, Query()] = None,
    tag: Annotated[list[Tag] | None, Query()] = None,
    trace: bool = False,
) -> SearchResponse:
    return await knowledge.search(
        q, limit=limit, language=language, sources=source, tags=tag, trace=trace
    )


@router.get("/catalogue/{code}", summary="Look up a message id or abend code")
async def catalogue_entry(knowledge: KnowledgeDep, code: str) -> CatalogueEntry:
    entry = knowledge.catalogue.lookup(code)
    if entry is None:
        raise CatalogueEntryNotFound(f"{code} is not in the message catalogue")
    return entry
