"""The v2 API (``/api/v2/...``): OQL queries with ``{count, results}`` envelopes, actions.

Ids in paths, bodies and answers are the v2 UUIDs of :mod:`ids`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from resync import __version__
from resync.tws.simulator import actions, ids, joblogs, serialize
from resync.tws.simulator import dependencies as deps
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob
from resync.tws.simulator.oql import OQLError, Query, compile_query
from resync.tws.simulator.responses import JSONResponse

V2 = "/api/v2"
MAX_LIMIT = 5000

# v2 bulk actions by filter (rerun, kill, hold, confirm-*) per the v2 API; cancel and
# release by filter are this simulator's additions (their v2 form is unconfirmed).
_ACTIONS = ("rerun", "kill", "hold", "release", "cancel", "confirm-succ", "confirm-abend")


def _oql_error(exc: OQLError) -> Response:
    return error(400, f"OQL_FILTER_SYNTAX_ERROR: {exc}", "OQLFilterSyntaxException")


def _int(request: Request, name: str, default: int, low: int = 0, high: int = MAX_LIMIT) -> int:
    try:
        return max(low, min(high, int(request.query_params.get(name, default))))
    except ValueError:
        return default


def _jobs_in(engine: PlanEngine, plan: str) -> Iterable[SimJob]:
    if plan in ("current", "all"):
        yield from engine.jobs.values()
    if plan in ("archive", "all"):
        yield from engine.history


def _query(request: Request) -> tuple[PlanEngine, datetime, list[SimJob]] | Response:
    state = state_of(request)
    engine = state.engine
    now = engine.sync()
    plan = request.query_params.get("plan", "current")
    if plan not in ("current", "archive", "all"):
        return error(400, f"Unknown plan {plan!r}: use current, archive or all.")
    try:
        query: Query = compile_query(
            request.query_params.get("oql", ""), serialize.job_fields(engine)
        )
    except OQLError as exc:
        return _oql_error(exc)
    return engine, now, query.apply(_jobs_in(engine, plan))


async def list_jobs(request: Request) -> Response:
    found = _query(request)
    if isinstance(found, Response):
        return found
    engine, now, jobs = found
    offset = _int(request, "offset", 0, 0, 10**9)
    limit = _int(request, "limit", 500, 1)
    page = jobs[offset : offset + limit]
    results = [serialize.job_v2(engine, job, now) for job in page]
    return JSONResponse({"count": len(jobs), "results": results})


async def count_jobs(request: Request) -> Response:
    found = _query(request)
    if isinstance(found, Response):
        return found
    return JSONResponse({"count": len(found[2])})


def _job(request: Request) -> SimJob | Response:
    engine = state_of(request).engine
    engine.sync()
    job_id = request.path_params["job_id"]
    job = ids.find_job(engine, job_id)
    if job is None:
        return error(404, f"Job {job_id} was not found in the plan.", "NotFoundException")
    return job


async def get_job(request: Request) -> Response:
    job = _job(request)
    if isinstance(job, Response):
        return job
    engine = state_of(request).engine
    return JSONResponse(serialize.job_v2(engine, job, engine.clock.now()))


def _neighbours(
    engine: PlanEngine, job: SimJob, direction: str, depth: int
) -> list[dict[str, Any]]:
    """Predecessors and successors in the dependency form (``depth`` levels deep).

    These two routes are the simulator's (the Developer's Guide finds successors with
    ``dependencies.jobId`` / ``dependencies.jobStreamId`` filters instead)."""
    found: list[dict[str, Any]] = []
    frontier, seen = [job], {job.id}
    for level in range(1, depth + 1):
        following: list[SimJob] = []
        for current in frontier:
            if direction == "predecessors":
                listed = deps.job_dependencies(engine, current)
                for dep in (one for _, d in listed for one in d.get("members") or [d]):
                    other = ids.find_job(engine, dep.get("jobId") or "", archived=False)
                    if other is not None and other.id not in seen:
                        seen.add(other.id)
                        following.append(other)
                    if level == 1 or other is not None:
                        found.append({**dep, "depth": level})
                continue
            for dependent_id in engine.dependents.get(current.chain_key, ()):
                dependent = engine.jobs[
                    engine.chain.get(engine.jobs[dependent_id].chain_key, dependent_id)
                ]
                if dependent.id in seen:
                    continue
                seen.add(dependent.id)
                following.append(dependent)
                stream = engine.streams[dependent.stream_id]
                same = dependent.stream_id == current.stream_id
                found.append(
                    {
                        "dependencyType": "INTERNAL_JOB" if same else "EXTERNAL_JOB",
                        "id": ids.job_id(dependent),
                        "satisfied": current.satisfies_dependents,
                        "jobId": ids.job_id(dependent),
                        "jobName": dependent.name,
                        "jobStreamId": ids.stream_id(dependent.stream_id),
                        "jobStreamName": dependent.stream_name,
                        "jobStreamWorkstation": deps.ws_path(stream.workstation),
                        "jobStreamSchedTime": serialize.iso(stream.scheduled),
                        "workstationName": dependent.workstation,
                        "status": dependent.state.value,
                        "depth": level,
                    }
                )
        frontier = following
    return found


async def neighbours(request: Request) -> Response:
    job = _job(request)
    if isinstance(job, Response):
        return job
    direction = request.url.path.rsplit("/", 1)[-1]
    items = _neighbours(state_of(request).engine, job, direction, _int(request, "depth", 1, 1, 10))
    return JSONResponse({"count": len(items), "results": items})


async def joblog(request: Request) -> Response:
    found = _query(request)
    if isinstance(found, Response):
        return found
    _, now, jobs = found
    if len(jobs) != 1:
        return error(404 if not jobs else 400, f"The filter matched {len(jobs)} jobs, not one.")
    text = joblogs.render(jobs[0], now)
    if text is None:
        job_id = ids.job_id(jobs[0])
        return error(404, f"The job log of {job_id} is not available: the job has not run yet.")
    lines = text.splitlines()
    first = _int(request, "from_line", 1, 1, 10**6)
    last = _int(request, "to_line", len(lines), 1, 10**6)
    chosen = "\n".join(lines[first - 1 : last])
    headers = {"X-Total-Lines": str(len(lines))}
    return PlainTextResponse(chosen + ("\n" if chosen else ""), headers=headers)


def _apply(engine: PlanEngine, job: SimJob, action: str) -> str | None:
    if action == "rerun":
        return ids.job_id(actions.rerun(engine, job))
    if action.startswith("confirm-"):
        actions.confirm(engine, job, action.split("-", 1)[1].upper())
        return None
    {
        "kill": actions.kill,
        "hold": actions.hold,
        "release": actions.release,
        "cancel": actions.cancel,
    }[action](engine, job)
    return None


async def bulk_action(request: Request) -> Response:
    action = request.path_params["action"]
    if action not in _ACTIONS:
        return error(404, f"Unknown job action {action!r}.", "UnknownActionException")
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    if not request.query_params.get("oql", "").strip():
        return error(
            400,
            "A job action needs an OQL filter (refusing to act on the whole plan).",
            "MissingFilterException",
        )
    found = _query(request)
    if isinstance(found, Response):
        return found
    engine, _, jobs = found
    return _run(engine, jobs, action)


def _run(engine: PlanEngine, jobs: list[SimJob], action: str) -> Response:
    results, messages = [], []
    for job in jobs:
        try:
            results.append({"id": ids.job_id(job), "newId": _apply(engine, job, action)})
        except actions.ActionRefused as exc:
            if len(jobs) == 1:
                return error(exc.status, str(exc), "ActionNotAllowedException")
            messages.append(str(exc))
    return JSONResponse({"count": len(results), "results": results, "messages": messages})


async def job_action(request: Request) -> Response:
    action = request.path_params["action"]
    if action not in _ACTIONS:
        return error(404, f"Unknown job action {action!r}.", "UnknownActionException")
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    job = _job(request)
    if isinstance(job, Response):
        return job
    if job.plan != "current":
        return error(409, f"Job {ids.job_id(job)} belongs to an archived plan.")
    return _run(state_of(request).engine, [job], action)


async def engine_info(request: Request) -> Response:
    engine = state_of(request).engine
    now = engine.sync()
    return JSONResponse(
        {
            "engineName": "RESYNC_SIM",
            "engineVersion": "10.2.3 (Resync simulator " + __version__ + ")",
            "engineType": "distributed",
            "masterWorkstation": "MDM",
            "timeZone": "UTC",
            "planStart": serialize.iso(engine.plan_start),
            "planEnd": serialize.iso(engine.plan_end),
            "currentTime": serialize.iso(now),
            "simulated": True,
            "seed": engine.seed,
        }
    )


def routes() -> list[Route]:
    from resync.tws.simulator import routes_streams, routes_v2_deps, routes_v2_model

    return [
        *routes_v2_deps.routes(V2),
        Route(f"{V2}/plan/job", list_jobs, methods=["GET"]),
        Route(f"{V2}/plan/job/count", count_jobs, methods=["GET"]),
        Route(f"{V2}/plan/job/joblog", joblog, methods=["GET"]),
        Route(f"{V2}/plan/job/action/{{action}}", bulk_action, methods=["PUT"]),
        Route(f"{V2}/plan/job/{{job_id}}", get_job, methods=["GET"]),
        Route(f"{V2}/plan/job/{{job_id}}/predecessors", neighbours, methods=["GET"]),
        Route(f"{V2}/plan/job/{{job_id}}/successors", neighbours, methods=["GET"]),
        Route(f"{V2}/plan/job/{{job_id}}/action/{{action}}", job_action, methods=["PUT"]),
        Route(f"{V2}/engine/info", engine_info, methods=["GET"]),
        *routes_streams.routes(V2),
        *routes_v2_model.routes(V2),
    ]
