"""The simulator's own controls (not part of HWA): move the clock, inject faults, stats."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import serialize
from resync.tws.simulator.app import Fault, error, state_of
from resync.tws.simulator.bodies import read_body
from resync.tws.simulator.responses import JSONResponse


async def advance(request: Request) -> Response:
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    try:
        seconds = float(body.get("seconds", 0))
        state_of(request).engine.clock.advance(seconds)
    except (TypeError, ValueError) as exc:
        return error(400, f"Bad clock advance: {exc}")
    now = state_of(request).engine.sync()
    return JSONResponse({"now": serialize.iso(now)})


async def status(request: Request) -> Response:
    state = state_of(request)
    now = state.engine.sync()
    return JSONResponse(
        {
            "now": serialize.iso(now),
            "seed": state.engine.seed,
            "speed": state.engine.clock.speed,
            "version": state.engine.version,
            "jobs": len(state.engine.jobs),
            "history": len(state.engine.history),
            "requests": dict(state.requests),
        }
    )


async def add_fault(request: Request) -> Response:
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    try:
        fault = Fault(
            status=int(body.get("status", 503)),
            count=int(body.get("count", 1)),
            delay=float(body.get("delay", 0)),
            retry_after=float(body["retry_after"]) if body.get("retry_after") is not None else None,
            path=str(body.get("path", "")),
            garbled=bool(body.get("garbled", False)),
        )
    except (TypeError, ValueError) as exc:
        return error(400, f"Bad fault: {exc}")
    state_of(request).faults.append(fault)
    return JSONResponse({"faults": len(state_of(request).faults)}, status_code=201)


async def clear_faults(request: Request) -> Response:
    state_of(request).faults.clear()
    return JSONResponse({"faults": 0})


def routes() -> list[Route]:
    return [
        Route("/sim/clock/advance", advance, methods=["POST"]),
        Route("/sim/state", status, methods=["GET"]),
        Route("/sim/faults", add_fault, methods=["POST"]),
        Route("/sim/faults", clear_faults, methods=["DELETE"]),
    ]
