"""The v1 model API (``/model/...``): definitions the samples look up, add and change."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import serialize_v1
from resync.tws.simulator.app import error, state_of
from resync.tws.simulator.bodies import how_many, json_request, matches, obj, v1_filter
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import JobSpec, JobStreamSpec
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.times import InstantError, parse_instant


def _full_model(spec: JobStreamSpec) -> dict[str, Any]:
    return {**serialize_v1.model_header(spec), "jobs": [job.name for job in spec.jobs]}


async def query_streams(request: Request) -> Response:
    wanted = await v1_filter(request, "jobstreamFilter")
    if isinstance(wanted, Response):
        return wanted
    try:
        for key in ("validIn", "validFrom", "validTo"):
            parse_instant(wanted.get(key))  # every simulated definition is always valid
    except InstantError as exc:
        return error(400, str(exc), "InvalidDateTimeException")
    found = [
        serialize_v1.model_header(spec)
        for spec in state_of(request).engine.models
        if matches(wanted.get("jobStreamName"), spec.name)
        and matches(wanted.get("workstationName"), spec.workstation)
    ]
    return JSONResponse(found[: how_many(request)])


async def get_stream(request: Request) -> Response:
    spec = state_of(request).engine.models_by_id.get(request.path_params["model_id"])
    if spec is None:
        return error(404, f"Job stream definition {request.path_params['model_id']} was not found.")
    return JSONResponse(_full_model(spec))


def _by_key(engine: PlanEngine, key: str) -> JobStreamSpec | None:
    workstation, _, name = key.strip().upper().rpartition("#")
    return next(
        (s for s in engine.models if s.name == name and workstation in ("", s.workstation)),
        None,
    )


async def stream_by_key(request: Request) -> Response:
    """``?key=WS#NAME`` (or ``NAME``): the definition, its ``header`` holding the ``id``
    (the third-party chat bot reads ``header.id``)."""
    key = request.query_params.get("key", "").strip()
    if not key:
        return error(400, "Give the job stream's key as ?key=WORKSTATION#NAME.")
    spec = _by_key(state_of(request).engine, key)
    if spec is None:
        return error(404, f"Job stream definition {key} was not found.")
    return JSONResponse({"header": serialize_v1.model_header(spec), **_full_model(spec)})


async def run_cycles(request: Request) -> Response:
    """``rc-evaluation?from=YYYY-MM-DD&to=YYYY-MM-DD``: the days the run cycles select.

    Every simulated job stream runs daily, so every day in the range is ``SELECTED``."""
    spec = state_of(request).engine.models_by_id.get(request.path_params["model_id"])
    if spec is None:
        return error(404, f"Job stream definition {request.path_params['model_id']} was not found.")
    try:
        first = date.fromisoformat(request.query_params.get("from", ""))
        last = date.fromisoformat(request.query_params.get("to", ""))
    except ValueError:
        return error(400, "Give from and to as YYYY-MM-DD.", "InvalidDateTimeException")
    days = (last - first).days
    if not 0 <= days <= 366:
        return error(400, "to must be on or after from, at most a year later.")
    results = [
        {"date": (first + timedelta(days=n)).isoformat(), "type": ["SELECTED"]}
        for n in range(days + 1)
    ]
    return JSONResponse({"count": len(results), "results": results})


async def add_job_definition(request: Request) -> Response:
    body = await json_request(request)
    if isinstance(body, Response):
        return body
    header = obj(body.get("header"))
    key = obj(header.get("jobDefinitionKey"))
    name = str(key.get("name") or "").upper()
    workstation = str(key.get("workstationName") or "").upper()
    if not name or not workstation or not body.get("taskString"):
        return error(400, "A job definition needs header.jobDefinitionKey and taskString.")
    engine = state_of(request).engine
    if workstation not in engine.workstations:
        return error(404, f"Workstation {workstation} is not defined.")
    definition_id = f"{workstation};{name}"
    if definition_id in engine.definitions:
        return error(
            409, f"Job definition {workstation}#{name} already exists.", "DuplicateObjectException"
        )
    engine.definitions[definition_id] = JobSpec(
        name=name,
        workstation=workstation,
        command=str(body["taskString"]),
        user=str(header.get("userLogin") or ""),
        duration=30.0,
    )
    return JSONResponse({"id": definition_id}, status_code=201)


async def query_job_definitions(request: Request) -> Response:
    wanted = await v1_filter(request, "jobDefinitionFilter")
    if isinstance(wanted, Response):
        return wanted
    found = [
        serialize_v1.job_definition(definition_id, spec)
        for definition_id, spec in state_of(request).engine.definitions.items()
        if matches(wanted.get("jobDefinitionName"), spec.name)
        and matches(wanted.get("workstationName"), spec.workstation)
    ]
    return JSONResponse(found[: how_many(request)])


async def query_workstations(request: Request) -> Response:
    wanted = await v1_filter(request, "workstationFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    found = [
        serialize_v1.workstation_model(engine, ws)
        for ws in engine.workstations.values()
        if matches(wanted.get("workstationName"), ws.name)
        and matches(wanted.get("type"), serialize_v1.workstation_type(ws))
        and matches(wanted.get("nodeName"), ws.node)
    ]
    return JSONResponse(found[: how_many(request)])


async def get_workstation(request: Request) -> Response:
    engine = state_of(request).engine
    ws = engine.workstations.get(request.path_params["ws_id"])
    if ws is None:
        return error(404, f"Workstation {request.path_params['ws_id']} is not defined.")
    return JSONResponse(serialize_v1.workstation_model(engine, ws))


async def put_workstation(request: Request) -> Response:
    """Replace a definition; of its fields the simulator keeps the pool's ``agentLinks``."""
    body = await json_request(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    ws = engine.workstations.get(request.path_params["ws_id"])
    if ws is None:
        return error(404, f"Workstation {request.path_params['ws_id']} is not defined.")
    links = body.get("agentLinks") or []
    if not isinstance(links, list) or not all(isinstance(a, dict) for a in links):
        return error(400, "agentLinks must be a list of {workstationName} objects.")
    members = [str(a.get("workstationName") or "").upper() for a in links]
    unknown = [m for m in members if m not in engine.workstations]
    if unknown:
        return error(400, f"Workstation {unknown[0]!r} is not defined.")
    if members and ws.type.value not in ("pool", "d-pool"):
        return error(400, f"Workstation {ws.name} is not a pool: it has no members.")
    engine.pool_members[ws.name] = members
    return JSONResponse(serialize_v1.workstation_model(engine, ws))


async def query_variable_tables(request: Request) -> Response:
    wanted = await v1_filter(request, "variableTableFilter")
    if isinstance(wanted, Response):
        return wanted
    default = wanted.get("isDefaultTable")
    found = [
        {"id": name, "name": name, "isDefaultTable": is_default}
        for name, is_default in state_of(request).engine.variable_tables.items()
        if matches(wanted.get("variableTableName"), name)
        and (default is None or bool(default) == is_default)
    ]
    return JSONResponse(found[: how_many(request)])


def routes() -> list[Route]:
    return [
        Route("/model/jobstream", stream_by_key, methods=["GET"]),
        Route("/model/jobstream/header/query", query_streams, methods=["POST"]),
        Route("/model/jobstream/{model_id}", get_stream, methods=["GET"]),
        Route("/model/jobstream/{model_id}/rc-evaluation", run_cycles, methods=["GET"]),
        Route("/model/jobdefinition", add_job_definition, methods=["POST"]),
        Route("/model/jobdefinition/header/query", query_job_definitions, methods=["POST"]),
        Route("/model/workstation/header/query", query_workstations, methods=["POST"]),
        Route("/model/workstation/{ws_id}", get_workstation, methods=["GET"]),
        Route("/model/workstation/{ws_id}", put_workstation, methods=["PUT"]),
        Route("/model/variabletable/header/query", query_variable_tables, methods=["POST"]),
    ]
