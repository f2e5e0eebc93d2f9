"""A compiled phrase lexicon: finds every cue of the vocabulary in a tokenised message.

A cue pattern is a space-separated sequence of token specs, written folded (no accents,
lower case):

- ``word``      the exact word; ``a|b|c`` any of them
- ``stem*``     any word starting with ``stem`` (``reexecut*``)
- ``#``         a number ("7", "24h", "dois", "two")
- ``[spec]``    an optional token (the pattern is expanded with and without it)
- ``~N``        up to N arbitrary tokens (never first; at most one per pattern)

All tokens of one match lie in the same clause. Patterns are compiled once, indexed by
their first token (by their first two when both are plain words); ``Lexicon.lookup`` gives
what a word may start, once per word (the reader keeps it), and ``find`` checks only those
patterns in a message, never one regex per cue. Words of five letters or more that the
lexicon does not know are corrected to a known word one edit away (a symmetric-delete
index), and stems of six letters or more also match with one letter missing or two letters
swapped: the common typos of fast chat.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from resync.classifier.intents import Intent


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: vocabulary lists stay readable."""
    return frozenset(text.split())


NUMBER_WORDS = word_set(
    "um uma dois duas tres quatro cinco seis sete oito nove dez doze quinze vinte trinta "
    "one two three four five six seven eight nine ten twelve fifteen twenty thirty"
)
_NUMBER_WITH_UNIT = re.compile(r"\d+(?:h|hs|hrs|d|min|m)")


def is_number(word: str) -> bool:
    return word.isdigit() or word in NUMBER_WORDS or _NUMBER_WITH_UNIT.fullmatch(word) is not None


class Role(StrEnum):
    plain = "plain"
    action = "action"  # a request to change the plan, unless hypothetical or a subject's verb
    action_start = "action_start"  # the same, but only as the imperative opening a clause
    howto = "howto"  # "how do I ...": an action after it is hypothetical
    present = "present"  # "now", "current": the present state is asked for
    why = "why"  # asks for the cause of a failure
    deliverable = "deliverable"  # a report, summary or export


@dataclass(frozen=True, slots=True)
class Cue:
    """One rule of the vocabulary: patterns and what a match means."""

    name: str
    patterns: tuple[str, ...]
    intent: Intent | None = None
    weight: float = 0.0
    domain: bool = False  # the words themselves place the message in the scheduler domain
    needs_domain: bool = False  # counts only when something else places it there
    role: Role = Role.plain
    reach: int = 8  # howto: tokens after it within which an action is hypothetical
    state: str | None = None  # the job state it names (``status`` entity)
    state_strict: bool = False  # ambiguous word: a state only in CAPS or after "em"/"in"
    time: bool = False  # a time reference (``time_reference`` entity)
    window: bool = False  # a window of several days: a hint of history/analysis
    # Derived once, read on every message: the intent's value, "intent:name", and whether
    # it names an entity (a state or a time).
    intent_value: str = field(init=False, default="")
    label: str = field(init=False, default="")
    entity: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        value = self.intent.value if self.intent is not None else ""
        object.__setattr__(self, "intent_value", value)
        object.__setattr__(self, "label", f"{value}:{self.name}")
        object.__setattr__(self, "entity", self.time or self.state is not None)


@dataclass(frozen=True, slots=True)
class _Spec:
    exact: frozenset[str]
    stems: tuple[str, ...]
    number: bool
    gap: int

    def accepts(self, word: str) -> bool:
        if word in self.exact:
            return True
        if self.stems and word.startswith(self.stems):
            return True
        return self.number and is_number(word)


# A cue found in a message: the cue, the index of its first token and of its last (inclusive).
# A plain tuple: built, indexed and unpacked by the interpreter's fastest paths.
Match = tuple[Cue, int, int]
_Sequence = tuple[_Spec, ...]
_Tests = tuple[Callable[[str], bool], ...]
# The cue, its number of token specs and the test of each, the index of its gap (0: none),
# the gap's length, the tests after the gap and the words one of which must follow the gap
# (None: any may).
_Entry = tuple[Cue, int, _Tests, int, int, _Tests, frozenset[str] | None]
Heads = tuple[_Entry, ...]  # the cues a word may start
Pairs = dict[str, Heads] | None  # the cues a word starts with the word after it, by that word


