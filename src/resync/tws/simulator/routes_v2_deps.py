"""v2 dependency actions, prompts and ad hoc jobs.

- ``POST /plan/job/{id}/action/add-dependencies`` (the Developer's Guide's verb) and
  ``PUT /plan/{job|jobstream}/{id}/action/{release|remove}-dependencies`` with
  ``{"dependencies": [...]}``: see :mod:`dependencies` for the objects.
- ``POST /plan/job/submit-ad-hoc-job``: ``{"workstationKey": "WS", "task": {"UNIX":
  {"taskString", "userName"}}}`` (the guide's example); the job goes into the
  workstation's ``JOBS`` job stream; an optional ``name`` names it.
- ``GET /plan/prompt`` and ``PUT /plan/prompt/{id}/action/reply`` with
  ``{"reply": "YES" | "NO"}``: the simulator's reading (unverified).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resync.tws.simulator import actions, ids
from resync.tws.simulator import dependencies as deps
from resync.tws.simulator.app import error, require_json, state_of
from resync.tws.simulator.bodies import obj, read_body
from resync.tws.simulator.model import JobSpec, SimJob, SimJobStream
from resync.tws.simulator.responses import JSONResponse

_DEPENDENCY_ACTIONS = {
    "add-dependencies": deps.add,
    "release-dependencies": deps.release,
    "remove-dependencies": deps.remove,
}


async def _dependency_list(request: Request) -> list[Any] | Response:
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    raw = (await request.body()).strip()
    if raw.startswith(b"["):
        try:
            listed = json.loads(raw)
        except ValueError:
            return error(400, "The request body is not valid JSON.")
        return listed if isinstance(listed, list) else []
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    listed = body.get("dependencies")
    if not isinstance(listed, list) or not listed:
        return error(400, "Give the dependencies as a non-empty dependencies array.")
    return listed


def dependency_action(kind: str, action: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await _dependency_action(request, kind, action)

    return endpoint


async def _dependency_action(request: Request, kind: str, action: str) -> Response:
    engine = state_of(request).engine
    engine.sync()
    target_id = request.path_params["target_id"]
    target: SimJob | SimJobStream | None = (
        ids.find_job(engine, target_id, archived=False)
        if kind == "job"
        else ids.find_stream(engine, target_id)
    )
    if target is None:
        return error(404, f"{kind} {target_id} was not found in the plan.")
    if isinstance(target, SimJob) and target.state.is_final:
        return error(409, f"Job {target.name} has ended: its dependencies are settled.")
    wanted = await _dependency_list(request)
    if isinstance(wanted, Response):
        return wanted
    try:
        changed = _DEPENDENCY_ACTIONS[action](engine, target, wanted)
    except deps.DependencyError as exc:
        return error(exc.status, str(exc))
    target_v2 = ids.job_id(target) if isinstance(target, SimJob) else ids.stream_id(target.id)
    message = f"{action}: {changed} dependencies of {target_v2}."
    return JSONResponse({"count": 1, "results": [{"id": target_v2}], "messages": [message]})


async def submit_ad_hoc(request: Request) -> Response:
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    workstation = str(body.get("workstationKey") or "").strip("/").upper()
    if workstation not in engine.workstations:
        return error(404, f"Workstation {workstation!r} is not defined.")
    tasks = obj(body.get("task"))
    task = obj(next(iter(tasks.values()), None))
    if not task.get("taskString"):
        return error(400, 'An ad hoc job needs task: {"UNIX": {"taskString": …}}.')
    stream = engine.ad_hoc_stream(workstation)
    name = str(body.get("name") or f"ADHOC_{engine.next_job_number()}")
    spec = JobSpec(
        name, workstation, str(task["taskString"]), str(task.get("userName") or ""), 30.0
    )
    try:
        job = engine.add_job(stream, spec)
    except ValueError as exc:
        return error(409, str(exc), "DuplicateObjectException")
    message = f"Ad hoc job {job.name} submitted into {workstation}#JOBS."
    return JSONResponse({"count": 1, "results": [{"id": ids.job_id(job)}], "messages": [message]})


def _prompts(request: Request) -> dict[str, SimJob]:
    engine = state_of(request).engine
    return {deps.prompt_id(job): job for job in engine.jobs.values() if job.prompt}


def _prompt_json(prompt_id: str, job: SimJob) -> dict[str, Any]:
    status = "ANSWERED_YES" if job.prompt_replied else job.prompt_answer or "ASKED"
    return {"id": prompt_id, "text": job.prompt, "status": status, "jobId": ids.job_id(job)}


async def list_prompts(request: Request) -> Response:
    state_of(request).engine.sync()
    found = [_prompt_json(p, job) for p, job in _prompts(request).items()]
    return JSONResponse({"count": len(found), "results": found})


async def reply(request: Request) -> Response:
    refused = require_json(request, bodyless=True)
    if refused:
        return refused
    body = await read_body(request)
    if isinstance(body, Response):
        return body
    engine = state_of(request).engine
    engine.sync()
    job = _prompts(request).get(request.path_params["prompt_id"])
    if job is None:
        return error(404, f"Prompt {request.path_params['prompt_id']} was not found in the plan.")
    answer = str(body.get("reply") or "").upper()
    if answer not in ("YES", "NO"):
        return error(400, 'Reply with {"reply": "YES"} or {"reply": "NO"}.')
    actions.reply_prompt(engine, job, answer == "YES")
    return JSONResponse(_prompt_json(request.path_params["prompt_id"], job))


def routes(v2: str) -> list[Route]:
    plan = f"{v2}/plan"
    return [
        Route(f"{plan}/job/submit-ad-hoc-job", submit_ad_hoc, methods=["POST"]),
        Route(f"{plan}/prompt", list_prompts, methods=["GET"]),
        Route(f"{plan}/prompt/{{prompt_id}}/action/reply", reply, methods=["PUT"]),
        *[
            Route(
                f"{plan}/{kind}/{{target_id}}/action/{name}",
                dependency_action(kind, name),
                methods=["POST", "PUT"] if name == "add-dependencies" else ["PUT"],
            )
            for kind in ("job", "jobstream")
            for name in _DEPENDENCY_ACTIONS
        ],
    ]
