"""The v1 API HCL's own sample clients call (``/plan/current/...``, ``/model/...``).

Queries are ``POST`` with a ``{"filters": {...}}`` body and a ``How-Many`` header and
answer a plain JSON list. Name filters accept ``@`` / ``*`` wildcards.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import actions, joblogs, serialize
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.routes_streams import parse_time, read_body, submit_stream


def _how_many(request: Request) -> int:
    try:
        return max(1, min(5000, int(request.headers.get("how-many", "500"))))
    except ValueError:
        return 500


def _matches(pattern: Any, value: str) -> bool:
    if pattern in (None, ""):
        return True
    regex = "".join(".*" if c in "@*%" else re.escape(c) for c in str(pattern))
    return re.fullmatch(regex, value, re.IGNORECASE) is not None


async def _filter(request: Request, name: str) -> dict[str, Any] | Response:
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    filters = body.get("filters") or {}
    chosen = filters.get(name) if isinstance(filters, dict) else None
    return chosen if isinstance(chosen, dict) else {}


async def query_jobs(request: Request) -> Response:
    wanted = await _filter(request, "jobInPlanFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    engine.sync()
    arrival = parse_time(wanted.get("inputArrivalTime"))
    found = []
    for job in engine.jobs.values():
        if not (
            _matches(wanted.get("jobName"), job.name)
            and _matches(wanted.get("jobStreamName"), job.stream_name)
            and (
                _matches(wanted.get("workstationName"), job.stream_workstation)
                or _matches(wanted.get("workstationName"), job.workstation)
            )
        ):
            continue
        if wanted.get("lastInRerunChain") and not job.last_in_chain:
            continue
        if arrival and abs((job.scheduled - arrival).total_seconds()) >= 60:
            continue
        status = wanted.get("status")
        if status and job.state.value not in (status if isinstance(status, list) else [status]):
            continue
        found.append(serialize.job_v1(job))
        if len(found) >= _how_many(request):
            break
    return JSONResponse(found)


async def query_streams(request: Request) -> Response:
    wanted = await _filter(request, "jobStreamInPlanFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    engine.sync()
    found = [
        serialize.stream_v1(engine, stream)
        for stream in engine.streams.values()
        if _matches(wanted.get("jobStreamName"), stream.name)
        and _matches(wanted.get("workstationName"), stream.workstation)
    ]
    return JSONResponse(found[: _how_many(request)])


async def query_workstations(request: Request) -> Response:
    return await _workstations(request, "workstationInPlanFilter")


async def _workstations(request: Request, filter_key: str) -> Response:
    """Plan and model share the simulator's workstations; only the filter's name differs."""
    wanted = await _filter(request, filter_key)
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    found = [
        serialize.workstation_json(ws)
        for ws in engine.workstations.values()
        if _matches(wanted.get("workstationName"), ws.name)
    ]
    return JSONResponse(found[: _how_many(request)])


async def rerun(request: Request) -> Response:
    refused = require_json(request)
    if refused:
        return refused
    engine = state_of(request).engine
    engine.sync()
    job = engine.jobs.get(request.path_params["job_id"])
    if job is None:
        return error(
            404,
            f"Job {request.path_params['job_id']} was not found in the plan.",
            "NotFoundException",
        )
    try:
        new = actions.rerun(engine, job)
    except actions.ActionRefused as exc:
        return error(exc.status, str(exc), "ActionNotAllowedException")
    return JSONResponse([new.id], status_code=202)


async def joblog(request: Request) -> Response:
    engine = state_of(request).engine
    now = engine.sync()
    job = engine.jobs.get(request.path_params["job_id"])
    if job is None:
        return error(
            404,
            f"Job {request.path_params['job_id']} was not found in the plan.",
            "NotFoundException",
        )
    text = joblogs.render(job, now)
    if text is None:
        return error(404, f"The job log of {job.id} is not available: the job has not run yet.")
    return JSONResponse({"log": text})


async def submit(request: Request) -> Response:
    result = await submit_stream(request)
    if isinstance(result, Response):
        return result
    return JSONResponse([result])


def _model_header(spec: Any) -> dict[str, Any]:
    return {
        "id": spec.model_id,
        "name": spec.name,
        "workstationName": spec.workstation,
        "key": {"name": spec.name, "workstationKey": {"name": spec.workstation}},
        "description": spec.description,
        "priority": spec.priority,
    }


async def query_models(request: Request) -> Response:
    wanted = await _filter(request, "jobstreamFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    found = [
        _model_header(spec)
        for spec in engine.models
        if _matches(wanted.get("jobStreamName"), spec.name)
        and _matches(wanted.get("workstationName"), spec.workstation)
    ]
    return JSONResponse(found[: _how_many(request)])


async def get_model(request: Request) -> Response:
    spec = state_of(request).engine.models_by_id.get(request.path_params["model_id"])
    if spec is None:
        return error(404, f"Job stream definition {request.path_params['model_id']} was not found.")
    return JSONResponse({**_model_header(spec), "jobs": [job.name for job in spec.jobs]})


async def query_job_definitions(request: Request) -> Response:
    wanted = await _filter(request, "jobDefinitionFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    found = [
        {
            "id": f"{job.workstation};{job.name}",
            "name": job.name,
            "workstationName": job.workstation,
            "taskString": job.command,
        }
        for spec in engine.models
        for job in spec.jobs
        if _matches(wanted.get("jobDefinitionName"), job.name)
        and _matches(wanted.get("workstationName"), job.workstation)
    ]
    return JSONResponse(found[: _how_many(request)])


async def query_workstation_definitions(request: Request) -> Response:
    return await _workstations(request, "workstationFilter")


def routes() -> list[Route]:
    plan = "/plan/current"
    return [
        Route(f"{plan}/job/query", query_jobs, methods=["POST"]),
        Route(f"{plan}/jobstream/query", query_streams, methods=["POST"]),
        Route(f"{plan}/workstation/query", query_workstations, methods=["POST"]),
        Route(f"{plan}/job/{{job_id}}/action/rerun", rerun, methods=["PUT"]),
        Route(f"{plan}/job/{{job_id}}/joblog", joblog, methods=["GET"]),
        Route(f"{plan}/jobstream/{{model_id}}/action/submit_jobstream", submit, methods=["POST"]),
        Route("/model/jobstream/header/query", query_models, methods=["POST"]),
        Route("/model/jobstream/{model_id}", get_model, methods=["GET"]),
        Route("/model/jobdefinition/header/query", query_job_definitions, methods=["POST"]),
        Route("/model/workstation/header/query", query_workstation_definitions, methods=["POST"]),
    ]
