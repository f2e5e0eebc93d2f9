"""Entities of the routing contract, extracted from a tokenised message.

Values are sliced from the original text (case and accents kept), each list without
duplicates, in order of appearance. A common word is never a name: a job, job stream or
workstation is an identifier-like token (upper case, underscores, digits, hyphens), or an
upper-case word introduced by its kind ("o job SWITCHPLAN", "the MASTER workstation").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from resync.classifier.identifiers import ABEND_CODE_PATTERN, MESSAGE_ID_PATTERN
from resync.classifier.text import fold
from resync.classifier.vocabulary_terms import (
    ARTICLES,
    ENGLISH_PLACE,
    FEMININE,
    JOB_KEYWORDS,
    NOT_NAMES,
    RUNS_ON,
    STREAM_KEYWORDS,
    WORKSTATION_KEYWORDS,
)

if TYPE_CHECKING:
    from resync.classifier.reader import Message

OBJECT_KINDS = ("job_name", "job_stream", "workstation")
ERROR_KINDS = ("error_code", "abend_code", "message_id")

_FULL_ID = re.compile(r"([\w\-]+)#([\w\-]+)(?:\.([\w\-@]+))?")
_STREAM_DOT_JOB = re.compile(r"([\w\-]+)\.([\w\-@]+)")
_MESSAGE_ID = re.compile(MESSAGE_ID_PATTERN, re.IGNORECASE)
_ABEND_CODE = re.compile(ABEND_CODE_PATTERN, re.IGNORECASE)
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
# Where a return code may start: a word that opens one of the phrases of _RETURN_CODE.
_RETURN_CODE_START = re.compile(r"\b(?:rc|cc|maxcc|return|exit|cond|cod)")
_STRICT_STATE_BEFORE = frozenset({"em", "in", "on", "estado", "state", "status", "como", "as"})


# Values per kind, each list without duplicates, in order of appearance.
Entities = dict[str, list[str]]


def add(entities: Entities, kind: str, value: str) -> None:
    bucket = entities.get(kind)
    if bucket is None:
        entities[kind] = [value]
    elif value not in bucket:
        bucket.append(value)


class Name(NamedTuple):
    """A token that may be a name, with what can be told without its neighbours."""

    value: str
    after_keyword: bool  # a name after its kind ("o job X", "the X workstation")
    after_article: bool  # a name after an article ("o X")
    bare: bool  # a name on its own
    letters_only: bool  # no digit, "_" or "-": not a name in a message typed in capitals
    kind: str | None  # the kind its prefix tells (JS_..., CPU...), if any


# A token's shape: the entities it is on its own (an id, a code), or a possible name.
Shape = tuple[tuple[str, str], ...] | Name


def shape(original: str) -> Shape | None:
    """What the token ``original`` (as written) may be; None when never a name, id or code."""
    if original.isalpha() and not original.isupper():
        return None  # a word in lower or title case: never a name, id or code
    if not _MAY_BE_NAME_OR_CODE.search(original):
        return None  # no ASCII capital, digit or underscore ("job-x", "ws#js")
    if _MESSAGE_ID.fullmatch(original):
        return (("message_id", original),)
    if _ABEND_CODE.fullmatch(original):
        return (("abend_code", original),)
    if "#" in original and (found := _FULL_ID.fullmatch(original)):
        workstation, stream, job = found.groups()
        full = (("workstation", workstation), ("job_stream", stream))
        return (*full, ("job_name", job)) if job else full
    if "." in original:
        found = _STREAM_DOT_JOB.fullmatch(original)
        if found and all(_looks_like_name(part, keyword=True) for part in found.groups()):
            return (("job_stream", found.group(1)), ("job_name", found.group(2)))
        return None
    after_keyword = _looks_like_name(original, keyword=True, introduced=True)
    after_article = _looks_like_name(original, keyword=False, introduced=True)
    bare = _looks_like_name(original, keyword=False, introduced=False)
    if not (after_keyword or after_article or bare):
        return None
    kind = None
    if _STREAM_PREFIX.match(original):
        kind = "job_stream"
    elif _WORKSTATION_PREFIX.match(original):
        kind = "workstation"
    letters_only = not any(c.isdigit() or c in "_-" for c in original)
    return Name(original, after_keyword, after_article, bare, letters_only, kind)


def may_hold_return_code(folded: str) -> bool:
    """Whether a return code ("rc=8", "exit code 3", "codigo de retorno 4") may start in
    ``folded``, a folded chunk of a message (the reader asks once per distinct chunk)."""
    return _RETURN_CODE_START.search(folded) is not None


def extract_entities(message: Message) -> Entities:
    entities: Entities = {}
    original, _, _, _, names, matches, _, codes = message
    if names:
        _extract_names_and_codes(message, entities)
    if codes:
        for found in _RETURN_CODE.finditer(fold(original)):
            add(entities, "error_code", original[found.start(1) : found.end(1)])
    if matches:
        _extract_states_and_times(message, entities)
    return entities


def _extract_names_and_codes(message: Message, entities: Entities) -> None:
    original, words, items, _, names, _, _, _ = message
    shouting: bool | None = None  # every word looks like a name in a message typed in capitals
    for i in names:
        found = items[i][4]
        if not isinstance(found, Name):
            for kind, value in found or ():
                add(entities, kind, value)
            continue
        name_kind = _name_kind(found, words, i)
        if name_kind is None:
            continue
        if found.letters_only:
            if shouting is None:
                shouting = not any(c.islower() for c in original)
            if shouting:
                continue
        add(entities, name_kind, found.value)


def _name_kind(name: Name, words: Sequence[str], i: int) -> str | None:
    """The kind of the name ``name`` at word ``i``, or None if it is not one there (a message
    typed in capitals is the caller's check: it comes after this one)."""
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    # The kind its neighbours tell ("o job X", "a workstation X", "X job stream").
    if before in STREAM_KEYWORDS or (
        after == "job" and i + 2 < len(words) and words[i + 2] == "stream"
    ):
        keyword: str | None = "job_stream"
    elif after in STREAM_KEYWORDS and after != "js":
        keyword = "job_stream"
    elif before in WORKSTATION_KEYWORDS or after in WORKSTATION_KEYWORDS:
        keyword = "workstation"
    elif before in JOB_KEYWORDS or after in JOB_KEYWORDS:
        keyword = "job_name"
    else:
        keyword = None
    if keyword is not None:
        return keyword if name.after_keyword else None
    if not (name.after_article if before in ARTICLES else name.bare):
        return None
    if name.kind is not None:
        return name.kind
    before2 = words[i - 2] if i > 1 else ""
    if before in FEMININE or (before in ENGLISH_PLACE and before2 in RUNS_ON):
        return "workstation"
    return "job_name"


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


def _extract_states_and_times(message: Message, entities: Entities) -> None:
    """Job states, then time references (the longest of overlapping ones), in one pass."""
    _, words, _, _, _, matches, _, _ = message
    times: list[tuple[int, int, int]] = []
    for cue, first, last in matches:
        if not cue.entity:
            continue
        if cue.time:
            times.append((first, first - last, last))
        if cue.state is None:
            continue
        if cue.state_strict:
            as_written = _written(message, first, last)
            before = words[first - 1] if first else ""
            if not (as_written.isupper() or before in _STRICT_STATE_BEFORE):
                continue
        add(entities, "status", cue.state)
    if not times:
        return
    times.sort()  # by start, the longest first
    taken_until = -1
    for first, _, last in times:
        if first <= taken_until:
            continue
        taken_until = last
        add(entities, "time_reference", _written(message, first, last))


def _written(message: Message, first: int, last: int) -> str:
    """Words ``first`` to ``last`` as written, with what stands between them."""
    original, _, items, *_ = message
    if first == last:
        return items[first][1]
    # Between two tokens stand no letters or digits: each token is the first place it is
    # found after the one before.
    start = cursor = position = 0
    for i in range(last + 1):
        item = items[i]
        if item[7]:  # the first word of its token
            position = original.find(item[1], cursor)
            cursor = position + len(item[1])
        if i == first:
            start = position
    return original[start:cursor]
