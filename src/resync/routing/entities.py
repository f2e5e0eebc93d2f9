"""Entities of the routing contract, extracted from a tokenised message.

Values are sliced from the original text (case and accents kept), each list without
duplicates, in order of appearance. A common word is never a name: a job, job stream or
workstation is an identifier-like token (upper case, underscores, digits, hyphens), or an
upper-case word introduced by its kind ("o job SWITCHPLAN", "the MASTER workstation").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from resync.routing.lexicon import Match
from resync.routing.text import Message
from resync.routing.vocabulary_terms import (
    ARTICLES,
    ENGLISH_PLACE,
    FEMININE,
    JOB_KEYWORDS,
    NOT_NAMES,
    RUNS_ON,
    STREAM_KEYWORDS,
    WORKSTATION_KEYWORDS,
)

OBJECT_KINDS = ("job_name", "job_stream", "workstation")
ERROR_KINDS = ("error_code", "abend_code", "message_id")

_FULL_ID = re.compile(r"([\w\-]+)#([\w\-]+)(?:\.([\w\-@]+))?")
_STREAM_DOT_JOB = re.compile(r"([\w\-]+)\.([\w\-@]+)")
_MESSAGE_ID = re.compile(r"(?:AWS|EQQ)[A-Z]{1,4}\d{2,4}[A-Z]", re.IGNORECASE)
_ABEND_CODE = re.compile(r"S(?=[0-9A-F]{0,2}\d)[0-9A-F]{3}|U\d{4}", re.IGNORECASE)
_MAY_BE_NAME_OR_CODE = re.compile(r"[A-Z0-9_]")
_DIGIT = re.compile(r"\d")
_NUMBER_WITH_UNIT = re.compile(r"\d+[A-Za-z]{1,3}")
_STREAM_PREFIX = re.compile(r"(?:JS|JOBSTREAM|STREAM|SCHED)(?:[_\-\d]|$)", re.IGNORECASE)
_WORKSTATION_PREFIX = re.compile(
    r"(?:CPU|AGT|AGENT|WS|WKS|WKST|WIN|LNX|LINUX|AIX|UNIX|HPUX|POOL|DPOOL|TWS|MDM|BKM|FTA|DWC|"
    r"SRV|HOST|ZOS|MVS|XA|MASTER)(?:[_\-\d]|$)",
    re.IGNORECASE,
)
_RETURN_CODE = re.compile(
    r"\b(?:rc|cc|maxcc|return\s+code|exit\s+(?:code|status)|condition\s+code|cond\s+code|"
    r"cod(?:igo|\.)?\s*(?:de\s+)?(?:retorno|saida))\s*(?:=|==|:|de|of|was|foi|is|e)?\s*(\d{1,4})\b"
)
_STRICT_STATE_BEFORE = frozenset({"em", "in", "on", "estado", "state", "status", "como", "as"})


class Entities:
    """Accumulates values per kind, without duplicates, in order."""

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}

    def add(self, kind: str, value: str) -> None:
        bucket = self.values.setdefault(kind, [])
        if value not in bucket:
            bucket.append(value)

    def has_any(self, kinds: Sequence[str]) -> bool:
        return any(kind in self.values for kind in kinds)


def extract_entities(message: Message, words: Sequence[str], matches: Sequence[Match]) -> Entities:
    entities = Entities()
    if _MAY_BE_NAME_OR_CODE.search(message.original):
        _extract_names_and_codes(message, words, entities)
    folded = message.folded
    if "rc" in folded or "cc" in folded or "cod" in folded or "exit" in folded:
        for found in _RETURN_CODE.finditer(folded):
            entities.add("error_code", message.original[found.start(1) : found.end(1)])
    _extract_states_and_times(message, words, matches, entities)
    return entities


def _extract_names_and_codes(message: Message, words: Sequence[str], entities: Entities) -> None:
    starts, ends = message.starts, message.ends
    # In a message typed in capitals every word looks like a name: trust only the shape.
    shouting = not any(c.islower() for c in message.original)
    text, may_be_name = message.original, _MAY_BE_NAME_OR_CODE.search
    for i, start in enumerate(starts):
        original = text[start : ends[i]]
        if original.isalpha() and not original.isupper():
            continue  # a word in lower or title case: never a name, id or code
        if not may_be_name(original):
            continue  # no ASCII capital, digit or underscore ("job-x", "ws#js")
        if i and starts[i - 1] == start:
            continue  # second token of an expanded abbreviation
        if _MESSAGE_ID.fullmatch(original):
            entities.add("message_id", original)
        elif _ABEND_CODE.fullmatch(original):
            entities.add("abend_code", original)
        elif "#" in original and (found := _FULL_ID.fullmatch(original)):
            entities.add("workstation", found.group(1))
            entities.add("job_stream", found.group(2))
            if found.group(3):
                entities.add("job_name", found.group(3))
        elif "." in original:
            found = _STREAM_DOT_JOB.fullmatch(original)
            if found and all(_looks_like_name(part, keyword=True) for part in found.groups()):
                entities.add("job_stream", found.group(1))
                entities.add("job_name", found.group(2))
        else:
            kind = _name_kind(original, words, i, shouting)
            if kind is not None:
                entities.add(kind, original)


def _name_kind(original: str, words: Sequence[str], i: int, shouting: bool) -> str | None:
    before = words[i - 1] if i > 0 else ""
    before2 = words[i - 2] if i > 1 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    after2 = words[i + 2] if i + 2 < len(words) else ""
    keyword = _keyword_kind(before, after, after2)
    introduced = keyword is not None or before in ARTICLES
    if not _looks_like_name(original, keyword=keyword is not None, introduced=introduced):
        return None
    if shouting and not any(c.isdigit() or c in "_-" for c in original):
        return None
    if keyword is not None:
        return keyword
    if _STREAM_PREFIX.match(original):
        return "job_stream"
    if _WORKSTATION_PREFIX.match(original):
        return "workstation"
    if before in FEMININE or (before in ENGLISH_PLACE and before2 in RUNS_ON):
        return "workstation"
    return "job_name"


def _keyword_kind(before: str, after: str, after2: str) -> str | None:
    if before in STREAM_KEYWORDS or (after == "job" and after2 == "stream"):
        return "job_stream"
    if after in STREAM_KEYWORDS and after != "js":
        return "job_stream"
    if before in WORKSTATION_KEYWORDS or after in WORKSTATION_KEYWORDS:
        return "workstation"
    if before in JOB_KEYWORDS or after in JOB_KEYWORDS:
        return "job_name"
    return None


def _looks_like_name(text: str, *, keyword: bool, introduced: bool = False) -> bool:
    upper, lower = text.upper(), text.lower()
    if upper == lower or upper in NOT_NAMES or _NUMBER_WITH_UNIT.fullmatch(text):
        return False  # no letters, a state/acronym, or "24h"
    if "_" in text:
        return True
    has_digit = _DIGIT.search(text) is not None
    if text == upper:  # all upper case (with digits or hyphens)
        if has_digit or "-" in text:
            return len(text) >= 3
        if _WORKSTATION_PREFIX.match(text):
            return True
        return len(text) >= 3 and (keyword or (introduced and len(text) >= 4))
    if has_digit:  # mixed or lower case with digits: "Payroll01", "cpu1"
        return text != lower or keyword or _WORKSTATION_PREFIX.match(text) is not None
    return False


def _extract_states_and_times(
    message: Message, words: Sequence[str], matches: Sequence[Match], entities: Entities
) -> None:
    """Job states, then time references (the longest of overlapping ones), in one pass."""
    starts, ends, original = message.starts, message.ends, message.original
    times: list[tuple[int, int, int]] = []
    for match in matches:
        cue = match.cue
        if cue.time:
            times.append((match.first, match.first - match.last, match.last))
        if cue.state is None:
            continue
        if cue.state_strict:
            written = original[starts[match.first] : ends[match.last]]
            before = words[match.first - 1] if match.first else ""
            if not (written.isupper() or before in _STRICT_STATE_BEFORE):
                continue
        entities.add("status", cue.state)
    if not times:
        return
    times.sort()  # by start, the longest first
    taken_until = -1
    for first, _, last in times:
        if first <= taken_until:
            continue
        taken_until = last
        entities.add("time_reference", original[starts[first] : ends[last]])
