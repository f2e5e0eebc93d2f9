"""Authentication: Basic credentials, personal API tokens, one-time WebSocket tickets.

No method here ever logs or stores a credential: passwords are checked with argon2 (in a
thread), tokens and tickets are kept as SHA-256 digests, failures are throttled."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from datetime import timedelta

import structlog

from resync.audit.service import AuditService
from resync.auth.credential_cache import CredentialCache
from resync.auth.errors import NotAuthenticated, PasswordLoginRequired, TokenNotFound
from resync.auth.models import UserRow
from resync.auth.passwords import Passwords
from resync.auth.repository import TicketRepository, TokenRepository, UserRepository
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser, TokenCreated, TokenOut
from resync.auth.throttle import LoginThrottle
from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.settings import Settings

log = structlog.get_logger(__name__)

TOKEN_PREFIX = "rsy_"
BAD_CREDENTIALS = "Usuário ou senha inválidos."
BAD_TOKEN = "Token inválido, expirado ou revogado."


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def to_user(row: UserRow, token_id: int | None = None) -> AuthenticatedUser:
    return AuthenticatedUser(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        display_name=row.display_name,
        token_id=token_id,
    )


def _ticket_token(ticket: str) -> int | None:
    """The API token id a ticket was issued under (its ``<id>.`` prefix), else None.

    The prefix cannot be forged: the whole ticket is what its stored digest covers."""
    prefix, dot, _ = ticket.partition(".")
    return int(prefix) if dot and prefix.isdigit() and len(prefix) < 19 else None


class AuthService:
    def __init__(
        self, settings: Settings, db: Database, audit: AuditService, passwords: Passwords
    ) -> None:
        self.settings = settings
        self.audit = audit
        self.passwords = passwords
        self.users = UserRepository(db)
        self.tokens = TokenRepository(db)
        self.tickets = TicketRepository(db)
        self.throttle = LoginThrottle(settings, db)
        self.cache = CredentialCache(
            settings.secret_key.get_secret_value(), settings.auth_cache_seconds
        )
        self._verifying: dict[str, asyncio.Lock] = {}

    # Basic ------------------------------------------------------------------------------

    async def authenticate_basic(
        self, username: str, password: str, address: str | None
    ) -> AuthenticatedUser:
        fingerprint = self.cache.fingerprint(username, password)
        # A lockout applies to remembered logins too (it is a read by primary key).
        await self.throttle.check(username, address)
        user = await self._cached_login(fingerprint)
        if user is not None:
            return user
        # Single flight: a page opening many requests at once with the same credentials pays
        # for one argon2 verification; the others wait and then find it in the cache.
        lock = self._verifying.setdefault(fingerprint, asyncio.Lock())
        try:
            async with lock:
                user = await self._cached_login(fingerprint)
                if user is not None:
                    return user
                return await self._verify_basic(fingerprint, username, password, address)
        finally:
            if not lock.locked():
                self._verifying.pop(fingerprint, None)

    async def _cached_login(self, fingerprint: str) -> AuthenticatedUser | None:
        cached = self.cache.get(fingerprint)
        if cached is None:
            return None
        row = await self.users.by_id(cached.user_id)
        if (
            row
            and not row.disabled
            and hmac.compare_digest(row.password_hash, cached.password_hash)
        ):
            return to_user(row)
        self.cache.drop(fingerprint)
        return None

    async def _verify_basic(
        self, fingerprint: str, username: str, password: str, address: str | None
    ) -> AuthenticatedUser:
        await self.throttle.check(username, address)
        row = await self.users.by_username(username)
        valid = await self.passwords.verify(row.password_hash if row else None, password)
        if row is None or not valid or row.disabled:
            reason = "unknown_user" if row is None else "bad_password" if not valid else "disabled"
            locked = await self.throttle.failure(username, address)
            await self.audit.record(
                "auth.login",
                actor=username[:64],
                outcome="failure",
                detail={"reason": reason, "method": "basic", "locked": locked},
                client=address,
            )
            log.info("login_failed", username=username[:64], reason=reason, client=address)
            raise NotAuthenticated(BAD_CREDENTIALS)

        await self.throttle.success(username)
        if self.passwords.needs_rehash(row.password_hash):
            row.password_hash = await self.passwords.hash(password)
            await self.users.update(row.id, password_hash=row.password_hash)
        self.cache.put(fingerprint, row.id, row.password_hash)
        await self.audit.record(
            "auth.login", actor=row.username, detail={"method": "basic"}, client=address
        )
        return to_user(row)

    # API tokens -------------------------------------------------------------------------

    async def create_token(
        self, user: AuthenticatedUser, name: str, expires_in_days: int | None = None
    ) -> TokenCreated:
        if user.token_id is not None:
            # A token minting tokens would outlive its own revocation through its children.
            raise PasswordLoginRequired("criar um token exige login com senha, não com token")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
        row = await self.tokens.add(user.id, name, digest(token), token[:10], expires_at)
        await self.audit.record(
            "auth.token_create",
            actor=user.username,
            target=f"token:{row.id}",
            detail={"name": name},
        )
        return TokenCreated(**TokenOut.model_validate(row).model_dump(), token=token)

    async def list_tokens(self, user: AuthenticatedUser) -> list[TokenOut]:
        return [TokenOut.model_validate(row) for row in await self.tokens.for_user(user.id)]

    async def revoke_token(self, user: AuthenticatedUser, token_id: int) -> None:
        owner = None if user.role is Role.admin else user.id
        if not await self.tokens.revoke(token_id, owner):
            raise TokenNotFound(f"token {token_id} not found (or already revoked)")
        await self.audit.record(
            "auth.token_revoke", actor=user.username, target=f"token:{token_id}"
        )

    async def authenticate_token(self, token: str, address: str | None) -> AuthenticatedUser:
        await self.throttle.check(None, address)
        row = await self.tokens.by_hash(digest(token)) if token.startswith(TOKEN_PREFIX) else None
        now = utcnow()
        user = await self.users.by_id(row.user_id) if row else None
        if (
            row is None
            or row.revoked_at is not None
            or (row.expires_at is not None and row.expires_at <= now)
            or user is None
            or user.disabled
        ):
            await self.throttle.failure(None, address)
            await self.audit.record(
                "auth.login",
                actor=user.username if user else None,
                outcome="failure",
                detail={"method": "token", "token_id": row.id if row else None},
                client=address,
            )
            raise NotAuthenticated(BAD_TOKEN)
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            await self.tokens.touch(row.id)
        return to_user(user, row.id)

    # WebSocket tickets ------------------------------------------------------------------

    async def issue_ticket(self, user: AuthenticatedUser) -> tuple[str, float]:
        ticket = secrets.token_urlsafe(32)
        if user.token_id is not None:
            ticket = f"{user.token_id}.{ticket}"
        ttl = self.settings.auth_ticket_seconds
        await self.tickets.add(digest(ticket), user.id, utcnow() + timedelta(seconds=ttl))
        return ticket, ttl

    async def authenticate_ticket(self, ticket: str) -> AuthenticatedUser | None:
        """The ticket's user, consuming the ticket; None when unknown, used or expired."""
        if not ticket or len(ticket) > 200:
            return None
        user_id = await self.tickets.consume(digest(ticket))
        if user_id is None:
            return None
        row = await self.users.by_id(user_id)
        if row is None or row.disabled:
            return None
        return await self.recheck(to_user(row, _ticket_token(ticket)))

    async def recheck(self, user: AuthenticatedUser) -> AuthenticatedUser | None:
        """``user`` as they are now (role, name), or None when they can no longer act:
        disabled, deleted, or their API token revoked or expired. Two primary-key reads:
        cheap enough for an open WebSocket to call on every frame."""
        row = await self.users.by_id(user.id)
        if row is None or row.disabled:
            return None
        if user.token_id is not None:
            token = await self.tokens.by_id(user.token_id)
            now = utcnow()
            if (
                token is None
                or token.user_id != row.id
                or token.revoked_at is not None
                or (token.expires_at is not None and token.expires_at <= now)
            ):
                return None
        return to_user(row, user.token_id)
