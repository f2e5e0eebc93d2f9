"""Chat logic: a message goes to the router with its conversation's recent history and the
question and answer are stored together (before the answer is returned)."""

from __future__ import annotations

from typing import Any, Protocol

import structlog

from resync.chat.errors import ConversationNotFound
from resync.chat.history import RecentHistory
from resync.chat.models import ChatMessage, Conversation
from resync.chat.repository import ConversationRepository
from resync.chat.schemas import ChatReply
from resync.contract.context import DeltaCallback, HistoryTurn, RouteContext
from resync.contract.result import RoutingResult

log = structlog.get_logger(__name__)

HISTORY_TURNS = 6
TITLE_CHARS = 60


class MessageRouter(Protocol):
    async def route(self, message: str, context: RouteContext) -> RoutingResult: ...


class ChatService:
    def __init__(self, repository: ConversationRepository, router: MessageRouter) -> None:
        self.repository = repository
        self.router = router
        self.recent = RecentHistory(HISTORY_TURNS)

    async def handle(
        self,
        text: str,
        user: Any,
        conversation_id: str | None = None,
        *,
        on_delta: DeltaCallback | None = None,
        source: str = "api",
    ) -> ChatReply:
        text = text.strip()
        conversation_id, count = await self._conversation(user.username, conversation_id, text)
        history = await self._history(conversation_id, count)
        context = RouteContext(
            user=user,
            conversation_id=conversation_id,
            history=history,
            on_delta=on_delta,
            source=source,
        )
        result = await self.router.route(text, context)
        answer = result.model_dump(mode="json")
        (_, answer_id), stored = await self.repository.add_messages(
            conversation_id,
            user.username,
            [
                {"role": "user", "text": text, "trace_id": result.trace_id},
                {
                    "role": "assistant",
                    "text": result.answer,
                    "result": answer,
                    "intent": result.intent.value,
                    "routing_mode": result.routing_mode.value,
                    "confidence": result.confidence,
                    "trace_id": result.trace_id,
                },
            ],
        )
        self.recent.appended(
            conversation_id,
            (count, history),
            stored,
            [HistoryTurn("user", text), _turn_of("assistant", result.answer, answer)],
        )
        log.info(
            "chat_message_answered",
            conversation_id=conversation_id,
            intent=result.intent.value,
            routing_mode=result.routing_mode.value,
            source=source,
        )
        # The result was validated as it was built: the reply reuses its values, and its
        # JSON form (already made to store it) is what a WebSocket sends.
        reply = ChatReply.model_construct(
            **dict(result), conversation_id=conversation_id, message_id=answer_id
        )
        reply.json_form = {**answer, "conversation_id": conversation_id, "message_id": answer_id}
        return reply

    async def _conversation(
        self, owner: str, conversation_id: str | None, first_text: str
    ) -> tuple[str, int]:
        """The conversation's id and how many messages it has stored (a new one: 0)."""
        if conversation_id:
            count = await self.repository.message_count(conversation_id, owner)
            if count is None:
                raise ConversationNotFound(f"conversa {conversation_id} não encontrada")
            return conversation_id, count
        title = first_text if len(first_text) <= TITLE_CHARS else first_text[:TITLE_CHARS] + "…"
        return (await self.repository.create(owner, title)).id, 0

    async def _history(self, conversation_id: str, count: int) -> list[HistoryTurn]:
        """The last turns of a conversation holding ``count`` messages: from memory when
        this process knows them at that count, else read (a new one has none)."""
        if not count:
            return []
        history = self.recent.get(conversation_id, count)
        if history is None:
            recent = await self.repository.messages(conversation_id, HISTORY_TURNS)
            history = [_turn(message) for message in recent]
            self.recent.put(conversation_id, count, history)
        return history

    async def conversations(self, owner: str, limit: int = 50) -> list[Conversation]:
        return await self.repository.owned_by(owner, limit)

    async def messages(self, conversation_id: str, owner: str) -> list[ChatMessage]:
        if await self.repository.get(conversation_id, owner) is None:
            raise ConversationNotFound(f"conversa {conversation_id} não encontrada")
        return await self.repository.messages(conversation_id)

    async def delete(self, conversation_id: str, owner: str) -> None:
        self.recent.forget(conversation_id)
        if not await self.repository.delete(conversation_id, owner):
            raise ConversationNotFound(f"conversa {conversation_id} não encontrada")


def _turn(message: ChatMessage) -> HistoryTurn:
    return _turn_of(message.role, message.text, message.result)


def _turn_of(role: str, text: str, result: dict[str, Any] | None) -> HistoryTurn:
    entities = (result or {}).get("entities") or {}
    return HistoryTurn(role=role, text=text, entities=entities)
