"""The base of every domain's exception hierarchy, rendered to HTTP in one place.

Domains subclass :class:`ResyncError` (``TWSUnavailable``, ``ApprovalConflict`` …),
setting ``code`` and ``status_code``. Responses are always
``{"error": code, "detail": text, "trace_id": …}``; a user never sees a traceback.
"""

from __future__ import annotations

import re
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from resync.observability.context import get_trace_id

log = structlog.get_logger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "unavailable",
}


class ResyncError(Exception):
    code = "error"
    status_code = 500

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.__class__.__name__)
        self.detail = detail or self.__class__.__name__
        self.extra = extra


class NotFound(ResyncError):
    code = "not_found"
    status_code = 404


class BadRequest(ResyncError):
    code = "bad_request"
    status_code = 400


class Conflict(ResyncError):
    code = "conflict"
    status_code = 409


class Forbidden(ResyncError):
    code = "forbidden"
    status_code = 403


class ServiceUnavailable(ResyncError):
    code = "unavailable"
    status_code = 503


def detail_in(exc: ResyncError, language: str) -> str:
    """The error's detail in ``language`` when it carries one (``detail_en``), else as is."""
    if language == "en":
        return str(exc.extra.get("detail_en") or exc.detail)
    return exc.detail


# Extras an error carries for logs and admins, never for a response body.
INTERNAL_EXTRAS = frozenset({"host", "hosts"})


def error_body(code: str, detail: Any, **extra: Any) -> dict[str, Any]:
    shown = {key: value for key, value in extra.items() if key not in INTERNAL_EXTRAS}
    return {"error": code, "detail": detail, "trace_id": get_trace_id(), **shown}


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path: the router's own 405 names only the
    first route matching the path, though several may (GET and POST on /auth/tokens).
    Read from the OpenAPI description, which lists every route's methods by path."""
    table: list[tuple[re.Pattern[str], set[str]]] | None = getattr(
        request.app.state, "methods_by_path", None
    )
    if table is None:
        table = [
            (
                re.compile("^" + re.sub(r"\{[^}/]+\}", "[^/]+", path) + "$"),
                {m.upper() for m in ops},
            )
            for path, ops in request.app.openapi()["paths"].items()
        ]
        request.app.state.methods_by_path = table
    methods = {m for pattern, ops in table if pattern.match(request.url.path) for m in ops}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ResyncError)
    async def _resync_error(_: Request, exc: ResyncError) -> JSONResponse:
        if exc.status_code >= 500:
            log.warning("request_failed", error=exc.code, detail=exc.detail)
        headers = exc.extra.pop("headers", None)
        return JSONResponse(
            error_body(exc.code, exc.detail, **exc.extra), exc.status_code, headers=headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405 and (methods := allowed_methods(request)):
            headers["Allow"] = ", ".join(methods)
        return JSONResponse(error_body(code, exc.detail), exc.status_code, headers=headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database_unavailable(_: Request, exc: Exception) -> JSONResponse:
        # Locked by another writer, restarted, out of connections: the database is away
        # for now, not broken by this request. Say so; the client may retry.
        reason = str(getattr(exc, "orig", None) or type(exc).__name__)[:200]
        log.warning("database_unavailable", error=type(exc).__name__, reason=reason)
        detail = "o banco de dados está indisponível no momento; tente de novo em instantes"
        body = error_body(
            "database_unavailable",
            detail,
            detail_en="the database is unavailable right now; try again in a moment",
        )
        return JSONResponse(body, 503, headers={"Retry-After": "2"})

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type")}
            for err in exc.errors()
        ]
        return JSONResponse(error_body("validation_error", problems), 422)
