"""RecentHistory: a copy is returned only at the message count it was taken at."""

from __future__ import annotations

from resync.chat.history import RecentHistory
from resync.contract.context import HistoryTurn


def _turns(*texts: str) -> list[HistoryTurn]:
    return [HistoryTurn("user", text) for text in texts]


def test_a_copy_holds_only_at_its_count_and_keeps_the_last_turns() -> None:
    recent = RecentHistory(turns=3)
    recent.put("c", 2, _turns("a", "b"))
    assert recent.get("c", 2) == _turns("a", "b")
    assert recent.get("c", 4) is None  # someone stored more since
    recent.appended("c", (2, _turns("a", "b")), 4, _turns("c", "d"))
    assert recent.get("c", 4) == _turns("b", "c", "d")


def test_a_write_interleaved_with_ours_drops_the_copy() -> None:
    recent = RecentHistory(turns=6)
    recent.put("c", 2, _turns("a", "b"))
    # another writer stored 2 messages between our read (count 2) and our write
    recent.appended("c", (2, _turns("a", "b")), 6, _turns("e", "f"))
    assert recent.get("c", 6) is None and len(recent) == 0


def test_least_recently_used_conversations_are_evicted() -> None:
    recent = RecentHistory(turns=2, max_conversations=2)
    recent.put("a", 1, _turns("x"))
    recent.put("b", 1, _turns("y"))
    assert recent.get("a", 1) is not None  # "a" used last: "b" goes first
    recent.put("c", 1, _turns("z"))
    assert recent.get("b", 1) is None and recent.get("a", 1) is not None
