"""Chat over REST and WebSocket (``/ws/chat``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, WebSocket
from starlette.requests import HTTPConnection

from resync.auth.dependencies import CurrentUser, auth_service
from resync.auth.tickets import authenticate_socket
from resync.chat.errors import ChatRateLimited
from resync.chat.limits import MessageRateLimiter, SessionCounter
from resync.chat.schemas import ChatReply, ChatRequest, ConversationOut, MessageOut
from resync.chat.service import ChatService
from resync.chat.socket import CLOSE_GOING_AWAY, CLOSE_POLICY, ChatSocketSession, OpenSockets
from resync.events import EventBus
from resync.settings import app_settings
from resync.wiring import component

router = APIRouter(prefix="/api/v1", tags=["chat"])
socket_router = APIRouter(tags=["chat"])


def get_chat(connection: HTTPConnection) -> ChatService:
    return component(connection, "chat", ChatService)


def get_limiter(connection: HTTPConnection) -> MessageRateLimiter:
    return component(connection, "chat_limiter", MessageRateLimiter)


def get_sessions(connection: HTTPConnection) -> SessionCounter:
    return component(connection, "chat_sessions", SessionCounter)


def get_open_sockets(connection: HTTPConnection) -> OpenSockets:
    return component(connection, "chat_sockets", OpenSockets)


def get_bus(connection: HTTPConnection) -> EventBus:
    bus: EventBus = connection.app.state.services.bus  # a protocol: no isinstance check
    return bus


ChatDep = Annotated[ChatService, Depends(get_chat)]
LimiterDep = Annotated[MessageRateLimiter, Depends(get_limiter)]


@router.post("/chat", response_model=ChatReply, summary="Ask Resync (the answer is not streamed)")
async def chat(
    body: ChatRequest, user: CurrentUser, chat: ChatDep, limiter: LimiterDep
) -> ChatReply:
    wait = await limiter.acquire(user.username)
    if wait:
        raise ChatRateLimited(
            f"muitas mensagens; tente de novo em {wait:.0f} s",
            headers={"Retry-After": str(max(1, round(wait)))},
        )
    return await chat.handle(body.text, user, body.conversation_id)


@router.get("/conversations", response_model=list[ConversationOut], summary="Your conversations")
async def conversations(user: CurrentUser, chat: ChatDep, limit: int = 50) -> list[ConversationOut]:
    rows = await chat.conversations(user.username, min(max(limit, 1), 200))
    return [ConversationOut.model_validate(row) for row in rows]


@router.get(
    "/conversations/{conversation_id}/messages",
    response_model=list[MessageOut],
    summary="Messages of one of your conversations, oldest first",
)
async def messages(conversation_id: str, user: CurrentUser, chat: ChatDep) -> list[MessageOut]:
    rows = await chat.messages(conversation_id, user.username)
    return [MessageOut.model_validate(row) for row in rows]


@router.delete(
    "/conversations/{conversation_id}", status_code=204, summary="Delete one of your conversations"
)
async def delete_conversation(conversation_id: str, user: CurrentUser, chat: ChatDep) -> Response:
    await chat.delete(conversation_id, user.username)
    return Response(status_code=204)


@socket_router.websocket("/ws/chat")
async def chat_socket(ws: WebSocket) -> None:
    """Authenticated by a one-time ``?ticket=`` (from POST /api/v1/auth/ticket) or the
    session's Basic credentials; closes with 1008 when unauthenticated."""
    auth, sessions, open_sockets = auth_service(ws), get_sessions(ws), get_open_sockets(ws)
    if open_sockets.draining:
        await ws.close(CLOSE_GOING_AWAY, "server shutting down")
        return
    user = await authenticate_socket(ws, auth)
    if user is None:
        await ws.close(CLOSE_POLICY, "authentication required")
        return
    lease = await sessions.acquire(user.username)
    if lease is None:
        await ws.close(CLOSE_POLICY, "too many open sessions")
        return
    try:
        await ws.accept()
        session = ChatSocketSession(
            ws,
            user,
            get_chat(ws),
            get_bus(ws),
            get_limiter(ws),
            app_settings(ws).chat_max_frame_bytes,
            recheck=auth.recheck,
        )
        open_sockets.add(session)
        try:
            if open_sockets.draining:  # the drain began while this one was authenticating
                await session.leave()
            await session.run()
        finally:
            open_sockets.discard(session)
    finally:
        await sessions.release(user.username, lease)
