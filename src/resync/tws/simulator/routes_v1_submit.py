"""v1 submitting: job streams (by id, from a made instance, by name) and jobs.

- ``jobstream/{id}/action/submit_jobstream``: the definition's id, ``inputArrivalTime``,
  ``alias``, ``variableTable`` / ``variableTableId`` (applied: :mod:`variables`);
  answers ``[new id]``.
- ``jobstream/{id}/action/make_jobstream`` answers an instance not yet in the plan; the
  client may set its ``timeRestriction`` and send it to the id-less
  ``jobstream/action/submit_jobstream`` as ``{"jobstream": …}``.
- ``jobstream/action/add_jobstream``: ``{"name", "startTime", "holdAll"}`` (the z/OS
  samples' form).
- ``jobstream/{id}/action/submit_job`` answers a job instance for a job definition (not
  yet in the plan); ``job/action/submit_ad_hoc_job`` with ``{"job": …}`` adds it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import actions, serialize_v1
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.bodies import obj, read_body
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import JobStreamSpec
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.times import InstantError, parse_instant, v1_time


async def _body(request: Request) -> dict[str, Any] | Response:
    refused = require_json(request)
    if refused:
        return refused
    return await read_body(request)


def _variables(engine: PlanEngine, body: dict[str, Any]) -> dict[str, str] | Response:
    """The variables a submit resolves with: its table's (``variableTableId``, the default
    when absent) with the request's ``variableTable`` ``{key, value}`` list over them."""
    table_id = body.get("variableTableId")
    if table_id and table_id not in engine.variable_tables:
        return error(
            404, f"Variable table {table_id} was not found.", "VariableTableNotFoundException"
        )
    variables = body.get("variableTable")
    if variables is not None and not (
        isinstance(variables, list)
        and all(isinstance(v, dict) and "key" in v and "value" in v for v in variables)
    ):
        return error(400, "variableTable must be a list of {key, value} objects.")
    table = engine.variables[table_id] if table_id else engine.default_variables()
    return table | {str(v["key"]): str(v["value"]) for v in variables or []}


def _submit(
    engine: PlanEngine,
    model_id: str,
    body: dict[str, Any],
    *,
    at_time: datetime | None = None,
    held: bool = False,
) -> Response:
    variables = _variables(engine, body)
    if isinstance(variables, Response):
        return variables
    try:
        arrival = parse_instant(body.get("inputArrivalTime"))
        stream = actions.submit(
            engine,
            model_id,
            arrival,
            body.get("alias") or None,
            at_time=at_time,
            held=held,
            variables=variables,
        )
    except InstantError as exc:
        return error(400, str(exc), "InvalidDateTimeException")
    except actions.ActionRefused as exc:
        return error(exc.status, str(exc))
    return JSONResponse([stream.id])


async def submit_by_id(request: Request) -> Response:
    body = await _body(request)
    if isinstance(body, Response):
        return body
    return _submit(state_of(request).engine, request.path_params["model_id"], body)


async def make(request: Request) -> Response:
    body = await _body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    spec = engine.models_by_id.get(request.path_params["model_id"])
    if spec is None:
        return error(404, f"Job stream definition {request.path_params['model_id']} was not found.")
    try:
        arrival = parse_instant(body.get("inputArrivalTime")) or engine.sync()
    except InstantError as exc:
        return error(400, str(exc), "InvalidDateTimeException")
    return JSONResponse(
        {
            "id": None,
            "jobStreamDefinitionId": spec.model_id,
            "key": {
                "name": spec.name,
                "workstationKey": {"name": spec.workstation, "originalName": spec.workstation},
                "startTime": v1_time(arrival),
            },
            "priority": spec.priority,
            "timeRestriction": {"timeDependent": False, "startTime": None},
            "jobs": [{"name": job.name, "workstationName": job.workstation} for job in spec.jobs],
        }
    )


