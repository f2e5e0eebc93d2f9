"""Recent history of the conversations this process answered lately, kept in memory.

Reading a conversation's last turns on every message cost more database round trips than
answering it. A conversation's messages are append-only and numbered by its
``message_count``, so a copy taken at a given count is exact for as long as the stored
count is the same: :meth:`RecentHistory.get` returns it only then, and the caller reads the
database otherwise (another tab, another worker, a restart).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from resync.contract.context import HistoryTurn

MAX_CONVERSATIONS = 2048


@dataclass(frozen=True, slots=True)
class _Entry:
    count: int
    turns: tuple[HistoryTurn, ...]


class RecentHistory:
    """The last ``turns`` turns of up to ``max_conversations`` conversations (LRU)."""

    def __init__(self, turns: int, max_conversations: int = MAX_CONVERSATIONS) -> None:
        self.turns = turns
        self.max_conversations = max_conversations
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, conversation_id: str, count: int) -> list[HistoryTurn] | None:
        """The turns when the copy was taken at ``count`` stored messages, else None."""
        entry = self._entries.get(conversation_id)
        if entry is None or entry.count != count:
            return None
        self._entries.move_to_end(conversation_id)
        return list(entry.turns)

    def put(self, conversation_id: str, count: int, turns: list[HistoryTurn]) -> None:
        self._entries[conversation_id] = _Entry(count, tuple(turns[-self.turns :]))
        self._entries.move_to_end(conversation_id)
        while len(self._entries) > self.max_conversations:
            self._entries.popitem(last=False)

    def appended(
        self,
        conversation_id: str,
        before: tuple[int, list[HistoryTurn]],
        after: int,
        new_turns: list[HistoryTurn],
    ) -> None:
        """Record ``new_turns`` stored after ``before`` (count, turns); the stored count is
        now ``after``. Anything else written in between makes the copy unknown: dropped."""
        count, turns = before
        if after == count + len(new_turns):
            self.put(conversation_id, after, [*turns, *new_turns])
        else:
            self.forget(conversation_id)

    def forget(self, conversation_id: str) -> None:
        self._entries.pop(conversation_id, None)