def _test(spec: _Spec) -> Callable[[str], bool]:
    """The check of one word against ``spec``: a set lookup in C when the spec allows it."""
    if spec.stems or spec.number:
        return spec.accepts
    return spec.exact.__contains__


def _parse_spec(text: str) -> _Spec:
    if text.startswith("~"):
        return _Spec(frozenset(), (), False, int(text[1:]))
    exact, stems, number = set(), [], False
    for alternative in text.split("|"):
        if alternative == "#":
            number = True
        elif alternative.endswith("*"):
            stems.append(alternative[:-1])
        else:
            exact.add(alternative)
    return _Spec(frozenset(exact), tuple(stems), number, 0)


def _expand(pattern: str) -> list[list[str]]:
    variants: list[list[str]] = [[]]
    for part in pattern.split():
        if part.startswith("[") and part.endswith("]"):
            inner = part[1:-1]
            variants = [v + extra for v in variants for extra in ([], [inner])]
        else:
            variants = [[*v, part] for v in variants]
    return [v for v in variants if v]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


class Lexicon:
    """The vocabulary compiled for lookup; immutable after construction."""

    def __init__(self, cues: Iterable[Cue], known_words: Iterable[str] = ()) -> None:
        self._by_word: dict[str, list[_Entry]] = {}
        self._by_stem: dict[str, list[_Entry]] = {}
        self._by_number: list[_Entry] = []
        self._by_pair: dict[str, list[_Entry]] = {}  # "first second" → entries
        words: set[str] = set()  # every word a pattern names
        for cue in cues:
            for pattern in cue.patterns:
                for variant in _expand(pattern):
                    sequence = tuple(_parse_spec(part) for part in variant)
                    self._index(cue, sequence)
                    for spec in sequence:
                        words |= spec.exact
        self._known = frozenset(words | set(known_words))
        self._add_stem_typos()
        self._stem_lengths = tuple(sorted({len(stem) for stem in self._by_stem}, reverse=True))
        self._corrections = self._build_corrections(words)
        self._pairs: dict[str, dict[str, tuple[_Entry, ...]]] = {}
        for pair, entries in self._by_pair.items():
            word, next_word = pair.split()
            self._pairs.setdefault(word, {})[next_word] = tuple(entries)

    def _index(self, cue: Cue, sequence: _Sequence) -> None:
        gaps = [k for k, spec in enumerate(sequence) if spec.gap]
        if len(gaps) > 1 or (gaps and gaps[0] == 0):
            raise ValueError(f"{cue.name}: one gap at most, never first")
        gap_at = gaps[0] if gaps else 0
        tests = tuple(_test(spec) for spec in sequence)
        gap, tail, need = 0, tests[gap_at + 1 :] if gap_at else (), None
        if gap_at:
            gap, after_gap = sequence[gap_at].gap, sequence[gap_at + 1]
            need = None if after_gap.stems or after_gap.number else after_gap.exact
        head, entry = sequence[0], (cue, len(tests), tests, gap_at, gap, tail, need)
        second = sequence[1] if len(sequence) > 1 else None
        if (
            second is not None
            and not (gap_at or head.stems or head.number)
            and not (second.stems or second.number)
        ):
            # Found by looking up two words at once: no check on the second word.
            for word in head.exact:
                for next_word in second.exact:
                    self._by_pair.setdefault(f"{word} {next_word}", []).append(entry)
            return
        for word in head.exact:
            self._by_word.setdefault(word, []).append(entry)
        for stem in head.stems:
            self._by_stem.setdefault(stem, []).append(entry)
        if head.number:
            self._by_number.append(entry)

    def _add_stem_typos(self) -> None:
        stems = set(self._by_stem)
        prefixes = {word[:n] for word in self._known for n in range(5, len(word) + 1)}
        for stem in list(stems):
            if len(stem) < 6:
                continue
            for typo in _deletions(stem) | _swaps(stem):
                if typo in stems or typo in prefixes:
                    continue
                self._by_stem.setdefault(typo, []).extend(self._by_stem[stem])

    @staticmethod
    def _build_corrections(words: set[str]) -> dict[str, str]:
        index: dict[str, str] = {}
        ambiguous: set[str] = set()
        for word in sorted(words):
            if len(word) < 5 or not word.isalpha():
                continue
            for key in {word} | _deletions(word):
                if index.get(key, word) != word:
                    ambiguous.add(key)
                index.setdefault(key, word)
        for key in ambiguous - words:
            del index[key]
        return index

    def _correct(self, word: str) -> str:
        if len(word) < 5 or word in self._known or not word.isalpha():
            return word
        if any(word[:length] in self._by_stem for length in self._stem_lengths):
            return word
        found = self._corrections.get(word)
        if found is not None:
            return found
        for i in range(len(word)):  # in order: iterating a set would depend on the hash seed
            found = self._corrections.get(word[:i] + word[i + 1 :])
            if found is not None:
                return found
        return word

    def lookup(self, word: str) -> tuple[str, Heads, Pairs]:
        """The typo-corrected ``word``, the cues it may start, and those that start with it
        and the word after it (keyed by that word), or None.

        ``word``: one folded word of a message.
        """
        canonical = self._correct(word)
        heads: list[_Entry] = list(self._by_word.get(canonical, ()))
        for length in self._stem_lengths:
            if length <= len(canonical):
                heads.extend(self._by_stem.get(canonical[:length], ()))
        if is_number(canonical):
            heads.extend(self._by_number)
        return canonical, tuple(heads), self._pairs.get(canonical)


