"""Reading an operator message once, for every rule: its words, clauses and cue matches.

The message is cut at whitespace into chunks ("PAYROLL_01?", "hoje,", "pq"). A chunk is
read the first time it is seen (folded, split into words and clause breaks, abbreviations
expanded, typos corrected, each word looked up in the lexicon, its shape as a possible
name or code noted) and the reading is kept. Operators reuse a small vocabulary, so a
message is read with one dictionary lookup per chunk. A chunk's reading is the one the
whole message would get: no word, identifier or punctuation mark spans whitespace, except
a line break, which is a clause break like ";".
"""

from __future__ import annotations

from typing import NamedTuple

from resync.routing.entities import Shape, shape
from resync.routing.language import WEIGHTS
from resync.routing.lexicon import Heads, Lexicon, Match, Pairs, find
from resync.routing.text import ABBREVIATIONS, WORD_OR_BREAK, fold

# A word read from a chunk: canonical, written, heads, pairs, shape.
Word = tuple[str, str, Heads, Pairs, "Shape | None"]
# A chunk read: its words and clause breaks (None) in order, its words only, the English
# weight of its words, and whether it holds a break or a token that may be a name.
_Chunk = tuple[tuple[Word | None, ...], tuple[Word, ...], float, bool, bool]

_MAX_CHUNKS = 50_000  # distinct chunks kept; beyond, the cache starts afresh


class Message(NamedTuple):
    """A message read once. Word ``i`` is ``words[i]`` (folded, typo-corrected), read from
    the token ``written(i)`` as written, in clause ``clauses[i]``; the words an abbreviation
    expands into ("pq" → "por", "que") share its token. ``names``: the words whose token
    may be a name, an id or a code (the first word of each such token)."""

    original: str
    words: list[str]
    items: list[Word]
    clauses: list[int]
    names: list[int]
    matches: list[Match]
    english: float  # > 0: the words are more English than Portuguese


class Reader:
    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._chunks: dict[str, _Chunk] = {}

    def read(self, original: str) -> Message:
        chunks = original.split() if "\n" not in original else original.replace("\n", " ; ").split()
        known = self._chunks
        items: list[Word] = []
        starts: list[int] = []  # the words that open a new clause
        english = 0.0
        shaped = False
        for chunk in chunks:
            reading = known.get(chunk)
            if reading is None:
                reading = self._read_chunk(chunk)
            english += reading[2]
            shaped = shaped or reading[4]
            if not reading[3]:
                items += reading[1]
                continue
            for item in reading[0]:
                if item is not None:
                    items.append(item)
                elif items and (not starts or starts[-1] != len(items)):
                    starts.append(len(items))
        words = [item[0] for item in items]
        count = len(words)
        clauses = [0] * count if not starts else _clauses(starts, count)
        names = [i for i, item in enumerate(items) if item[4] is not None] if shaped else []
        matches = find(words, clauses, items) if count else []
        return Message(original, words, items, clauses, names, matches, english)

    def _read_chunk(self, chunk: str) -> _Chunk:
        lookup = self._lexicon.lookup
        parts: list[Word | None] = []
        english = 0.0
        for found in WORD_OR_BREAK.finditer(fold(chunk)):
            token = found[1]
            if token is None:
                parts.append(None)
                continue
            written = chunk[found.start() : found.end()]
            word_shape = shape(written)
            for raw in ABBREVIATIONS.get(token, (token,)):
                english += WEIGHTS.get(raw, 0.0)
                canonical, heads, pairs = lookup(raw)
                parts.append((canonical, written, heads, pairs, word_shape))
                word_shape = None  # the token's shape goes with its first word only
        if len(self._chunks) >= _MAX_CHUNKS:
            self._chunks.clear()
        words = tuple(part for part in parts if part is not None)
        shaped = any(word[4] is not None for word in words)
        reading = (tuple(parts), words, english, len(words) != len(parts), shaped)
        self._chunks[chunk] = reading
        return reading


def _clauses(starts: list[int], count: int) -> list[int]:
    """The clause of each of ``count`` words, given the words that open a new clause."""
    clauses: list[int] = []
    clause = previous = 0
    for start in starts:
        clauses += [clause] * (start - previous)
        clause, previous = clause + 1, start
    return clauses + [clause] * (count - previous)
