"""The v2 model: job stream and job definitions, in the Developer's Guide's shape.

``{"kind": "JobStream", "key": "/WS#/NAME", "def": {"id", "folder", "folderId", "name",
"workstation": "/WS", "workstationId", …}}``; the keys under ``def`` past those are
this simulator's reading (unverified). ``def.id`` is a UUID (:mod:`ids`), the only id
the v2 model routes take; v1 keeps the simulator's keys.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import dependencies as deps
from resync.tws.simulator import ids
from resync.tws.simulator.app import error, state_of
from resync.tws.simulator.bodies import json_request, obj
from resync.tws.simulator.model import JobSpec, JobStreamSpec
from resync.tws.simulator.oql import Field
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.routes_streams import limit_of, oql_query
from resync.tws.simulator.serialize import ROOT_FOLDER_ID

_STREAM_FIELDS = {
    "name": Field(lambda s: s.name),
    "jobStreamName": Field(lambda s: s.name),
    "folder": Field(lambda s: "/"),
    "workstation": Field(lambda s: deps.ws_path(s.workstation)),
    "workstationName": Field(lambda s: s.workstation),
    "id": Field(lambda s: ids.model_id(s.model_id)),
}
_JOB_FIELDS = {
    "name": Field(lambda d: d[1].name),
    "folder": Field(lambda d: "/"),
    "workstation": Field(lambda d: deps.ws_path(d[1].workstation)),
    "workstationName": Field(lambda d: d[1].workstation),
    "id": Field(lambda d: ids.definition_id(d[0])),
}


def _common(name: str, workstation: str) -> dict[str, Any]:
    return {
        "folderId": ROOT_FOLDER_ID,
        "folder": "/",
        "name": name,
        "workstationId": deps.object_id(f"workstation:{workstation}"),
        "workstation": deps.ws_path(workstation),
    }


def model_json(spec: JobStreamSpec) -> dict[str, Any]:
    at = f"{int(spec.at_offset // 3600):02d}{int(spec.at_offset % 3600 // 60):02d}"
    return {
        "kind": "JobStream",
        "key": f"/{spec.workstation}#/{spec.name}",
        "def": {
            "id": ids.model_id(spec.model_id),
            **_common(spec.name, spec.workstation),
            "description": spec.description,
            "options": ["draft"] if spec.draft else [],
            "priority": spec.priority,
            "atTime": at,
            "jobs": [job.name for job in spec.jobs],
        },
    }


def job_definition_json(key: str, spec: JobSpec) -> dict[str, Any]:
    return {
        "kind": "JobDefinition",
        "key": f"/{spec.workstation}#/{spec.name}",
        "def": {
            "id": ids.definition_id(key),
            **_common(spec.name, spec.workstation),
            "taskString": spec.command,
            "userLogin": spec.user,
        },
    }


async def list_streams(request: Request) -> Response:
    query = oql_query(request, _STREAM_FIELDS)
    if isinstance(query, Response):
        return query
    found = query.apply(state_of(request).engine.models)
    results = [model_json(spec) for spec in found[: limit_of(request)]]
    return JSONResponse({"count": len(found), "results": results})


def _model(request: Request) -> JobStreamSpec | Response:
    spec = ids.find_model(state_of(request).engine, request.path_params["model_id"])
    if spec is None:
        return error(404, f"Job stream definition {request.path_params['model_id']} was not found.")
    return spec


async def get_stream(request: Request) -> Response:
    spec = _model(request)
    return spec if isinstance(spec, Response) else JSONResponse(model_json(spec))


async def update_stream(request: Request) -> Response:
    """Replace a definition with the payload ``GET`` gave; the simulator keeps its
    ``def.options`` (``draft``) and ``def.description``."""
    body = await json_request(request)
    if isinstance(body, Response):
        return body
    spec = _model(request)
    if isinstance(spec, Response):
        return spec
    definition = obj(body.get("def"))
    options = definition.get("options", [])
    if not isinstance(options, list):
        return error(400, "def.options must be a list.")
    spec.draft = any(str(option).lower() == "draft" for option in options)
    spec.description = str(definition.get("description", spec.description) or "")
    return JSONResponse(model_json(spec))


async def add_job_definition(request: Request) -> Response:
    """``{"kind": "JobDefinition", "def": {"folder", "name", "workstation": "/WS", "type",
    "task": {"unix": {"taskString", "userName"}}}}`` (the guide's payload) → the new id."""
    body = await json_request(request)
    if isinstance(body, Response):
        return body
    definition = obj(body.get("def"))
    task = obj(next(iter(obj(definition.get("task")).values()), None))
    name = str(definition.get("name") or "").upper()
    workstation = str(definition.get("workstation") or "").rstrip("/").rsplit("/", 1)[-1].upper()
    if body.get("kind") != "JobDefinition" or not name or not task.get("taskString"):
        return error(400, "Send kind JobDefinition with def.name, def.workstation and a task.")
    if str(definition.get("folder") or "/") != "/":
        return error(400, "The simulator has only the root folder /.")
    engine = state_of(request).engine
    if workstation not in engine.workstations:
        return error(404, f"Workstation {workstation!r} is not defined.")
    definition_id = f"{workstation};{name}"
    if definition_id in engine.definitions:
        message = f"Job definition /{workstation}#/{name} already exists."
        return error(409, message, "DuplicateObjectException")
    user = str(task.get("userName") or "")
    engine.definitions[definition_id] = JobSpec(
        name, workstation, str(task["taskString"]), user, 30.0
    )
    return JSONResponse({"id": ids.definition_id(definition_id)}, status_code=201)


async def get_job_definition(request: Request) -> Response:
    found = ids.find_definition(state_of(request).engine, request.path_params["definition_id"])
    if found is None:
        message = f"Job definition {request.path_params['definition_id']} was not found."
        return error(404, message)
    return JSONResponse(job_definition_json(*found))


async def list_job_definitions(request: Request) -> Response:
    query = oql_query(request, _JOB_FIELDS)
    if isinstance(query, Response):
        return query
    found = query.apply(state_of(request).engine.definitions.items())
    results = [job_definition_json(*item) for item in found[: limit_of(request)]]
    return JSONResponse({"count": len(found), "results": results})


def routes(v2: str) -> list[Route]:
    return [
        Route(f"{v2}/model/jobstream", list_streams, methods=["GET"]),
        Route(f"{v2}/model/jobstream/{{model_id}}", get_stream, methods=["GET"]),
        Route(f"{v2}/model/jobstream/{{model_id}}", update_stream, methods=["PUT"]),
        Route(f"{v2}/model/jobdefinition", list_job_definitions, methods=["GET"]),
        Route(f"{v2}/model/jobdefinition/{{definition_id}}", get_job_definition, methods=["GET"]),
        Route(f"{v2}/model/jobdefinition", add_job_definition, methods=["POST"]),
    ]
