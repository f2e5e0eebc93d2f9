"""Bounded types for path and query parameters, so out-of-range input is a 422 instead of
an overflow deep in the database driver (a 500)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, BeforeValidator

# The largest value a 64-bit signed integer column holds (SQLite and PostgreSQL alike).
MAX_ROW_ID = 2**63 - 1

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a row id (1 to 2^63-1)")]


def _utc(value: datetime) -> datetime:
    """A naive time is taken as UTC; an aware one must be representable in UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("date out of range once converted to UTC") from None


def _not_a_number(value: object) -> object:
    """Dates are ISO 8601 text, as the schema says (pydantic alone also took 138479838034.5)."""
    if isinstance(value, bool | int | float) or (isinstance(value, str) and _numeric(value)):
        raise ValueError("a date is ISO 8601 text, e.g. 2026-12-01T08:00:00Z")
    return value


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


UtcDatetime = Annotated[datetime, BeforeValidator(_not_a_number), AfterValidator(_utc)]


def json_integer(value: object) -> object:
    """An integer as JSON Schema means it: 5 or 5.0, never "5" nor true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("an integer is expected")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("an integer is expected")
        return int(value)
    return value


# Text with at least one character that is not white space — the same characters for the
# JSON Schema pattern (ECMAScript's \s), the validator (Unicode's) and str.strip().
NOT_BLANK = r"[^\s\u001c-\u001f\u0085\ufeff]"
