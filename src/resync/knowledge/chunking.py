"""Heading-aware chunking: a chunk never spans two sections, long sections overlap.

Every chunk keeps its section path (chapter › section, under the document's title), its
language (the chunk's own stopwords, else the document's) and the TWS identifiers it
mentions as tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resync.classifier.identifiers import extract_identifiers
from resync.knowledge.language import detect_language
from resync.knowledge.parsers import ParsedDocument

SECTION_SEPARATOR = " › "


@dataclass
class ChunkDraft:
    ordinal: int
    title: str
    section: str
    text: str
    language: str
    tags: list[str] = field(default_factory=list)


def document_language(document: ParsedDocument) -> str:
    sample = " ".join(p for s in document.sections for p in s.paragraphs)[:20000]
    return detect_language(f"{document.title} {sample}") or "pt"


def chunk_document(document: ParsedDocument, *, max_chars: int, overlap: int) -> list[ChunkDraft]:
    default_language = document_language(document)
    chunks: list[ChunkDraft] = []
    for section in document.sections:
        path = SECTION_SEPARATOR.join(section.path)
        for text in _pack(section.paragraphs, max_chars, overlap):
            language = detect_language(text, default=None) or default_language
            found = extract_identifiers(f"{path}\n{text}")
            chunks.append(
                ChunkDraft(len(chunks), document.title, path, text, language, found.tags())
            )
    return chunks


def _pack(paragraphs: list[str], max_chars: int, overlap: int) -> list[str]:
    """Greedy packing of paragraphs up to ``max_chars``; a new chunk of the same section
    starts with the last ``overlap`` characters of the previous one (cut at a word)."""
    pieces = [piece for p in paragraphs for piece in _split_long(p, max_chars)]
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + 1 + len(piece) > max_chars:
            chunks.append(current)
            tail = _tail(current, overlap)
            current = tail if len(tail) + 1 + len(piece) <= max_chars else ""
        current = f"{current}\n{piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks


def _split_long(paragraph: str, max_chars: int) -> list[str]:
    if len(paragraph) <= max_chars:
        return [paragraph]
    sentences = re.split(r"(?<=[.!?;])\s+", paragraph)
    parts: list[str] = []
    current = ""
    for sentence in sentences:
        while len(sentence) > max_chars:  # one enormous "sentence": cut at a space
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            parts.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > max_chars:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    return parts


def _tail(text: str, overlap: int) -> str:
    if overlap <= 0:
        return ""
    if len(text) <= overlap:
        return text
    tail = text[-overlap:]
    space = tail.find(" ")
    return tail[space + 1 :] if 0 <= space < len(tail) - 1 else tail
