"""Instants as HWA's clients send them, and as the v1 API writes them.

Clients send ``inputArrivalTime`` as ISO 8601 with or without milliseconds and zone
(Python's ``utcnow().isoformat()``, ``date +%FT%T.%3NZ``, a JavaScript ``Date``) or as
epoch milliseconds (``Date.now()``); a time without a zone is read as UTC, the
simulated engine's time zone. Anything else is refused, never replaced by "now".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


class InstantError(ValueError):
    pass


def parse_instant(value: Any) -> datetime | None:
    """The instant ``value`` names; ``None`` when it is absent (``None`` or ``""``)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InstantError(f"not a date-time: {value!r}")
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            return datetime.fromtimestamp(int(value) / 1000, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise InstantError(f"not an epoch in milliseconds: {value!r}") from exc
    if not isinstance(value, str):
        raise InstantError(f"not a date-time: {value!r}")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InstantError(f"not an ISO 8601 date-time or epoch milliseconds: {value!r}") from exc
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def v1_time(value: datetime | None) -> str | None:
    """``2026-03-10T20:00:00.000Z``: the v1 API writes milliseconds (clients parse ``%S.%fZ``)."""
    if value is None:
        return None
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def v2_time(value: datetime | None) -> str | None:
    """``2026-03-10T20:00:00Z``: the v2 API's form in the Developer's Guide (no milliseconds)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
