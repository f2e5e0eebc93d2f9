"""Questions asked from a Teams channel through an outgoing webhook.

Teams POSTs the activity with ``Authorization: HMAC <base64 HMAC-SHA256 of the raw body,
keyed with the base64-decoded security token>`` and waits at most 5 seconds. Here: the
signature checked in constant time, replays refused (an activity id seen before, a
timestamp more than 5 minutes off), the ``<at>…</at>`` mention stripped, the Teams user
mapped to a Resync user, and the text run through the chat service (one conversation per
Teams conversation and user). An answer not ready within the budget is replied to with
"verificando…" and posted to the channel's Workflows webhook when it is.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import html
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
import structlog
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from resync.auth.errors import NotAuthenticated, UserNotFound
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.auth.users import UserService
from resync.chat.errors import ConversationNotFound
from resync.chat.schemas import ChatReply
from resync.chat.service import ChatService
from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.errors import ResyncError
from resync.notifications.cards import answer_card, envelope, text_card
from resync.notifications.mapping import UserMap
from resync.notifications.service import NotificationService
from resync.notifications.tables import activities, conversations
from resync.settings import Settings

log = structlog.get_logger(__name__)

MAX_SKEW = timedelta(minutes=5)
MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
PENDING_TEXT = "verificando… a resposta completa chega a este canal em instantes."
REFUSED_TEXT = (
    "Seu usuário do Teams não está ligado a um usuário do Resync. "
    "Peça a um administrador para fazer o mapeamento (Admin › Teams)."
)


class InvalidActivity(ResyncError):
    status_code = 400
    code = "invalid_activity"


def signature_ok(body: bytes, authorization: str, secret_b64: str) -> bool:
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.upper() != "HMAC" or not given or not secret_b64:
        return False
    try:
        key = base64.b64decode(secret_b64, validate=True)
        received = base64.b64decode(given.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(key, body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, received)


def plain_text(text: str) -> str:
    """The message without the bot mention and Teams' HTML."""
    text = TAG.sub(" ", MENTION.sub(" ", text))
    return " ".join(html.unescape(text).split())


@dataclass
class IncomingStatus:
    secret_set: bool
    last_message_at: datetime | None = None
    last_outcome: str | None = None
    accepted: int = 0
    rejected_signatures: int = 0
    replays: int = 0
    stale: int = 0


