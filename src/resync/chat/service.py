"""Chat logic: a message goes to the router with its conversation's recent history and the
question and answer are stored together."""

from __future__ import annotations

from typing import Any, Protocol

import structlog

from resync.chat.errors import ConversationNotFound
from resync.chat.models import ChatMessage, Conversation
from resync.chat.repository import ConversationRepository
from resync.chat.schemas import ChatReply
from resync.routing.context import DeltaCallback, HistoryTurn, RouteContext
from resync.routing.result import RoutingResult

log = structlog.get_logger(__name__)

HISTORY_TURNS = 6
TITLE_CHARS = 60


class MessageRouter(Protocol):
    async def route(self, message: str, context: RouteContext) -> RoutingResult: ...


class ChatService:
    def __init__(self, repository: ConversationRepository, router: MessageRouter) -> None:
        self.repository = repository
        self.router = router

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
        conversation = await self._conversation(user.username, conversation_id, text)
        history = []
        if conversation.message_count:  # a new conversation has no history to read
            recent = await self.repository.messages(conversation.id, HISTORY_TURNS)
            history = [_turn(message) for message in recent]
        context = RouteContext(
            user=user,
            conversation_id=conversation.id,
            history=history,
            on_delta=on_delta,
            source=source,
        )
        result = await self.router.route(text, context)
        _, answer_id = await self.repository.add_messages(
            conversation.id,
            [
                {"role": "user", "text": text, "trace_id": result.trace_id},
                {
                    "role": "assistant",
                    "text": result.answer,
                    "result": result.model_dump(mode="json"),
                    "intent": result.intent.value,
                    "routing_mode": result.routing_mode.value,
                    "confidence": result.confidence,
                    "trace_id": result.trace_id,
                },
            ],
        )
        log.info(
            "chat_message_answered",
            conversation_id=conversation.id,
            intent=result.intent.value,
            routing_mode=result.routing_mode.value,
            source=source,
        )
        return ChatReply(
            **result.model_dump(), conversation_id=conversation.id, message_id=answer_id
        )

    async def _conversation(
        self, owner: str, conversation_id: str | None, first_text: str
    ) -> Conversation:
        if conversation_id:
            found = await self.repository.get(conversation_id, owner)
            if found is None:
                raise ConversationNotFound(f"conversa {conversation_id} não encontrada")
            return found
        title = first_text if len(first_text) <= TITLE_CHARS else first_text[:TITLE_CHARS] + "…"
        return await self.repository.create(owner, title)

    async def conversations(self, owner: str, limit: int = 50) -> list[Conversation]:
        return await self.repository.owned_by(owner, limit)

    async def messages(self, conversation_id: str, owner: str) -> list[ChatMessage]:
        if await self.repository.get(conversation_id, owner) is None:
            raise ConversationNotFound(f"conversa {conversation_id} não encontrada")
        return await self.repository.messages(conversation_id)

    async def delete(self, conversation_id: str, owner: str) -> None:
        if not await self.repository.delete(conversation_id, owner):
            raise ConversationNotFound(f"conversa {conversation_id} não encontrada")


def _turn(message: ChatMessage) -> HistoryTurn:
    entities = (message.result or {}).get("entities") or {}
    return HistoryTurn(role=message.role, text=message.text, entities=entities)
