"""Pydantic shapes of the auth API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StrictBool, field_validator
from pydantic.json_schema import SkipJsonSchema

from resync.auth.roles import Role
from resync.params import json_integer

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"


class AuthenticatedUser(BaseModel):
    """Who is calling: what every protected route receives."""

    model_config = ConfigDict(frozen=True)

    id: int
    username: str
    role: Role
    display_name: str = ""
    # The API token the request authenticated with (None: a password login); never shown.
    token_id: SkipJsonSchema[int | None] = Field(default=None, exclude=True)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool
    created_at: datetime
    updated_at: datetime


class UserCreate(BaseModel):
    username: str = Field(pattern=USERNAME_PATTERN)
    password: SecretStr = Field(min_length=8, max_length=1024)
    role: Role = Role.viewer
    display_name: str = Field("", max_length=200)


class UserPatch(BaseModel):
    role: Role | None = None
    disabled: StrictBool | None = None
    password: SecretStr | None = Field(None, min_length=8, max_length=1024)
    current_password: SecretStr | None = Field(
        None, max_length=1024, description="Needed when admins change their own password."
    )
    display_name: str | None = Field(None, max_length=200)


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int | None = Field(None, ge=1, le=3650)

    @field_validator("expires_in_days", mode="before")
    @classmethod
    def _integer(cls, value: object) -> object:
        return value if value is None else json_integer(value)


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself; shown only this once.")


class TicketOut(BaseModel):
    ticket: str
    expires_in: float


class LockoutOut(BaseModel):
    key: str
    failures: int
    first_failure_at: datetime
    last_failure_at: datetime
    locked_until: datetime | None
    locked: bool