class TeamsInbox:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        chat: ChatService,
        accounts: UserService,
        notifications: NotificationService,
    ) -> None:
        self.settings = settings
        self.db = db
        self.chat = chat
        self.accounts = accounts
        self.notifications = notifications
        self.links = UserMap(db)
        self.metrics = notifications.metrics
        self.secret = settings.teams_outgoing_secret.get_secret_value().strip()
        self.status = IncomingStatus(secret_set=bool(self.secret))
        self.background: set[asyncio.Task[None]] = set()

    async def receive(self, body: bytes, authorization: str) -> dict[str, Any]:
        """The reply for Teams, or :class:`NotAuthenticated` (401)."""
        if not signature_ok(body, authorization, self.secret):
            self.status.rejected_signatures += 1
            self._outcome("rejected_signature")
            raise NotAuthenticated("assinatura HMAC do Teams ausente ou inválida")
        activity = _activity(body)
        when = _timestamp(activity.get("timestamp"))
        if when is None or abs(utcnow() - when) > MAX_SKEW:
            self.status.stale += 1
            self._outcome("stale")
            raise NotAuthenticated("mensagem do Teams com horário ausente ou fora de 5 minutos")
        activity_id = str(activity.get("id") or "")[:200]
        if not activity_id or not await self._first_time(activity_id):
            self.status.replays += 1
            self._outcome("replay")
            raise NotAuthenticated("mensagem do Teams repetida")
        self.status.accepted += 1
        sender = activity.get("from") or {}
        user = await self._user(sender)
        if user is None:
            self._outcome("refused_user")
            return {"type": "message", "text": REFUSED_TEXT}
        text = plain_text(str(activity.get("text") or ""))
        if not text:
            self._outcome("invalid")
            return {"type": "message", "text": "Escreva a pergunta depois da menção."}
        conversation = str((activity.get("conversation") or {}).get("id") or "")[:300]
        channel = str(((activity.get("channelData") or {}).get("channel") or {}).get("id") or "")
        answering = asyncio.create_task(self._answer(text, user, conversation))
        done, _ = await asyncio.wait({answering}, timeout=self.settings.teams_reply_budget_seconds)
        if done:
            self._outcome("answered")
            return _reply(text, answering.result(), self.settings.link_base)
        self._outcome("deferred")
        follow = asyncio.create_task(self._later(answering, text, channel, activity_id))
        self.background.add(follow)
        follow.add_done_callback(self.background.discard)
        return {"type": "message", "text": PENDING_TEXT}

    async def stop(self) -> None:
        for task in list(self.background):
            task.cancel()

    # the answer --------------------------------------------------------------------------

    async def _answer(
        self, text: str, user: AuthenticatedUser, teams_conversation: str
    ) -> ChatReply:
        known = await self._conversation(teams_conversation, user.username)
        try:
            reply = await self.chat.handle(text, user, known, source="teams")
        except ConversationNotFound:  # deleted in Resync meanwhile: a new one
            reply = await self.chat.handle(text, user, None, source="teams")
        if reply.conversation_id != known and teams_conversation:
            await self._remember(teams_conversation, user.username, reply.conversation_id)
        return reply

    async def _later(
        self, answering: asyncio.Task[ChatReply], text: str, channel_id: str, activity_id: str
    ) -> None:
        try:
            reply = await answering
        except Exception:
            log.exception("teams_deferred_answer_failed")
            return
        channel = await self.notifications.channels.for_teams_channel(channel_id)
        if channel is None:
            log.warning("teams_deferred_answer_no_channel", teams_channel=channel_id[:40])
            return
        body = _reply(text, reply, self.settings.link_base)
        attachments = body.get("attachments")
        card = text_card(text, reply.answer, self.settings.link_base + "/")
        message = {"type": "message", "attachments": attachments or envelope(card)["attachments"]}
        await self.notifications.post_to(channel, f"answer:{activity_id}", text[:100], message)

    # who is asking -----------------------------------------------------------------------

    async def _user(self, sender: dict[str, Any]) -> AuthenticatedUser | None:
        name = str(sender.get("name") or "").strip()
        keys = [str(sender.get("aadObjectId") or "").strip(), name]
        username = await self.links.username_for([key for key in keys if key])
        if username is not None:
            try:
                account = await self.accounts.get(username)
            except UserNotFound:
                account = None
            if account is not None and not account.disabled:
                return AuthenticatedUser(
                    id=account.id,
                    username=account.username,
                    role=account.role,
                    display_name=account.display_name,
                )
        if self.settings.teams_unmapped_users == "refuse":
            return None
        return AuthenticatedUser(
            id=0, username=f"teams:{name or 'anônimo'}"[:64], role=Role.viewer, display_name=name
        )

    # stored state ------------------------------------------------------------------------

    async def _first_time(self, activity_id: str) -> bool:
        now = utcnow()

        def work(conn: Connection) -> bool:
            conn.execute(sa.delete(activities).where(activities.c.seen_at < now - 4 * MAX_SKEW))
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            statement = (
                dialect.insert(activities)
                .values(activity_id=activity_id, seen_at=now)
                .on_conflict_do_nothing()
            )
            return bool(conn.execute(statement).rowcount)

        return await self.db.write(work)

    async def _conversation(self, teams_conversation: str, owner: str) -> str | None:
        if not teams_conversation:
            return None

        def work(conn: Connection) -> str | None:
            found = conn.execute(
                sa.select(conversations.c.conversation_id).where(
                    conversations.c.teams_conversation_id == teams_conversation,
                    conversations.c.owner == owner,
                )
            ).scalar()
            return str(found) if found else None

        return await self.db.read(work)

    async def _remember(self, teams_conversation: str, owner: str, conversation_id: str) -> None:
        def work(conn: Connection) -> None:
            where = (
                conversations.c.teams_conversation_id == teams_conversation,
                conversations.c.owner == owner,
            )
            conn.execute(sa.delete(conversations).where(*where))
            conn.execute(
                sa.insert(conversations).values(
                    teams_conversation_id=teams_conversation,
                    owner=owner,
                    conversation_id=conversation_id,
                )
            )

        await self.db.write(work)

    def _outcome(self, outcome: str) -> None:
        self.status.last_message_at = utcnow()
        self.status.last_outcome = outcome
        self.metrics.message(outcome)
        log.info("teams_message", outcome=outcome)


def _activity(body: bytes) -> dict[str, Any]:
    try:
        activity = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidActivity("o corpo não é JSON") from exc
    if not isinstance(activity, dict):
        raise InvalidActivity("o corpo não é uma atividade do Teams")
    return activity


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def _reply(question: str, reply: ChatReply, base_url: str) -> dict[str, Any]:
    """Text, and the first table of the answer as a card."""
    message: dict[str, Any] = {"type": "message", "text": reply.answer}
    for part in reply.parts:
        if getattr(part, "kind", "") == "table":
            card = answer_card(question, part.model_dump(mode="json"), base_url + "/")
            message["attachments"] = envelope(card)["attachments"]
            break
    return message
