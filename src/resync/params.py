"""Bounded types for path and query parameters, so out-of-range input is a 422 instead of
an overflow deep in the database driver (a 500)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator

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


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]
