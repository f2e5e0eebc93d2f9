"""v2 job streams, workstations, submit and the model (job stream definitions)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import actions, serialize
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.bodies import read_body
from resync.tws.simulator.model import JobStreamSpec
from resync.tws.simulator.oql import Field, OQLError, compile_oql
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.times import InstantError, parse_instant

_MODEL_FIELDS = {
    "name": Field(lambda s: s.name),
    "jobStreamName": Field(lambda s: s.name),
    "workstationName": Field(lambda s: s.workstation),
    "id": Field(lambda s: s.model_id),
}


def model_json(spec: JobStreamSpec) -> dict[str, Any]:
    return {
        "kind": "JobStream",
        "id": spec.model_id,
        "key": {"name": spec.name, "workstationName": spec.workstation},
        "def": {
            "name": spec.name,
            "workstationName": spec.workstation,
            "description": spec.description,
            "priority": spec.priority,
            "atTime": f"{int(spec.at_offset // 3600):02d}{int(spec.at_offset % 3600 // 60):02d}",
            "jobs": [job.name for job in spec.jobs],
        },
    }


def _filter(request: Request, fields: dict[str, Field]) -> Any:
    try:
        return compile_oql(request.query_params.get("oql", ""), fields)
    except OQLError as exc:
        return error(400, f"OQL_FILTER_SYNTAX_ERROR: {exc}", "OQLFilterSyntaxException")


async def list_streams(request: Request) -> Response:
    engine = state_of(request).engine
    engine.sync()
    predicate = _filter(request, serialize.stream_fields(engine))
    if isinstance(predicate, Response):
        return predicate
    found = [s for s in engine.streams.values() if predicate(s)]
    limit = int(request.query_params.get("limit", 500))
    results = [serialize.stream_v2(engine, s) for s in found[:limit]]
    return JSONResponse({"count": len(found), "results": results})


async def get_stream(request: Request) -> Response:
    engine = state_of(request).engine
    engine.sync()
    stream = engine.streams.get(request.path_params["stream_id"])
    if stream is None:
        return error(404, f"Job stream {request.path_params['stream_id']} was not found.")
    return JSONResponse(serialize.stream_v2(engine, stream))


async def list_workstations(request: Request) -> Response:
    engine = state_of(request).engine
    engine.sync()
    predicate = _filter(request, serialize.workstation_fields())
    if isinstance(predicate, Response):
        return predicate
    found = [serialize.workstation_json(w) for w in engine.workstations.values() if predicate(w)]
    return JSONResponse({"count": len(found), "results": found})


async def list_models(request: Request) -> Response:
    engine = state_of(request).engine
    predicate = _filter(request, _MODEL_FIELDS)
    if isinstance(predicate, Response):
        return predicate
    found = [model_json(spec) for spec in engine.models if predicate(spec)]
    return JSONResponse({"count": len(found), "results": found})


async def submit_stream(request: Request) -> Response | str:
    """Submit the job stream model the path names (v1 and v2 alike); its plan id, or the
    error response."""
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    engine, model_id = state_of(request).engine, request.path_params["model_id"]
    try:
        arrival = parse_instant(body.get("inputArrivalTime"))
        stream = actions.submit(engine, model_id, arrival, body.get("alias") or None)
    except InstantError as exc:
        return error(400, str(exc), "InvalidDateTimeException")
    except actions.ActionRefused as exc:
        return error(exc.status, str(exc))
    return stream.id


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
        return error(400, "A job stream action needs an OQL filter.")
    predicate = _filter(request, serialize.stream_fields(engine))
    if isinstance(predicate, Response):
        return predicate
    found = [s for s in engine.streams.values() if predicate(s)]
    for stream in found:
        stream.held = True
        for job_id in stream.job_ids:
            engine.evaluate(engine.jobs[job_id])
    engine.version += 1
    return JSONResponse({"count": len(found), "results": [{"id": s.id} for s in found]})


async def release_all(request: Request) -> Response:
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    engine = state_of(request).engine
    engine.sync()
    stream = engine.streams.get(request.path_params["stream_id"])
    if stream is None:
        return error(404, f"Job stream {request.path_params['stream_id']} was not found.")
    stream.held = False
    for job_id in stream.job_ids:
        job = engine.jobs[job_id]
        if not job.state.is_final:
            job.released = True
            job.held = False
        engine.evaluate(job)
    engine.version += 1
    return JSONResponse({"count": 1, "results": [{"id": stream.id}]})


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
        Route(f"{v2}/model/jobstream", list_models, methods=["GET"]),
    ]
