"""v1 resources, in the model and in the plan (the routes HCL's z/OS samples call).

- ``POST model/resource/header/query`` with ``resourceFilter.resourceName``: the samples
  read ``key.name``.
- ``POST plan/current/resource/query`` with ``resourceInPlanFilter.resourceName``: the
  samples read ``id`` and ``resourceInPlanKey.name``.
- ``GET``/``PUT plan/current/resource/{id}``: the samples read, change and send back
  ``defaultConstraints.isAvailable`` (one version) or
  ``defaultConstraints.zosSpecificAttributes.overriddenAvailability`` (an earlier one),
  ``"YES"``/``"NO"``. Both are served; a ``PUT`` applies whichever differs from the plan,
  and ``defaultConstraints.quantity``. An unavailable resource holds the jobs that need it.

Every simulated resource is defined on the master workstation; its id is the id of the
``RESOURCE`` dependencies on it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import catalog
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.bodies import how_many, matches, obj, read_body, v1_filter
from resync.tws.simulator.dependencies import object_id
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.responses import JSONResponse


def resource_id(name: str) -> str:
    return object_id(f"resource:{name}")


def _yes(flag: bool) -> str:
    return "YES" if flag else "NO"


def _model(engine: PlanEngine, name: str) -> dict[str, Any]:
    return {
        "id": resource_id(name),
        "key": {"name": name, "workstationKey": {"name": catalog.MASTER}},
        "quantity": engine.resources[name],
    }


def _in_plan(engine: PlanEngine, name: str) -> dict[str, Any]:
    available = name not in engine.resources_off
    quantity = engine.resources[name]
    return {
        "id": resource_id(name),
        "name": name,
        "resourceInPlanKey": {"name": name, "workstationInPlanKey": {"name": catalog.MASTER}},
        "defaultConstraints": {
            "quantity": quantity,
            "isAvailable": _yes(available),
            "zosSpecificAttributes": {
                "overriddenAvailability": _yes(available),
                "overriddenQuantity": quantity,
            },
        },
        "inUse": engine.resource_use[name],
    }


def _found(engine: PlanEngine, wanted: dict[str, Any]) -> list[str]:
    return [
        name
        for name in engine.resources
        if matches(wanted.get("resourceName"), name)
        and matches(wanted.get("workstationName"), catalog.MASTER)
    ]


async def query_model(request: Request) -> Response:
    wanted = await v1_filter(request, "resourceFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    found = [_model(engine, name) for name in _found(engine, wanted)]
    return JSONResponse(found[: how_many(request)])


async def query_plan(request: Request) -> Response:
    wanted = await v1_filter(request, "resourceInPlanFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    engine.sync()
    found = [_in_plan(engine, name) for name in _found(engine, wanted)]
    return JSONResponse(found[: how_many(request)])


def _named(engine: PlanEngine, request: Request) -> str | Response:
    wanted = request.path_params["resource_id"]
    for name in engine.resources:
        if wanted in (resource_id(name), name):
            return name
    return error(404, f"Resource {wanted} was not found in the plan.")


async def get_resource(request: Request) -> Response:
    engine = state_of(request).engine
    engine.sync()
    name = _named(engine, request)
    if isinstance(name, Response):
        return name
    return JSONResponse(_in_plan(engine, name))


def _availability(value: Any) -> bool | None:
    return {"YES": True, "NO": False}.get(str(value).upper())


async def put_resource(request: Request) -> Response:
    refused = require_json(request)
    if refused:
        return refused
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    engine.sync()
    name = _named(engine, request)
    if isinstance(name, Response):
        return name
    constraints = obj(body.get("defaultConstraints"))
    zos = obj(constraints.get("zosSpecificAttributes"))
    available = wanted = name not in engine.resources_off
    for given in (constraints.get("isAvailable"), zos.get("overriddenAvailability")):
        if given is None:
            continue
        value = _availability(given)
        if value is None:
            return error(400, "Availability must be YES or NO.", "BadRequestException")
        if value != available:
            wanted = value
    quantity = constraints.get("quantity", engine.resources[name])
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 0 <= quantity <= 999:
        return error(400, "quantity must be a whole number from 0 to 999.", "BadRequestException")
    engine.set_resource(name, quantity, wanted)
    return JSONResponse(_in_plan(engine, name))


def routes(plan: str) -> list[Route]:
    one = f"{plan}/resource/{{resource_id}}"
    return [
        Route("/model/resource/header/query", query_model, methods=["POST"]),
        Route(f"{plan}/resource/query", query_plan, methods=["POST"]),
        Route(one, get_resource, methods=["GET"]),
        Route(one, put_resource, methods=["PUT"]),
    ]
