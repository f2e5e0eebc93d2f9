"""The v1 plan API HCL's own sample clients call (``/plan/current/...``).

Queries are ``POST`` with a ``{"filters": {...}}`` body and a ``How-Many`` header and
answer a plain JSON list. Name filters accept ``@`` / ``*`` wildcards. Submitting and the
model live in :mod:`routes_v1_submit` and :mod:`routes_v1_model`.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import actions, joblogs, serialize_v1
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.bodies import how_many, matches, raw_body, v1_filter
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.times import InstantError, parse_instant, v1_time

PLAN = "/plan/current"


def bad_time(exc: InstantError) -> Response:
    return error(400, str(exc), "InvalidDateTimeException")


async def query_jobs(request: Request) -> Response:
    wanted = await v1_filter(request, "jobInPlanFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    engine.sync()
    try:
        arrival = parse_instant(wanted.get("inputArrivalTime"))
    except InstantError as exc:
        return bad_time(exc)
    status = wanted.get("status")
    statuses = status if isinstance(status, list) else [status] if status else []
    found = []
    for job in engine.jobs.values():
        if not (
            matches(wanted.get("jobName"), job.name)
            and matches(wanted.get("jobStreamName"), job.stream_name)
            and matches(wanted.get("jobStreamId"), job.stream_id)
            and (
                matches(wanted.get("workstationName"), job.stream_workstation)
                or matches(wanted.get("workstationName"), job.workstation)
            )
        ):
            continue
        if wanted.get("lastInRerunChain") and not job.last_in_chain:
            continue
        if arrival and abs((job.scheduled - arrival).total_seconds()) >= 60:
            continue
        if statuses and job.state.value not in statuses:
            continue
        found.append(serialize_v1.job(job))
        if len(found) >= how_many(request):
            break
    return JSONResponse(found)


async def query_streams(request: Request) -> Response:
    wanted = await v1_filter(request, "jobStreamInPlanFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    engine.sync()
    try:
        arrival = parse_instant(wanted.get("inputArrivalTime"))
    except InstantError as exc:
        return bad_time(exc)
    found = [
        serialize_v1.stream(engine, stream)
        for stream in engine.streams.values()
        if matches(wanted.get("jobStreamName"), stream.name)
        and matches(wanted.get("workstationName"), stream.workstation)
        and (arrival is None or abs((stream.scheduled - arrival).total_seconds()) < 60)
    ]
    if wanted.get("status"):
        found = [s for s in found if s["status"]["internalStatus"] == wanted["status"]]
    return JSONResponse(found[: how_many(request)])


async def query_workstations(request: Request) -> Response:
    wanted = await v1_filter(request, "workstationInPlanFilter")
    if isinstance(wanted, Response):
        return wanted
    engine = state_of(request).engine
    found = [
        serialize_v1.workstation(engine, ws)
        for ws in engine.workstations.values()
        if matches(wanted.get("workstationName"), ws.name)
        and matches(wanted.get("type"), serialize_v1.workstation_type(ws))
        and matches(wanted.get("nodeName"), ws.node)
    ]
    return JSONResponse(found[: how_many(request)])


async def rerun(request: Request) -> Response:
    refused = require_json(request)
    if refused:
        return refused
    engine = state_of(request).engine
    engine.sync()
    job = engine.jobs.get(request.path_params["job_id"])
    if job is None:
        return error(404, f"Job {request.path_params['job_id']} was not found in the plan.")
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
        return error(404, f"Job {request.path_params['job_id']} was not found in the plan.")
    text = joblogs.render(job, now)
    if text is None:
        return error(404, f"The job log of {job.id} is not available: the job has not run yet.")
    return JSONResponse({"log": text})


def _domain_json(name: str, manager: str) -> dict[str, object]:
    return {"id": name, "name": name, "domainInPlanKey": {"name": name}, "manager": manager}


async def query_domains(request: Request) -> Response:
    wanted = await v1_filter(request, "domainInPlanFilter")
    if isinstance(wanted, Response):
        return wanted
    domains = state_of(request).engine.domains
    found = [
        _domain_json(name, manager)
        for name, manager in domains.items()
        if matches(wanted.get("domainName"), name)
    ]
    return JSONResponse(found[: how_many(request)])


async def switch_manager(request: Request) -> Response:
    """The body is the new manager's workstation id, as raw text or a JSON string."""
    engine = state_of(request).engine
    domain = request.path_params["domain_id"]
    if domain not in engine.domains:
        return error(404, f"Domain {domain} was not found in the plan.")
    raw = (await raw_body(request)).decode("utf-8", "replace")
    try:
        decoded = json.loads(raw)
    except ValueError:
        decoded = raw
    if isinstance(decoded, dict):
        decoded = decoded.get("workstationId") or decoded.get("id") or ""
    target = str(decoded).strip()
    if target not in engine.workstations:
        return error(404, f"Workstation {target!r} was not found in the plan.")
    engine.domains[domain] = target
    engine.version += 1
    return JSONResponse(_domain_json(domain, target))


async def engine_info(request: Request) -> Response:
    """``/twsd/engine/info`` (v1): the keys a public Centreon plugin reads, spelling
    (``synphony…``) included."""
    engine = state_of(request).engine
    now = engine.sync()
    return JSONResponse(
        {
            "version": "10.2.3",
            "engineType": "MASTER",
            "synphonyBatchManStatus": "ENGINE_STATUS_LIVES",
            "synphonyPlanStart": v1_time(engine.plan_start),
            "synphonyPlanEnd": v1_time(engine.plan_end),
            "currentTime": v1_time(now),
            "timeZone": "UTC",
        }
    )


def routes() -> list[Route]:
    from resync.tws.simulator import routes_resources, routes_v1_model, routes_v1_submit, wapl

    return [
        Route("/engine/info", engine_info, methods=["GET"]),
        Route(f"{PLAN}/job/query", query_jobs, methods=["POST"]),
        Route(f"{PLAN}/jobstream/query", query_streams, methods=["POST"]),
        Route(f"{PLAN}/workstation/query", query_workstations, methods=["POST"]),
        Route(f"{PLAN}/domain/query", query_domains, methods=["POST"]),
        Route(
            f"{PLAN}/domain/{{domain_id}}/action/switch_domain_workstation",
            switch_manager,
            methods=["PUT"],
        ),
        Route(f"{PLAN}/job/{{job_id}}/action/rerun", rerun, methods=["PUT"]),
        Route(f"{PLAN}/job/{{job_id}}/joblog", joblog, methods=["GET"]),
        *routes_v1_submit.routes(PLAN),
        *routes_resources.routes(PLAN),
        *routes_v1_model.routes(),
        *wapl.routes(),  # served under the z/OS connector only
    ]