def find(
    words: Sequence[str],
    clauses: Sequence[int],
    looked_up: Sequence[tuple[Any, ...]],
) -> list[Match]:
    """Every cue occurrence in a message (overlapping allowed), in token order.

    ``words``: the typo-corrected words; ``clauses``: the clause of each; ``looked_up``: for
    each word, a tuple holding what ``Lexicon.lookup`` gave (the cues it may start alone, and
    with the word after it) at 2 and 3, whether it gave any at 5, and at 6 the cues it may
    start alone when every one is a one-word cue (else None).
    """
    matches: list[Match] = []
    append = matches.append
    count = len(words)
    for first, item in enumerate(looked_up):
        if not item[5]:
            continue
        after, alone = item[3], item[6]
        paired = None  # the cues it starts with the next word, in the same clause
        if after is not None and first + 1 < count:
            paired = after.get(words[first + 1])
            if paired is not None and clauses[first + 1] != clauses[first]:
                paired = None
        if alone is not None:  # one-word cues only: nothing to check
            for cue in alone:
                append((cue, first, first))
        else:
            clause = clauses[first]
            for cue, size, tests, gap_at, gap, tail, need in item[2]:
                if size == 1:
                    append((cue, first, first))
                elif gap_at:
                    if need is not None and need.isdisjoint(words):
                        continue
                    end = _match_gapped(tests, gap_at, gap, tail, words, clauses, first)
                    if end >= 0:
                        append((cue, first, end - 1))
                elif first + size <= count and tests[1](words[first + 1]):
                    last = first + size - 1
                    if clauses[last] == clause:
                        k = 2
                        while k < size and tests[k](words[first + k]):
                            k += 1
                        if k == size:
                            append((cue, first, last))
        if paired is not None:  # contiguous, their first two words already in place
            for cue, size, tests, _, _, _, _ in paired:
                last = first + size - 1
                if size == 2:
                    append((cue, first, last))
                elif last < count and clauses[last] == clauses[first]:
                    k = 2
                    while k < size and tests[k](words[first + k]):
                        k += 1
                    if k == size:
                        append((cue, first, last))
    return matches


def _match_gapped(
    tests: _Tests,
    gap_at: int,
    gap: int,
    tail: _Tests,
    words: Sequence[str],
    clauses: Sequence[int],
    first: int,
) -> int:
    """Index after the match of a one-gap pattern whose head is ``words[first]``, or -1.

    The specs before the gap match contiguously; the gap then takes as few tokens as it can.
    """
    count, clause, i = len(words), clauses[first], first + 1
    for k in range(1, gap_at):
        if i >= count or clauses[i] != clause or not tests[k](words[i]):
            return -1
        i += 1
    for position in range(i, i + gap + 1):
        if position > count or (position > i and clauses[position - 1] != clause):
            return -1
        j = position
        for test in tail:
            if j >= count or clauses[j] != clause or not test(words[j]):
                break
            j += 1
        else:
            return j
    return -1
