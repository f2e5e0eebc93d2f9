"""One exception hierarchy for everything that goes wrong talking to HWA.

Each error carries the server's ``messages`` (HWA answers errors as JSON with a
``messages`` array of strings) and, when known, the HTTP status and the host.
"""

from __future__ import annotations

from typing import Any

from resync.errors import ResyncError


class TWSError(ResyncError):
    code = "hwa_error"
    status_code = 502

    def __init__(
        self,
        detail: str = "",
        *,
        messages: list[str] | None = None,
        upstream_status: int | None = None,
        host: str | None = None,
        **extra: Any,
    ) -> None:
        self.messages = list(messages or [])
        self.upstream_status = upstream_status
        self.host = host
        text = detail or "; ".join(self.messages) or self.__class__.__name__
        if messages:
            extra.setdefault("messages", self.messages)
        super().__init__(text, **extra)


class TWSBadRequest(TWSError):
    """The engine refused the request as malformed (bad OQL, bad body, 400/415/422)."""

    code = "hwa_bad_request"
    status_code = 400


class TWSAuthError(TWSError):
    """The engine refused the credentials (401)."""

    code = "hwa_unauthorized"
    status_code = 502


class TWSForbidden(TWSError):
    """The credentials are valid but lack the permission (403)."""

    code = "hwa_forbidden"
    status_code = 403


class TWSNotFound(TWSError):
    code = "hwa_not_found"
    status_code = 404


class TWSConflict(TWSError):
    """The action does not apply to the object in its current state (409)."""

    code = "hwa_conflict"
    status_code = 409


class TWSUnavailable(TWSError):
    """No host answered, the engine is overloaded (5xx, 429) or the circuit is open."""

    code = "hwa_unavailable"
    status_code = 503


class TWSTimeout(TWSUnavailable):
    code = "hwa_timeout"


class TWSCircuitOpen(TWSUnavailable):
    """Recent calls failed; calls fail fast until a probe succeeds."""

    code = "hwa_circuit_open"


class TWSProtocolError(TWSError):
    """The engine answered something this client cannot read."""

    code = "hwa_protocol_error"
    status_code = 502


def error_for_status(status: int) -> type[TWSError]:
    if status == 401:
        return TWSAuthError
    if status == 403:
        return TWSForbidden
    if status == 404:
        return TWSNotFound
    if status == 409:
        return TWSConflict
    if status in (400, 405, 406, 415, 422):
        return TWSBadRequest
    if status == 429 or status >= 500:
        return TWSUnavailable
    return TWSError
