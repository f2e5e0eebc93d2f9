"""The names of the plan nearest to a name that names nothing: "did you mean …?".

A name typed with a typo (``PAYROL_01``), without its suffix (``PAYROLL``) or only in
part gets the plan's names it can mean: every name that contains it (a partial name: the
candidates), else the names alike (difflib's ratio) that are the fewest edits away (a
typo). Pure: the
caller hands in the plan's names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

MAX_SUGGESTIONS = 8
CLOSE_RATIO = 0.75  # how alike two names must be to count as a typo of each other
MIN_PARTIAL = 3  # shorter fragments ("PA") are not a partial name


@dataclass(frozen=True)
class Nearest:
    names: list[str]  # best first, at most MAX_SUGGESTIONS
    partial: bool  # the query is part of each name (candidates), not a typo of it
    total: int  # how many names matched


def nearest_names(query: str, names: Iterable[str], limit: int = MAX_SUGGESTIONS) -> Nearest:
    """The names ``query`` may have meant (compared without case)."""
    wanted = query.strip().upper()
    known = sorted({name.upper(): name for name in names}.items())
    if not wanted:
        return Nearest([], False, 0)
    if len(wanted) >= MIN_PARTIAL:
        containing = [name for folded, name in known if wanted in folded and folded != wanted]
        if containing:
            containing.sort(key=lambda name: (not name.upper().startswith(wanted), name))
            return Nearest(containing[:limit], True, len(containing))
    near: list[tuple[int, str]] = []
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for folded, name in known:
        matcher.set_seq1(folded)
        if matcher.real_quick_ratio() < CLOSE_RATIO or matcher.quick_ratio() < CLOSE_RATIO:
            continue
        if matcher.ratio() >= CLOSE_RATIO:
            near.append((distance(folded, wanted), name))
    if not near:
        return Nearest([], False, 0)
    best = min(count for count, _ in near)
    closest = sorted(name for count, name in near if count == best)
    return Nearest(closest[:limit], False, len(closest))


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap of neighbours) that turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
