"""The message catalogue: HWA/TWS message ids and z/OS abend codes, looked up exactly.

Loaded once from ``catalogue/messages.yaml`` and ``catalogue/abend_codes.yaml``. The
retrieval pipeline asks it first, so "AWSBHT001E" answers from here before any search.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml

from resync.classifier.identifiers import extract_identifiers, normalise_code
from resync.knowledge.schemas import CatalogueEntry

CATALOGUE_DIR = Path(__file__).with_name("catalogue")


class MessageCatalogue:
    def __init__(self, entries: list[CatalogueEntry]) -> None:
        self._entries = {entry.code: entry for entry in entries}

    @classmethod
    def load(cls, directory: Path = CATALOGUE_DIR) -> MessageCatalogue:
        entries = [
            *_read(directory / "messages.yaml", "message"),
            *_read(directory / "abend_codes.yaml", "abend"),
        ]
        return cls(entries)

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[CatalogueEntry]:
        return list(self._entries.values())

    def lookup(self, code: str) -> CatalogueEntry | None:
        """Exact lookup, case-insensitive: ``awsbht001e``, ``0C4`` (→ S0C4), ``U16``."""
        return self._entries.get(normalise_code(code))

    def find_in_text(self, text: str) -> list[CatalogueEntry]:
        """Entries for every message id and abend code mentioned in ``text``."""
        found = extract_identifiers(text)
        hits = (self.lookup(code) for code in found.message_ids + found.abend_codes)
        return [entry for entry in hits if entry is not None]


def _read(path: Path, kind: Literal["message", "abend"]) -> list[CatalogueEntry]:
    raw: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [CatalogueEntry(kind=kind, **item) for item in raw]


def describe(entry: CatalogueEntry, language: str | None) -> str:
    """The entry as the text of a search result, in the asked language (pt by default)."""
    if language == "en":
        what, todo = "Meaning", "What to do"
    else:
        what, todo = "Significado", "O que fazer"
    head = f"{entry.code} ({entry.component}, {entry.severity})."
    return f"{head} {what}: {entry.meaning(language)} {todo}: {entry.action(language)}"
