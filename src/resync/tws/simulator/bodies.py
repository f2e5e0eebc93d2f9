"""Reading request bodies: JSON bodies, the v1 query filters and ``How-Many``.

A v1 query names one filter object (``{"filters": {"jobInPlanFilter": {...}}}``); a key
the engine does not know inside it is refused with 400 (a real engine rejects an
unknown property rather than answer the whole plan). Keys with a ``null`` or empty
value count as absent (HCL's samples send unset options that way).
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from resync.tws.simulator.app import error

# The keys each v1 filter accepts: the ones the simulator evaluates, plus the validity
# keys of the model (every simulated definition is valid at all times).
V1_FILTER_KEYS: dict[str, frozenset[str]] = {
    "jobInPlanFilter": frozenset(
        {"jobName", "jobStreamName", "workstationName", "status", "lastInRerunChain"}
        | {"inputArrivalTime", "jobStreamId"}
    ),
    "jobStreamInPlanFilter": frozenset(
        {"jobStreamName", "workstationName", "status", "inputArrivalTime"}
    ),
    "workstationInPlanFilter": frozenset({"workstationName", "type", "nodeName"}),
    "workstationFilter": frozenset({"workstationName", "type", "nodeName"}),
    "jobstreamFilter": frozenset(
        {"jobStreamName", "workstationName", "validIn", "validFrom", "validTo"}
    ),
    "jobDefinitionFilter": frozenset({"jobDefinitionName", "workstationName"}),
    "variableTableFilter": frozenset({"variableTableName", "isDefaultTable"}),
    "domainInPlanFilter": frozenset({"domainName"}),
    "resourceFilter": frozenset({"resourceName", "workstationName"}),
    "resourceInPlanFilter": frozenset({"resourceName", "workstationName"}),
}


async def raw_body(request: Request) -> bytes:
    return (await request.body()).strip()


async def read_body(request: Request) -> dict[str, Any] | Response:
    raw = await raw_body(request)
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        return error(400, "The request body is not valid JSON.", "BadRequestException")
    return body if isinstance(body, dict) else {}


async def v1_filter(request: Request, name: str) -> dict[str, Any] | Response:
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    filters = body.get("filters") or {}
    chosen = filters.get(name) if isinstance(filters, dict) else None
    if chosen is None:
        return {}
    if not isinstance(chosen, dict):
        return error(400, f"{name} must be a JSON object.", "InvalidFilterException")
    unknown = sorted(set(chosen) - V1_FILTER_KEYS[name])
    if unknown:
        known = ", ".join(sorted(V1_FILTER_KEYS[name]))
        return error(
            400,
            f"Unrecognized field {unknown[0]!r} in {name}; known fields: {known}.",
            "InvalidFilterException",
        )
    return {key: value for key, value in chosen.items() if value not in (None, "")}


def how_many(request: Request) -> int:
    try:
        return max(1, min(5000, int(request.headers.get("how-many", "500"))))
    except ValueError:
        return 500


def matches(pattern: Any, value: str) -> bool:
    """A v1 name filter: ``@``, ``*`` and ``%`` match any run of characters, case ignored."""
    if pattern in (None, ""):
        return True
    regex = "".join(".*" if c in "@*%" else re.escape(c) for c in str(pattern))
    return re.fullmatch(regex, value, re.IGNORECASE) is not None


def obj(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}
