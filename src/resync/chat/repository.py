"""All SQL of the chat domain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update

from resync.chat.errors import ConversationNotFound
from resync.chat.models import ChatMessage, Conversation
from resync.db.engine import Database

MESSAGES_TABLE = cast(Table, ChatMessage.__table__)
CONVERSATIONS_TABLE = cast(Table, Conversation.__table__)

# The one test of ownership: every read and every write of a conversation goes through it,
# so nothing is read or written in a conversation its caller does not own.
_OWNED = and_(
    CONVERSATIONS_TABLE.c.id == bindparam("owned_id"),
    CONVERSATIONS_TABLE.c.owner == bindparam("owned_by"),
)
# The statements of every chat message, built once (building one costs more than running it).
_COUNT = select(CONVERSATIONS_TABLE.c.message_count).where(_OWNED)
_BUMP = (
    update(CONVERSATIONS_TABLE)
    .where(_OWNED)
    .values(
        updated_at=bindparam("now"),
        message_count=CONVERSATIONS_TABLE.c.message_count + bindparam("added"),
    )
    .returning(CONVERSATIONS_TABLE.c.message_count)
)
_INSERT_MESSAGES = insert(MESSAGES_TABLE)


def _now() -> datetime:
    return datetime.now(UTC)


class ConversationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, owner: str, title: str) -> Conversation:
        now = _now()
        conversation = Conversation(
            id=uuid.uuid4().hex, owner=owner, title=title[:200], created_at=now, updated_at=now
        )
        conversation.message_count = 0
        row = {
            "id": conversation.id,
            "owner": owner,
            "title": conversation.title,
            "created_at": now,
            "updated_at": now,
            "message_count": 0,
        }
        await self.db.write(lambda conn: conn.execute(insert(CONVERSATIONS_TABLE), row))
        return conversation

    async def get(self, conversation_id: str, owner: str) -> Conversation | None:
        async with self.db.session() as session:
            found = await session.get(Conversation, conversation_id)
        return found if found is not None and found.owner == owner else None

    async def message_count(self, conversation_id: str, owner: str) -> int | None:
        """How many messages the conversation holds; None when it is not ``owner``'s."""
        params = {"owned_id": conversation_id, "owned_by": owner}
        count: int | None = await self.db.lookup(lambda conn: conn.execute(_COUNT, params).scalar())
        return count

    async def owned_by(self, owner: str, limit: int = 50) -> list[Conversation]:
        query = (
            select(Conversation)
            .where(Conversation.owner == owner)
            .order_by(Conversation.updated_at.desc())
            .limit(limit)
        )
        async with self.db.session() as session:
            return list((await session.scalars(query)).all())

    async def delete(self, conversation_id: str, owner: str) -> bool:
        """Delete ``owner``'s conversation and its messages; False (nothing written) when
        there is no such conversation of theirs."""
        params = {"owned_id": conversation_id, "owned_by": owner}

        def remove(conn: Connection) -> bool:
            if conn.execute(_COUNT, params).scalar() is None:
                return False
            conn.execute(
                delete(MESSAGES_TABLE).where(MESSAGES_TABLE.c.conversation_id == conversation_id)
            )
            conn.execute(delete(CONVERSATIONS_TABLE).where(_OWNED), params)
            return True

        removed: bool = await self.db.write(remove)
        return removed

    async def add_messages(
        self, conversation_id: str, owner: str, messages: list[dict[str, Any]]
    ) -> tuple[list[str], int]:
        """Append messages in order, in one transaction (a question and its answer), to a
        conversation of ``owner``'s; returns their ids and the conversation's message count
        after them. The conversation's counter, bumped atomically, numbers them."""
        now = _now()
        ids = [uuid.uuid4().hex for _ in messages]
        bump = {"owned_id": conversation_id, "owned_by": owner, "now": now}
        bump["added"] = len(messages)

        def append(conn: Connection) -> int:
            count: int | None = conn.execute(_BUMP, bump).scalar()
            if count is None:  # not theirs, or deleted meanwhile: raising rolls it back
                raise ConversationNotFound(f"conversa {conversation_id} não encontrada")
            first = count - len(messages) + 1
            rows = [
                {
                    "id": message_id,
                    "conversation_id": conversation_id,
                    "seq": first + offset,
                    "created_at": now,
                    "result": None,
                    "intent": None,
                    "routing_mode": None,
                    "confidence": None,
                    "trace_id": None,
                    **fields,
                }
                for offset, (message_id, fields) in enumerate(zip(ids, messages, strict=True))
            ]
            # One executemany; SQL NULL for the None columns, JSON null for a message
            # without a result.
            conn.execute(_INSERT_MESSAGES, rows)
            return count

        count = await self.db.write(append)
        return ids, count

    async def messages(self, conversation_id: str, limit: int | None = None) -> list[ChatMessage]:
        """Messages oldest first; with ``limit``, only the latest ``limit`` of them."""
        query = select(ChatMessage).where(ChatMessage.conversation_id == conversation_id)
        if limit is None:
            query = query.order_by(ChatMessage.seq)
            async with self.db.session() as session:
                return list((await session.scalars(query)).all())
        query = query.order_by(ChatMessage.seq.desc()).limit(limit)
        async with self.db.session() as session:
            rows = list((await session.scalars(query)).all())
        return rows[::-1]
