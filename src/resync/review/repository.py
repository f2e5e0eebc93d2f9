"""All SQL of the review loop: feedback, resolutions, and the chat messages they are about."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, or_, select

from resync.audit.models import AuditRow
from resync.chat.models import ChatMessage, Conversation
from resync.db.engine import Database
from resync.review.models import FeedbackRow, ResolutionRow


class ReviewRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def conversation_owner(self, conversation_id: str) -> str | None:
        async with self.db.session() as session:
            found = await session.get(Conversation, conversation_id)
        return found.owner if found is not None else None

    async def message(self, message_id: str) -> ChatMessage | None:
        async with self.db.session() as session:
            return await session.get(ChatMessage, message_id)

    async def recent_answers(self, limit: int) -> list[ChatMessage]:
        query = (
            select(ChatMessage)
            .where(ChatMessage.role == "assistant")
            .order_by(ChatMessage.created_at.desc())
            .limit(limit)
        )
        async with self.db.session() as session:
            return list(await session.scalars(query))

    async def answers(self, ids: Iterable[str]) -> list[ChatMessage]:
        wanted = list(ids)
        if not wanted:
            return []
        async with self.db.session() as session:
            return list(
                await session.scalars(select(ChatMessage).where(ChatMessage.id.in_(wanted)))
            )

    async def questions(self, answers: Iterable[ChatMessage]) -> dict[tuple[str, int], str]:
        """The user message right before each answer, by (conversation, seq)."""
        keys = {(a.conversation_id, a.seq - 1) for a in answers}
        if not keys:
            return {}
        clauses = [and_(ChatMessage.conversation_id == c, ChatMessage.seq == s) for c, s in keys]
        query = select(ChatMessage).where(ChatMessage.role == "user", or_(*clauses))
        async with self.db.session() as session:
            rows = await session.scalars(query)
            return {(row.conversation_id, row.seq): row.text for row in rows}

    async def around(self, answer: ChatMessage, before: int = 6) -> list[ChatMessage]:
        query = (
            select(ChatMessage)
            .where(
                ChatMessage.conversation_id == answer.conversation_id,
                ChatMessage.seq <= answer.seq + 1,
                ChatMessage.seq >= answer.seq - before,
            )
            .order_by(ChatMessage.seq)
        )
        async with self.db.session() as session:
            return list(await session.scalars(query))

    async def feedback(self, ids: Iterable[str]) -> dict[str, FeedbackRow]:
        wanted = list(ids)
        if not wanted:
            return {}
        query = select(FeedbackRow).where(FeedbackRow.message_id.in_(wanted))
        async with self.db.session() as session:
            return {row.message_id: row for row in await session.scalars(query)}

    async def feedback_of_conversation(self, conversation_id: str) -> list[FeedbackRow]:
        query = select(FeedbackRow).where(FeedbackRow.conversation_id == conversation_id)
        async with self.db.session() as session:
            return list(await session.scalars(query))

    async def thumbs_down(self, limit: int) -> list[str]:
        query = (
            select(FeedbackRow.message_id)
            .where(FeedbackRow.rating == "down")
            .order_by(FeedbackRow.updated_at.desc())
            .limit(limit)
        )
        async with self.db.session() as session:
            return list(await session.scalars(query))

    async def save_feedback(self, row: FeedbackRow) -> FeedbackRow:
        async with self.db.writing() as session:
            existing = await session.get(FeedbackRow, row.message_id)
            if existing is not None:
                row.created_at = existing.created_at
            merged = await session.merge(row)
            await session.commit()
            return merged

    async def resolutions(self, ids: Iterable[str] | None = None) -> dict[str, ResolutionRow]:
        query = select(ResolutionRow)
        if ids is not None:
            query = query.where(ResolutionRow.message_id.in_(list(ids)))
        async with self.db.session() as session:
            return {row.message_id: row for row in await session.scalars(query)}

    async def golden(self) -> list[ResolutionRow]:
        query = (
            select(ResolutionRow)
            .where(ResolutionRow.action == "golden")
            .order_by(ResolutionRow.resolved_at)
        )
        async with self.db.session() as session:
            return list(await session.scalars(query))

    async def save_resolution(self, row: ResolutionRow, audit: AuditRow) -> ResolutionRow:
        async with self.db.writing() as session:
            merged = await session.merge(row)
            session.add(audit)
            await session.commit()
            return merged
