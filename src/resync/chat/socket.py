"""One operator's WebSocket chat session: JSON frames in, deltas/results/approvals out."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
import structlog
from fastapi import WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from redis.exceptions import RedisError

from resync.chat.limits import MessageRateLimiter
from resync.chat.schemas import ChatRequest
from resync.chat.service import ChatService
from resync.errors import ResyncError
from resync.events import EventBus
from resync.monitoring.watches import NOTIFICATIONS
from resync.observability.context import get_trace_id, new_id, reset_trace_id, set_trace_id
from resync.observability.middleware import CORRELATION_HEADER, valid_correlation_id

log = structlog.get_logger(__name__)

BUS_RETRY_FIRST, BUS_RETRY_MAX = 0.5, 5.0
CLOSE_GOING_AWAY = 1001
CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009
RECONNECT_FRAME = {
    "type": "reconnect",
    "reason": "server_shutting_down",
    "detail": "o servidor está reiniciando; reconecte (outra instância atende)",
    "retry_after_ms": 1000,
}

# The user as they are now, or None when they may no longer act (disabled, token revoked).
Recheck = Callable[[Any], Awaitable[Any | None]]


class ChatSocketSession:
    def __init__(
        self,
        ws: WebSocket,
        user: Any,
        chat: ChatService,
        bus: EventBus,
        limiter: MessageRateLimiter,
        max_frame_bytes: int,
        recheck: Recheck | None = None,
    ) -> None:
        self.ws = ws
        self.recheck = recheck
        self.user = user
        self.chat = chat
        self.bus = bus
        self.limiter = limiter
        self.max_frame_bytes = max_frame_bytes
        self.trace_id = get_trace_id() or new_id()
        # A client that names its session (X-Correlation-ID) gets that id on every message;
        # otherwise each message is its own trace, so an operator can quote one answer.
        sent = ws.headers.get(CORRELATION_HEADER, "")
        self.session_trace = bool(sent and valid_correlation_id(sent))
        self._send_lock = asyncio.Lock()
        self.busy = False  # answering a message
        self.leaving = False  # the server is shutting down: close once the answer is sent
        self.closed = False

    async def leave(self) -> None:
        """Close with 1001 and a ``reconnect`` frame, at once or after the answer in flight."""
        self.leaving = True
        if not self.busy:
            await self._close_going_away()

    async def _close_going_away(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await self.send(RECONNECT_FRAME)
            await self.ws.close(CLOSE_GOING_AWAY, "server shutting down")

    async def send(self, frame: dict[str, Any]) -> None:
        async with self._send_lock:
            await self.ws.send_text(orjson.dumps(frame, default=str).decode())

    async def error(self, code: str, detail: str, trace_id: str | None = None) -> None:
        await self.send(
            {"type": "error", "code": code, "detail": detail, "trace_id": trace_id or self.trace_id}
        )

    async def run(self) -> None:
        log.info("chat_session_opened", user=self.user.username, pid=os.getpid())
        forwarder = asyncio.create_task(self._forward_approvals())
        notices = asyncio.create_task(self._forward_notifications())
        try:
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                raw = message.get("text")
                if raw is None and message.get("bytes") is not None:
                    raw = message["bytes"].decode("utf-8", errors="replace")
                if len((raw or "").encode()) > self.max_frame_bytes:
                    log.warning("chat_frame_too_big", size=len(raw or ""))
                    await self.ws.close(CLOSE_TOO_BIG, "frame too big")
                    break
                if self.leaving:
                    break
                if not await self._still_allowed():
                    break
                self.busy = True
                try:
                    await self._on_frame(raw or "")
                except (RuntimeError, WebSocketDisconnect):
                    raise
                except Exception:  # a frame never ends the session: it gets an error frame
                    log.exception("chat_frame_failed")
                    await self.error("internal_error", "erro inesperado; tente de novo")
                finally:
                    self.busy = False
                if self.leaving:
                    await self._close_going_away()
                    break
        except WebSocketDisconnect:
            pass
        finally:
            for task in (forwarder, notices):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            log.info("chat_session_closed", user=self.user.username)

    async def _still_allowed(self) -> bool:
        """Re-read the user before acting on a frame: a role changed since the socket
        opened applies at once, and a disabled user or a revoked token ends the session."""
        if self.recheck is None:
            return True
        current = await self.recheck(self.user)
        if current is None:
            log.info("chat_session_revoked", user=self.user.username)
            await self.error("session_revoked", "sua sessão não vale mais; entre de novo")
            await self.ws.close(CLOSE_POLICY, "session revoked")
            return False
        self.user = current
        return True

    async def _on_frame(self, raw: str) -> None:
        try:
            # orjson refuses nesting past 1024 levels and integers past 64 bits with a
            # JSONDecodeError, where json.loads raised RecursionError or ValueError.
            frame = orjson.loads(raw)
        except orjson.JSONDecodeError:
            await self.error("malformed_frame", "o quadro não é JSON válido")
            return
        kind = frame.get("type") if isinstance(frame, dict) else None
        if kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "message":
            await self._on_message(frame)
        else:
            await self.error(
                "malformed_frame", "tipo de quadro desconhecido; use 'message' ou 'ping'"
            )

    async def _on_message(self, frame: dict[str, Any]) -> None:
        try:
            request = ChatRequest.model_validate(
                {"text": frame.get("text"), "conversation_id": frame.get("conversation_id")}
            )
        except ValidationError as exc:
            await self.error("validation_error", exc.errors()[0].get("msg", "mensagem inválida"))
            return
        wait = await self.limiter.acquire(self.user.username)
        if wait:
            await self.error("rate_limited", f"muitas mensagens; tente de novo em {wait:.0f} s")
            return
        message_id = new_id()
        trace_id = self.trace_id if self.session_trace else message_id
        token = set_trace_id(trace_id)
        try:
            await self._answer(request, message_id, trace_id)
        finally:
            reset_trace_id(token)

    async def _answer(self, request: ChatRequest, message_id: str, trace_id: str) -> None:
        with structlog.contextvars.bound_contextvars(message_id=message_id, trace_id=trace_id):
            try:
                reply = await self.chat.handle(
                    request.text,
                    self.user,
                    request.conversation_id,
                    on_delta=self._send_delta,
                    source="ws",
                )
            except ResyncError as exc:
                await self.error(exc.code, exc.detail, trace_id)
                return
            except Exception:
                log.exception("chat_message_failed")
                await self.error(
                    "internal_error", "erro inesperado ao responder; tente de novo", trace_id
                )
                return
            await self.send({"type": "result", **reply.json_form})

    async def _send_delta(self, text: str) -> None:
        await self.send({"type": "delta", "text": text})

    async def _forward_approvals(self) -> None:
        """Approval requests this user asked for or decided, as they change state."""

        def mine(event: dict[str, Any]) -> dict[str, Any] | None:
            if self.user.username not in (event.get("requester"), event.get("decided_by")):
                return None
            return {"type": "approval", **event}

        await self._forward("approvals", mine)

    async def _forward_notifications(self) -> None:
        """This user's watches as they fire ("me avise quando …"), on every open socket."""

        def mine(event: dict[str, Any]) -> dict[str, Any] | None:
            if event.get("user") != self.user.username:
                return None
            return {**event, "type": "notification"}

        await self._forward(NOTIFICATIONS, mine)

    async def _forward(
        self, topic: str, frame_of: Callable[[dict[str, Any]], dict[str, Any] | None]
    ) -> None:
        """Send the events of ``topic`` that ``frame_of`` turns into a frame for this
        session; when the bus (Redis) fails, subscribe again until it answers."""
        delay = BUS_RETRY_FIRST
        while True:
            try:
                async with self.bus.subscribe(topic) as events:
                    delay = BUS_RETRY_FIRST
                    async for event in events:
                        frame = frame_of(event)
                        if frame is None:
                            continue
                        try:
                            await self.send(frame)
                        except (RuntimeError, WebSocketDisconnect):
                            return
                return
            except (OSError, ConnectionError, RedisError) as exc:
                log.warning(
                    "chat_bus_unsubscribed", topic=topic, error=f"{type(exc).__name__}: {exc}"
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, BUS_RETRY_MAX)


class OpenSockets:
    """The chat sessions open in this process, so a shutdown closes each cleanly."""

    def __init__(self) -> None:
        self.sessions: set[ChatSocketSession] = set()
        self.draining = False
        self._empty = asyncio.Event()
        self._empty.set()

    def add(self, session: ChatSocketSession) -> None:
        self.sessions.add(session)
        self._empty.clear()

    def discard(self, session: ChatSocketSession) -> None:
        self.sessions.discard(session)
        if not self.sessions:
            self._empty.set()

    async def drain(self) -> None:
        """Refuse new sessions; close each open one after its answer in flight; wait."""
        self.draining = True
        count = len(self.sessions)
        await asyncio.gather(*(session.leave() for session in list(self.sessions)))
        await self._empty.wait()
        log.info("chat_sessions_drained", sessions=count)
