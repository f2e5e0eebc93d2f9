"""Errors of the knowledge base, rendered to HTTP by the app's one error handler."""

from __future__ import annotations

from resync.errors import ResyncError


class KnowledgeError(ResyncError):
    code = "knowledge_error"
    status_code = 400


class UnsupportedDocumentType(KnowledgeError):
    code = "unsupported_document_type"
    status_code = 415


class DocumentTooLarge(KnowledgeError):
    code = "document_too_large"
    status_code = 413


class CorruptDocument(KnowledgeError):
    code = "corrupt_document"
    status_code = 422


class DocumentTooComplex(KnowledgeError):
    code = "document_too_complex"
    status_code = 422


class EmptyDocument(KnowledgeError):
    code = "empty_document"
    status_code = 422


class DocumentNotFound(KnowledgeError):
    code = "document_not_found"
    status_code = 404


class CatalogueEntryNotFound(KnowledgeError):
    code = "catalogue_entry_not_found"
    status_code = 404
