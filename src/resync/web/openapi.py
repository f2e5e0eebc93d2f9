"""The OpenAPI description, made the truth about errors and credentials.

FastAPI describes each route's success and its 422 (with a body shape Resync does not
send). Added here: the one error body every error has, each error status a route can
answer (from how the gate, the limits and the handlers behave), and the two ways to
authenticate, required on every ``/api/`` and ``/admin/`` route.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

# Every route under these needs credentials (resync.auth.gate enforces it).
PROTECTED_PREFIXES = ("/api/", "/admin/")
# ...except these, which check a signature of their own (Teams' outgoing webhook: HMAC).
SELF_AUTHENTICATED = frozenset({"/api/v1/teams/messages"})

ERROR_BODY = {
    "type": "object",
    "required": ["error", "detail", "trace_id"],
    "properties": {
        "error": {"type": "string", "description": "a stable code, e.g. not_found"},
        "detail": {"description": "what went wrong: a text, or a list of field problems"},
        "trace_id": {"type": ["string", "null"], "description": "the request's trace id"},
    },
}
SECURITY_SCHEMES = {
    "basic": {"type": "http", "scheme": "basic", "description": "username and password"},
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "a personal API token (rsy_…) from POST /api/v1/auth/tokens",
    },
}
DESCRIPTIONS = {
    "400": "Malformed request (a bad Content-Length, an unreadable body)",
    "401": "No credentials, or wrong ones",
    "403": "Too little role, a refused Origin, or a rule of this route",
    "404": "No such item (or not yours)",
    "409": "Conflicts with the current state",
    "413": "The body is over this route's size limit",
    "415": "Unsupported media type",
    "422": "A parameter or the body is invalid",
    "429": "Too many attempts or messages (see Retry-After)",
    "503": "A dependency (HWA, database) is unavailable",
}
UNSAFE = {"post", "put", "patch", "delete"}


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    statuses = {"400", "413"}
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.add("422")
    if path.startswith(PROTECTED_PREFIXES):
        statuses |= {"401", "403", "429", "503"}
    if "{" in path:
        statuses.add("404")
    if method in UNSAFE:
        statuses |= {"403", "404", "409"}
    if "multipart/form-data" in str(operation.get("requestBody", "")):
        statuses.add("415")
    return sorted(statuses)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["ErrorBody"] = ERROR_BODY
    components["securitySchemes"] = SECURITY_SCHEMES
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if path.startswith(PROTECTED_PREFIXES) and path not in SELF_AUTHENTICATED:
                operation["security"] = [{"basic": []}, {"bearer": []}]
            responses = operation.setdefault("responses", {})
            for status in error_statuses(path, method, operation):
                responses[status] = {
                    "description": responses.get(status, {}).get("description")
                    or DESCRIPTIONS[status],
                    "content": error,
                }
    schema["components"]["schemas"].pop("HTTPValidationError", None)
    schema["components"]["schemas"].pop("ValidationError", None)
    app.openapi_schema = schema
    return schema


def install_openapi(app: FastAPI) -> None:
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