def _model_of(engine: PlanEngine, instance: dict[str, Any]) -> JobStreamSpec | None:
    by_id = engine.models_by_id.get(str(instance.get("jobStreamDefinitionId") or ""))
    if by_id is not None:
        return by_id
    key = obj(instance.get("key"))
    name = str(key.get("name") or "").upper()
    workstation = str(obj(key.get("workstationKey")).get("name") or "").upper()
    return next(
        (s for s in engine.models if s.name == name and workstation in ("", s.workstation)),
        None,
    )


async def submit_instance(request: Request) -> Response:
    body = await _body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    instance = body.get("jobstream")
    if not isinstance(instance, dict):
        return error(400, "Submitting without a definition id needs a jobstream object.")
    spec = _model_of(engine, instance)
    if spec is None:
        return error(404, "The job stream definition of this instance was not found.")
    restriction = obj(instance.get("timeRestriction"))
    try:
        at_time = (
            parse_instant(restriction.get("startTime"))
            if restriction.get("timeDependent")
            else None
        )
    except InstantError as exc:
        return error(400, str(exc), "InvalidDateTimeException")
    return _submit(engine, spec.model_id, body, at_time=at_time)


async def add_stream(request: Request) -> Response:
    body = await _body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    workstation, _, name = str(body.get("name") or "").upper().rpartition("#")
    spec = next(
        (s for s in engine.models if s.name == name and workstation in ("", s.workstation)),
        None,
    )
    if spec is None:
        return error(404, f"Job stream definition {body.get('name')!r} was not found.")
    held = str(body.get("holdAll", "")).lower() == "true"
    submit = {"inputArrivalTime": body.get("startTime"), "alias": body.get("alias")}
    return _submit(engine, spec.model_id, submit, held=held)


async def submit_job(request: Request) -> Response:
    body = await _body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    engine.sync()
    stream = engine.streams.get(request.path_params["stream_id"])
    if stream is None:
        return error(404, f"Job stream {request.path_params['stream_id']} was not found.")
    definition_id = str(body.get("jobDefinitionId") or "")
    spec = engine.definitions.get(definition_id)
    if spec is None:
        return error(404, f"Job definition {definition_id!r} was not found.")
    name = str(body.get("alias") or spec.name).upper()
    return JSONResponse(
        {
            "id": None,
            "name": name,
            "alias": body.get("alias") or None,
            "jobDefinitionId": definition_id,
            "jobStreamInPlan": {
                "id": stream.id,
                "name": stream.name,
                "workstationKey": {"name": stream.workstation},
                "startTime": v1_time(stream.scheduled),
            },
            "workstationKey": {"name": spec.workstation},
            "jobDefinition": {"name": spec.name, "taskString": spec.command},
        }
    )


async def submit_ad_hoc(request: Request) -> Response:
    body = await _body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    engine.sync()
    job = body.get("job")
    if not isinstance(job, dict):
        return error(400, "submit_ad_hoc_job needs a job object (the answer of submit_job).")
    stream_id = str(obj(job.get("jobStreamInPlan")).get("id") or "")
    stream = engine.streams.get(stream_id)
    if stream is None:
        return error(404, f"Job stream {stream_id!r} was not found in the plan.")
    spec = engine.definitions.get(str(job.get("jobDefinitionId") or ""))
    if spec is None:
        return error(404, f"Job definition {job.get('jobDefinitionId')!r} was not found.")
    try:
        added = engine.add_job(stream, spec, str(job.get("alias") or job.get("name") or ""))
    except ValueError as exc:
        return error(409, str(exc), "DuplicateObjectException")
    return JSONResponse(serialize_v1.job(added))


def routes(plan: str) -> list[Route]:
    stream = f"{plan}/jobstream"
    return [
        Route(f"{stream}/{{model_id}}/action/submit_jobstream", submit_by_id, methods=["POST"]),
        Route(f"{stream}/{{model_id}}/action/make_jobstream", make, methods=["POST"]),
        Route(f"{stream}/action/submit_jobstream", submit_instance, methods=["POST"]),
        Route(f"{stream}/action/add_jobstream", add_stream, methods=["POST"]),
        Route(f"{stream}/{{stream_id}}/action/submit_job", submit_job, methods=["POST"]),
        Route(f"{plan}/job/action/submit_ad_hoc_job", submit_ad_hoc, methods=["POST"]),
    ]
