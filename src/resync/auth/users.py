"""User administration: the first admin from settings, add / change / disable / list."""

from __future__ import annotations

import re

import structlog

from resync.audit.service import AuditService
from resync.auth.errors import (
    CurrentPasswordRequired,
    InvalidUser,
    SelfChangeRefused,
    UserNotFound,
)
from resync.auth.models import UserRow
from resync.auth.passwords import Passwords
from resync.auth.repository import UserRepository
from resync.auth.roles import Role
from resync.auth.schemas import USERNAME_PATTERN, AuthenticatedUser, UserOut
from resync.db.engine import Database
from resync.db.locks import database_lock
from resync.settings import Settings

log = structlog.get_logger(__name__)

MIN_PASSWORD_LENGTH = 8


class UserService:
    def __init__(
        self, settings: Settings, db: Database, audit: AuditService, passwords: Passwords
    ) -> None:
        self.settings = settings
        self.db = db
        self.audit = audit
        self.passwords = passwords
        self.repository = UserRepository(db)

    async def ensure_first_admin(self) -> None:
        """On first start (no users at all) create the admin named in the settings; once,
        however many replicas start together."""
        async with database_lock(self.db.engine, "first-admin"):
            if await self.repository.count():
                return
            username = self.settings.admin_username
            password = self.settings.admin_password.get_secret_value()
            await self.add(username, password, Role.admin, actor=None, display_name="Administrator")
        log.info("first_admin_created", username=username)

    async def add(
        self,
        username: str,
        password: str,
        role: Role,
        *,
        actor: AuthenticatedUser | None,
        display_name: str = "",
    ) -> UserOut:
        if not re.fullmatch(USERNAME_PATTERN, username):
            raise InvalidUser("username: letters, digits and . _ @ - (up to 64 characters)")
        _check_password(password)
        row = await self.repository.add(
            username, await self.passwords.hash(password), role.value, display_name
        )
        await self.audit.record(
            "user.create",
            actor=actor.username if actor else "system",
            target=f"user:{username}",
            detail={"role": role.value},
        )
        return UserOut.model_validate(row)

    async def get(self, username: str) -> UserOut:
        return UserOut.model_validate(await self._row(username))

    async def list(self) -> list[UserOut]:
        return [UserOut.model_validate(row) for row in await self.repository.list()]

    async def update(
        self,
        username: str,
        *,
        actor: AuthenticatedUser | None,
        role: Role | None = None,
        disabled: bool | None = None,
        password: str | None = None,
        display_name: str | None = None,
        current_password: str | None = None,
    ) -> UserOut:
        row = await self._row(username)
        if password is not None and actor is not None and actor.id == row.id:
            # Someone holding an admin's session must not lock the admin out of it.
            valid = current_password is not None and await self.passwords.verify(
                row.password_hash, current_password
            )
            if not valid:
                raise CurrentPasswordRequired("para mudar a própria senha, informe a atual")
        values: dict[str, object] = {}
        changed: dict[str, object] = {}
        if role is not None and role.value != row.role:
            values["role"] = changed["role"] = role.value
        if disabled is not None and disabled != row.disabled:
            values["disabled"] = changed["disabled"] = disabled
        if display_name is not None and display_name != row.display_name:
            values["display_name"] = changed["display_name"] = display_name
        if password is not None:
            _check_password(password)
            values["password_hash"] = await self.passwords.hash(password)
            changed["password"] = "changed"
        if (
            actor is not None
            and actor.id == row.id
            and ("role" in values or values.get("disabled"))
        ):
            raise SelfChangeRefused("você não pode mudar o próprio papel nem se desativar")
        if values:
            await self.repository.update(row.id, **values)
            await self.audit.record(
                "user.update",
                actor=actor.username if actor else "system",
                target=f"user:{username}",
                detail=changed,
            )
        return await self.get(username)

    async def _row(self, username: str) -> UserRow:
        row = await self.repository.by_username(username)
        if row is None:
            raise UserNotFound(f"user {username!r} not found")
        return row


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidUser(f"a senha precisa de pelo menos {MIN_PASSWORD_LENGTH} caracteres")
