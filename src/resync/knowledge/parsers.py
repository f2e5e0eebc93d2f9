"""Turn Markdown, plain text, HTML, PDF and DOCX into titled sections of paragraphs.

Each parser returns a :class:`ParsedDocument`: a title and sections, each with its heading
path (chapter › section) and its paragraphs. Maintained libraries do the format work:
markdown-it-py, BeautifulSoup, pypdf, python-docx. Nothing here touches the network.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from markdown_it import MarkdownIt

from resync.knowledge.errors import (
    CorruptDocument,
    DocumentTooComplex,
    DocumentTooLarge,
    UnsupportedDocumentType,
)


@dataclass
class ParsedSection:
    path: list[str]
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    title: str
    media_type: str
    sections: list[ParsedSection]

    @property
    def text_chars(self) -> int:
        return sum(len(p) for s in self.sections for p in s.paragraphs)


class _SectionBuilder:
    """Collects paragraphs under the current heading path."""

    def __init__(self) -> None:
        self.title = ""
        self.path: list[str] = []
        self.sections: list[ParsedSection] = [ParsedSection([])]

    def heading(self, level: int, text: str) -> None:
        text = _clean(text)
        if not text:
            return
        if level == 1 and not self.title:
            self.title = text
            return
        depth = max(level - 2, 0) if self.title else level - 1
        self.path = [*self.path[:depth], text]
        self.sections.append(ParsedSection(list(self.path)))

    def paragraph(self, text: str) -> None:
        text = _clean(text)
        if text:
            self.sections[-1].paragraphs.append(text)

    def build(self, media_type: str, fallback_title: str) -> ParsedDocument:
        sections = [s for s in self.sections if s.paragraphs]
        return ParsedDocument(self.title or fallback_title, media_type, sections)


def _clean(text: str) -> str:
    return re.sub(r"[ \t\r\f\v]+", " ", text.replace("\xa0", " ")).strip()


_INLINE_MARKUP = re.compile(r"(\*\*|__|`|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w))")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _markdown_inline(text: str) -> str:
    return _INLINE_MARKUP.sub("", _LINK.sub(r"\1", text))


def parse_markdown(data: bytes, name: str) -> ParsedDocument:
    builder = _SectionBuilder()
    tokens = MarkdownIt("commonmark").enable("table").parse(_decode(data))
    level, row = 0, list[str]()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type == "inline" and level:
            builder.heading(level, _markdown_inline(token.content))
            level = 0
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_markdown_inline(token.content))
        elif token.type == "tr_close":
            builder.paragraph(" | ".join(row))
        elif token.type == "inline":
            builder.paragraph(_markdown_inline(token.content).replace("\n", " "))
        elif token.type in ("fence", "code_block"):
            builder.paragraph(token.content)
    return builder.build("markdown", _stem(name))


def parse_text(data: bytes, name: str) -> ParsedDocument:
    builder = _SectionBuilder()
    blocks = [b.strip() for b in re.split(r"\n\s*\n", _decode(data)) if b.strip()]
    if blocks and len(blocks[0]) <= 120 and "\n" not in blocks[0]:
        builder.heading(1, blocks.pop(0))
    for block in blocks:
        builder.paragraph(" ".join(line.strip() for line in block.splitlines()))
    return builder.build("text", _stem(name))


MAX_HTML_DEPTH = 1000
# Bytes a DOCX's XML may expand to per character of text allowed (markup is verbose).
EXPANSION_PER_CHAR = 8
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIPPED = {"script", "style", "noscript", "template", "head", "nav", "footer"}
_BLOCKS = {
    "p", "div", "li", "pre", "blockquote", "tr", "td", "th", "dd", "dt", "section",
    "article", "table", "ul", "ol", "br", "main", "header", "figcaption", "caption",
}  # fmt: skip


def parse_html(data: bytes, name: str) -> ParsedDocument:
    soup = BeautifulSoup(_decode(data), "html.parser")
    builder = _SectionBuilder()
    title_tag = soup.find("title")
    page_title = _clean(title_tag.get_text()) if title_tag else ""
    buffer: list[str] = []

    def flush() -> None:
        builder.paragraph("".join(buffer))
        buffer.clear()

    def walk(root: Tag) -> None:
        # Iterative, with a depth limit: thousands of nested elements must neither
        # overflow the stack nor keep the parser busy.
        stack: list[tuple[Iterator[PageElement], bool]] = [(iter(root.children), False)]
        while stack:
            children, block = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if block:
                    flush()
            elif isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a Comment / Doctype
                    buffer.append(str(child))
            elif isinstance(child, Tag) and child.name not in _SKIPPED:
                if child.name in _HEADINGS:
                    flush()
                    builder.heading(_HEADINGS[child.name], child.get_text(" "))
                    continue
                if len(stack) >= MAX_HTML_DEPTH:
                    raise DocumentTooComplex(
                        f"{name}: elements nested more than {MAX_HTML_DEPTH} deep"
                    )
                is_block = child.name in _BLOCKS
                if is_block:
                    flush()
                stack.append((iter(child.children), is_block))

    walk(soup.body or soup)
    flush()
    if page_title and not builder.title:
        builder.title = page_title
    return builder.build("html", _stem(name))


def parse_pdf(data: bytes, name: str) -> ParsedDocument:
    from pypdf import PdfReader

    if not data.lstrip().startswith(b"%PDF"):
        raise CorruptDocument(f"{name}: not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except Exception as exc:  # pypdf raises many types for damaged files
        raise CorruptDocument(f"{name}: unreadable PDF ({type(exc).__name__}: {exc})") from exc
    builder = _SectionBuilder()
    builder.title = _clean(str(meta_title))
    for number, page in enumerate(pages, start=1):
        builder.path = []
        builder.sections.append(ParsedSection([f"page {number}"]))
        for block in re.split(r"\n\s*\n", page):
            builder.paragraph(" ".join(block.split()))
    return builder.build("pdf", _stem(name))


def parse_docx(data: bytes, name: str) -> ParsedDocument:
    try:
        return _read_docx(data, name)
    except MemoryError:
        raise
    except Exception as exc:  # truncated members, XML errors (entity tricks), odd structure
        raise CorruptDocument(f"{name}: unreadable DOCX ({type(exc).__name__})") from exc


def _read_docx(data: bytes, name: str) -> ParsedDocument:
    import docx

    document = docx.Document(io.BytesIO(data))
    builder = _SectionBuilder()
    core_title = document.core_properties.title or ""
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style == "Title":
            builder.heading(1, paragraph.text)
        elif match := re.fullmatch(r"Heading (\d)", style):
            builder.heading(int(match.group(1)), paragraph.text)
        else:
            builder.paragraph(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            builder.paragraph(" | ".join(cell.text.strip() for cell in row.cells))
    if core_title and not builder.title:
        builder.title = _clean(core_title)
    return builder.build("docx", _stem(name))


def check_expanded_size(data: bytes, name: str, max_text_chars: int) -> None:
    """A DOCX is a zip: refuse one whose members expand past what ``max_text_chars`` of
    text could need, before anything is decompressed (the sizes are enforced on reading)."""
    if PurePath(name).suffix.lower() != ".docx":
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptDocument(f"{name}: unreadable DOCX ({type(exc).__name__})") from exc
    if expanded > max_text_chars * EXPANSION_PER_CHAR:
        raise DocumentTooLarge(
            f"{name}: expands to {expanded} bytes, over the limit (RESYNC_KNOWLEDGE_MAX_TEXT_CHARS)"
        )


Parser = Callable[[bytes, str], ParsedDocument]

PARSERS: dict[str, Parser] = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_text,
    ".text": parse_text,
    ".html": parse_html,
    ".htm": parse_html,
    ".pdf": parse_pdf,
    ".docx": parse_docx,
}


def parser_for(name: str) -> Parser:
    suffix = PurePath(name).suffix.lower()
    try:
        return PARSERS[suffix]
    except KeyError:
        supported = ", ".join(sorted(PARSERS))
        raise UnsupportedDocumentType(
            f"{name}: unsupported document type {suffix or '(none)'}; supported: {supported}"
        ) from None


def parse_document(data: bytes, name: str) -> ParsedDocument:
    return parser_for(name)(data, name)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _stem(name: str) -> str:
    stem = PurePath(name).name
    for suffix in PurePath(name).suffixes:
        stem = stem.removesuffix(suffix)
    return stem or name
