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

from functools import partial
from typing import NamedTuple

from resync.classifier.entities import Shape, may_hold_return_code, shape
from resync.classifier.language import WEIGHTS
from resync.classifier.lexicon import Cue, Heads, Lexicon, Match, Pairs, find
from resync.classifier.text import ABBREVIATIONS, WORD_OR_BREAK, fold

# A word read from a chunk: canonical, written, heads, pairs, shape, whether it may start a
# cue (it has heads or pairs), its heads' cues when every one is a one-word cue, and whether
# it is the first word of its token (not the second of an abbreviation: "pq" → "por que").
Word = tuple[str, str, Heads, Pairs, Shape | None, bool, tuple[Cue, ...] | None, bool]


# A chunk read, as a plain tuple (indexed by the interpreter's fastest path):
# 0 its words, 1 their canonical forms, 2 their English weight, 3 whether it is one of the
# rare chunks (a clause break, a token that may be a name, a return code), 4 the words whose
# token may be a name, id or code, 5 its words and clause breaks (None) in order if it holds
# a break, else (), 6 whether a return code may start in it ("rc=8", "exit code").
_Chunk = tuple[
    tuple[Word, ...],
    tuple[str, ...],
    int,
    bool,
    tuple[int, ...],
    tuple[Word | None, ...],
    bool,
]


MAX_CHUNKS = 20_000  # distinct chunks kept (about 500 bytes each); beyond, it starts afresh


class Message(NamedTuple):
    """A message read once. Word ``i`` is ``words[i]`` (folded, typo-corrected), read from
    the token ``items[i][1]`` as written, in clause ``clauses[i]``; the words an abbreviation
    expands into ("pq" → "por", "que") share its token. ``names``: the words whose token
    may be a name, an id or a code (the first word of each such token); ``matches``: the
    cues found, in token order."""

    original: str
    words: list[str]
    items: list[Word]
    clauses: list[int]
    names: list[int]
    matches: list[Match]
    english: int  # > 0: the words are more English than Portuguese (``language.WEIGHTS``)
    codes: bool  # a return code may be written in it


# Built in C, without the Python-level __new__ of a NamedTuple: this runs per message.
_new_message = partial(tuple.__new__, Message)


class Reader:
    def __init__(self, lexicon: Lexicon, max_chunks: int = MAX_CHUNKS) -> None:
        self._lexicon = lexicon
        self._chunks: dict[str, _Chunk] = {}
        self._max_chunks = max_chunks

    def read(self, original: str) -> Message:
        chunks = original.split() if "\n" not in original else original.replace("\n", " ; ").split()
        known = self._chunks
        items: list[Word] = []
        words: list[str] = []
        names: list[int] = []
        clauses: list[int] | None = None  # built at the first clause break
        clause, pending = 0, False  # the current clause; a break after a word was read
        english = 0
        codes = False
        for chunk in chunks:
            reading = known.get(chunk)
            if reading is None:
                reading = self._read_chunk(chunk)
            english += reading[2]
            if reading[3]:  # a clause break, a token that may be a name, a return code
                codes = codes or reading[6]
                base = len(items)
                for k in reading[4]:
                    names.append(base + k)
                if reading[5]:
                    if clauses is None:
                        clauses = [0] * base
                    clause, pending = _add_clauses(clauses, reading[5], clause, pending)
                    items += reading[0]
                    words += reading[1]
                    continue
            if clauses is not None and reading[0]:
                if pending:
                    clause, pending = clause + 1, False
                clauses += [clause] * len(reading[0])
            items += reading[0]
            words += reading[1]
        if clauses is None:
            clauses = [0] * len(words)
        matches = find(words, clauses, items)
        return _new_message((original, words, items, clauses, names, matches, english, codes))

    def _read_chunk(self, chunk: str) -> _Chunk:
        lookup = self._lexicon.lookup
        parts: list[Word | None] = []
        english = 0
        folded = fold(chunk)
        for found in WORD_OR_BREAK.finditer(folded):
            token = found[1]
            if token is None:
                parts.append(None)
                continue
            written = chunk[found.start() : found.end()]
            word_shape = shape(written)
            first = True
            for raw in ABBREVIATIONS.get(token, (token,)):
                english += WEIGHTS.get(raw, 0)
                canonical, heads, pairs = lookup(raw)
                cued = bool(heads) or pairs is not None
                alone = tuple(e[0] for e in heads) if all(e[1] == 1 for e in heads) else None
                parts.append((canonical, written, heads, pairs, word_shape, cued, alone, first))
                word_shape, first = None, False  # the token's shape goes with its first word
        if len(self._chunks) >= self._max_chunks:
            self._chunks.clear()
        items = tuple(part for part in parts if part is not None)
        shaped = tuple(k for k, item in enumerate(items) if item[4] is not None)
        broken = tuple(parts) if len(items) != len(parts) else ()
        words = tuple(item[0] for item in items)
        codes = may_hold_return_code(folded)
        rare = bool(shaped or broken or codes)
        reading: _Chunk = (items, words, english, rare, shaped, broken, codes)
        self._chunks[chunk] = reading
        return reading


def _add_clauses(
    clauses: list[int], parts: tuple[Word | None, ...], clause: int, pending: bool
) -> tuple[int, bool]:
    """Extend ``clauses`` with the clause of each word in ``parts``: a break (None) between
    two words starts a new clause. ``clause``: the current one; ``pending``: a break follows
    the last word read. Returns both, updated."""
    for part in parts:
        if part is None:
            pending = bool(clauses)
        else:
            if pending:
                clause, pending = clause + 1, False
            clauses.append(clause)
    return clause, pending
