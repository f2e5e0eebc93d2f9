from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictStr

from resync.contract.result import RoutingResult
from resync.params import NOT_BLANK, UtcDatetime

MAX_MESSAGE_CHARS = 4000


class ChatRequest(BaseModel):
    text: StrictStr = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, pattern=NOT_BLANK)
    conversation_id: StrictStr | None = Field(default=None, max_length=32)


class ChatReply(RoutingResult):
    """A RoutingResult plus where it was stored."""

    conversation_id: str
    message_id: str
    _json_form: dict[str, Any] | None = PrivateAttr(default=None)

    @property
    def json_form(self) -> dict[str, Any]:
        """``model_dump(mode="json")``, computed once."""
        if self._json_form is None:
            self._json_form = self.model_dump(mode="json")
        return self._json_form

    @json_form.setter
    def json_form(self, value: dict[str, Any]) -> None:
        self._json_form = value


class ConversationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    message_count: int


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    role: Literal["user", "assistant"]
    text: str
    result: dict[str, Any] | None = None
    created_at: UtcDatetime
