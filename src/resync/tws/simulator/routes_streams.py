"""v2 job streams and workstations in the plan, and submitting a job stream definition."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import actions, ids, serialize
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.bodies import json_request
from resync.tws.simulator.oql import Field, OQLError, Query, compile_query
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.times import InstantError, parse_instant


def oql_query(request: Request, fields: dict[str, Field]) -> Query | Response:
    try:
        return compile_query(request.query_params.get("oql", ""), fields)
    except OQLError as exc:
        return error(400, f"OQL_FILTER_SYNTAX_ERROR: {exc}", "OQLFilterSyntaxException")


def limit_of(request: Request) -> int:
    try:
        return max(1, min(5000, int(request.query_params.get("limit", 500))))
    except ValueError:
        return 500


async def list_streams(request: Request) -> Response:
    engine = state_of(request).engine
    engine.sync()
    query = oql_query(request, serialize.stream_fields(engine))
    if isinstance(query, Response):
        return query
    found = query.apply(engine.streams.values())
    results = [serialize.stream_v2(engine, s) for s in found[: limit_of(request)]]
    return JSONResponse({"count": len(found), "results": results})


async def get_stream(request: Request) -> Response:
    engine = state_of(request).engine
    engine.sync()
    stream = ids.find_stream(engine, request.path_params["stream_id"])
    if stream is None:
        return error(404, f"Job stream {request.path_params['stream_id']} was not found.")
    return JSONResponse(serialize.stream_v2(engine, stream))


async def list_workstations(request: Request) -> Response:
    engine = state_of(request).engine
    engine.sync()
    query = oql_query(request, serialize.workstation_fields())
    if isinstance(query, Response):
        return query
    found = [serialize.workstation_json(w) for w in query.apply(engine.workstations.values())]
    return JSONResponse({"count": len(found), "results": found})


async def submit_stream(request: Request) -> Response | str:
    """Submit the job stream model the path names; its plan id, or the error response.

    The body is optional (the Developer's Guide sends none): ``inputArrivalTime`` (now
    when absent) and ``alias``."""
    body = await json_request(request, bodyless=True)
    if isinstance(body, Response):
        return body
    engine, model_id = state_of(request).engine, request.path_params["model_id"]
    spec = ids.find_model(engine, model_id)  # v2 names a model by its UUID only
    if spec is None:
        return error(404, f"Job stream definition {model_id} was not found.")
    try:
        arrival = parse_instant(body.get("inputArrivalTime"))
        stream = actions.submit(engine, spec.model_id, arrival, body.get("alias") or None)
    except InstantError as exc:
        return error(400, str(exc), "InvalidDateTimeException")
    except actions.ActionRefused as exc:
        return error(exc.status, str(exc))
    return ids.stream_id(stream.id)


async def submit(request: Request) -> Response:
    result = await submit_stream(request)
    if isinstance(result, Response):
        return result
    return JSONResponse({"count": 1, "results": [{"id": result}], "messages": []})


async def hold_streams(request: Request) -> Response:
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    engine = state_of(request).engine
    engine.sync()
    if not request.query_params.get("oql", "").strip():
        return error(400, "A job stream action needs an OQL filter.", "MissingFilterException")
    query = oql_query(request, serialize.stream_fields(engine))
    if isinstance(query, Response):
        return query
    found = query.apply(engine.streams.values())
    for stream in found:
        stream.held = True
        for job_id in stream.job_ids:
            engine.evaluate(engine.jobs[job_id])
    engine.version += 1
    results = [{"id": ids.stream_id(s.id)} for s in found]
    return JSONResponse({"count": len(found), "results": results})


async def release_all(request: Request) -> Response:
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    engine = state_of(request).engine
    engine.sync()
    stream = ids.find_stream(engine, request.path_params["stream_id"])
    if stream is None:
        return error(404, f"Job stream {request.path_params['stream_id']} was not found.")
    stream.held = False
    stream.released_deps.update(stream.follows)
    for job_id in stream.job_ids:
        job = engine.jobs[job_id]
        if not job.state.is_final:
            job.released = True
            job.held = False
        engine.evaluate(job)
    engine.version += 1
    results: list[dict[str, Any]] = [{"id": ids.stream_id(stream.id)}]
    return JSONResponse({"count": 1, "results": results})


async def update_fence(request: Request) -> Response:
    """``POST plan/workstation/action/update-fence``: the workstations the ``oql`` names get
    the ``fence`` (query parameter or body); the answer lists each one's id."""
    body = await json_request(request, bodyless=True)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    engine.sync()
    try:
        fence = int(request.query_params.get("fence", body.get("fence", "")))
    except (TypeError, ValueError):
        return error(400, "Give the fence as an integer from 0 to 101.")
    if not 0 <= fence <= 101:
        return error(400, "A fence is from 0 to 101.")
    if not request.query_params.get("oql", "").strip():
        return error(400, "Name the workstations with an OQL filter.", "MissingFilterException")
    query = oql_query(request, serialize.workstation_fields())
    if isinstance(query, Response):
        return query
    changed = []
    for ws in query.apply(engine.workstations.values()):
        engine.set_fence(ws, fence)
        changed.append({"id": serialize.workstation_json(ws)["id"], "error": False})
    return JSONResponse({"successfulResourceResponses": changed, "failedResourceResponses": []})


def routes(v2: str) -> list[Route]:
    return [
        Route(f"{v2}/plan/jobstream", list_streams, methods=["GET"]),
        Route(f"{v2}/plan/jobstream/action/hold", hold_streams, methods=["PUT"]),
        Route(f"{v2}/plan/jobstream/{{stream_id}}", get_stream, methods=["GET"]),
        Route(
            f"{v2}/plan/jobstream/{{stream_id}}/action/release-all-dependencies",
            release_all,
            methods=["PUT"],
        ),
        Route(f"{v2}/plan/jobstream/{{model_id}}/submit", submit, methods=["POST"]),
        Route(f"{v2}/plan/workstation", list_workstations, methods=["GET"]),
        Route(f"{v2}/plan/workstation/action/update-fence", update_fence, methods=["POST"]),
    ]
