"""Dependencies in the v2 form the Developer's Guide shows, and the actions on them.

A dependency is ``{"dependencyType", "id", "dependencyStatus", "satisfied", …}``;
follows name the predecessor with ``jobId``, ``jobName``, ``jobStreamId``,
``jobStreamName``, ``jobStreamWorkstation`` (``"/WS"``) and ``jobStreamSchedTime``.
The guide shows ``EXTERNAL_JOB``, ``EXTERNAL_JOBSTREAM`` and ``JOIN``
(``{"dependencyType": "JOIN", "satisfied", "joinName", "joinQuantity", "members": [...]}``,
members in the follows form with ``conditional: true``; ``joinQuantity`` 0 means all);
``INTERNAL_JOB``, ``RESOURCE``, ``PROMPT`` and ``TIME`` and the keys ``name``/``text``/
``time`` on them are this simulator's reading, unverified, and so are a JOIN's ``id``
and that its members' condition is the predecessor's success.
``release-dependencies`` and ``remove-dependencies`` take ``{"dependencies": [...]}``
with those objects (matched by ``id``, a JOIN also by ``joinName``); ``add-dependencies``
takes follows ones naming ``jobId`` (or ``jobStreamId``), or a JOIN whose members do.
Every id here is a v2 UUID (see :mod:`ids`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from resync.tws.simulator import ids
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.ids import object_id
from resync.tws.simulator.model import Join, SimJob, SimJobStream
from resync.tws.simulator.times import v2_time as iso


def ws_path(name: str) -> str:
    return "/" + name


def _status(ok: bool) -> str:
    return "SATISFIED" if ok else "UNDECIDED"


def _follows(
    engine: PlanEngine, keys: list[tuple[str, bool]], here: str
) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for key, ok in keys:
        other = engine.jobs.get(engine.chain.get(key, ""))
        stream_id, name = key.split("|", 1)
        stream = engine.streams.get(stream_id)
        if name == "*":
            found.append((key, _on_stream(stream_id, stream, ok)))
            continue
        dep = {
            "dependencyType": "INTERNAL_JOB" if stream_id == here else "EXTERNAL_JOB",
            "id": ids.job_id(other) if other else object_id(key),
            "dependencyStatus": _status(ok),
            "satisfied": ok,
            "jobId": ids.job_id(other) if other else None,
            "jobName": name,
            "jobStreamId": ids.stream_id(stream_id),
            "jobStreamName": stream.name if stream else None,
            "jobStreamWorkstation": ws_path(stream.workstation) if stream else None,
            "jobStreamSchedTime": iso(stream.scheduled) if stream else None,
            "jobStreamFolder": "/",
            "workstationName": other.workstation if other else None,  # unverified
            "status": other.state.value if other else None,  # unverified: the predecessor's
        }
        found.append((key, dep))
    return found


def _on_stream(stream_id: str, stream: SimJobStream | None, ok: bool) -> dict[str, Any]:
    return {
        "dependencyType": "EXTERNAL_JOBSTREAM",
        "id": ids.stream_id(stream_id),
        "dependencyStatus": _status(ok),
        "satisfied": ok,
        "jobStreamId": ids.stream_id(stream_id),
        "jobStreamName": stream.name if stream else None,
        "jobStreamWorkstation": ws_path(stream.workstation) if stream else None,
        "jobStreamSchedTime": iso(stream.scheduled) if stream else None,
        "jobStreamFolder": "/",
    }


def job_dependencies(engine: PlanEngine, job: SimJob) -> list[tuple[str, dict[str, Any]]]:
    """(internal key, documented object) for each dependency of the job instance."""
    released = job.released_deps
    found = _follows(engine, engine.follows_satisfied(job), job.stream_id)
    done = job.released
    dep: dict[str, Any]
    for join in job.joins:
        found.append((f"join:{join.name}", _join(engine, job, join)))
    for resource in job.resources:
        key = f"resource:{resource}"
        free = engine.resource_free(resource)
        ok = free or done or key in released
        dep = {"dependencyType": "RESOURCE", "id": object_id(key), "name": resource}
        found.append((key, {**dep, "dependencyStatus": _status(ok), "satisfied": ok}))
    if job.prompt:
        ok = job.prompt_replied or done or "prompt" in released
        dep = {"dependencyType": "PROMPT", "id": prompt_id(job), "text": job.prompt}
        found.append(("prompt", {**dep, "dependencyStatus": _status(ok), "satisfied": ok}))
    if job.at_time:
        ok = job.at_time <= engine.clock.now() or done or "time" in released
        dep = {"dependencyType": "TIME", "id": object_id(f"time:{job.id}")}
        dep |= {"time": iso(job.at_time), "dependencyStatus": _status(ok), "satisfied": ok}
        found.append(("time", dep))
    if done:
        for _, dep in found:
            dep["satisfied"] = True
            if "dependencyStatus" in dep:
                dep["dependencyStatus"] = _status(True)
    return found


def _join(engine: PlanEngine, job: SimJob, join: Join) -> dict[str, Any]:
    members, ok = engine.join_members(job, join)
    return {
        "dependencyType": "JOIN",
        "id": object_id(f"join:{job.id}:{join.name}"),
        "satisfied": ok,
        "joinName": join.name,
        "joinQuantity": join.quantity,
        "members": [
            {**dep, "conditional": True} for _, dep in _follows(engine, members, job.stream_id)
        ],
    }


def prompt_id(job: SimJob) -> str:
    return object_id(f"prompt:{job.id}")


def stream_dependencies(
    engine: PlanEngine, stream: SimJobStream
) -> list[tuple[str, dict[str, Any]]]:
    found = _follows(engine, engine.stream_follows(stream), stream.id)
    for _, dep in found:
        dep["jobStreamSuccId"] = ids.stream_id(stream.id)
    return found


def stats(deps: list[dict[str, Any]]) -> dict[str, int]:
    kinds = Counter(dep["dependencyType"] for dep in deps)
    return {
        "numberOfDependencies": len(deps),
        "numberOfJobDependencies": kinds["INTERNAL_JOB"] + kinds["EXTERNAL_JOB"],
        "numberOfJobStreamDependencies": kinds["EXTERNAL_JOBSTREAM"],
        "numberOfInternetworkDependencies": 0,
        "numberOfPromptDependencies": kinds["PROMPT"],
        "numberOfResourceDependencies": kinds["RESOURCE"],  # unverified name
        "numberOfUnsatisfiedDependencies": sum(not d["satisfied"] for d in deps),  # unverified
    }


class DependencyError(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _chosen(found: list[tuple[str, dict[str, Any]]], wanted: list[Any]) -> list[str]:
    by_id = {str(dep["id"]): key for key, dep in found}
    by_id |= {f"join:{dep['joinName']}": key for key, dep in found if "joinName" in dep}
    keys = []
    for item in wanted:
        dep_id = str(item.get("id") if isinstance(item, dict) else item)
        if isinstance(item, dict) and item.get("joinName") and not item.get("id"):
            dep_id = f"join:{item['joinName']}"
        if dep_id not in by_id:
            raise DependencyError(f"Dependency {dep_id} is not a dependency of this object.", 404)
        keys.append(by_id[dep_id])
    return keys


def release(engine: PlanEngine, target: SimJob | SimJobStream, wanted: list[Any]) -> int:
    found = _of(engine, target)
    keys = _chosen(found, wanted)
    target.released_deps.update(keys)
    _wake(engine, target)
    return len(keys)


def remove(engine: PlanEngine, target: SimJob | SimJobStream, wanted: list[Any]) -> int:
    keys = set(_chosen(_of(engine, target), wanted))
    target.follows = [key for key in target.follows if key not in keys]
    if isinstance(target, SimJob):
        target.joins = [j for j in target.joins if f"join:{j.name}" not in keys]
        target.resources = [r for r in target.resources if f"resource:{r}" not in keys]
        if "prompt" in keys:
            target.prompt = None
        if "time" in keys:
            target.at_time = None
    _wake(engine, target)
    return len(keys)


def _predecessor(engine: PlanEngine, item: Any) -> str:
    item = item if isinstance(item, dict) else {}
    other = ids.find_job(engine, str(item.get("jobId") or ""), archived=False)
    stream = ids.find_stream(engine, str(item.get("jobStreamId") or ""))
    if other is not None:
        return other.chain_key
    if stream is not None and not item.get("jobId"):
        return f"{stream.id}|*"
    raise DependencyError(f"No predecessor in the plan for {item}.", 404)


def _new_join(
    engine: PlanEngine, target: SimJob | SimJobStream, item: dict[str, Any], taken: list[Join]
) -> Join:
    if not isinstance(target, SimJob):
        raise DependencyError("A JOIN is added to a job, not to a job stream.")
    name = str(item.get("joinName") or "").strip().upper()
    members = item.get("members")
    if not name or len(name) > 16:
        raise DependencyError("A JOIN needs a joinName of 1 to 16 characters.")
    if any(j.name == name for j in taken):
        raise DependencyError(f"The job already has a JOIN named {name}.", 409)
    if not isinstance(members, list) or not members:
        raise DependencyError("A JOIN needs a non-empty members array.")
    if len(taken) >= 4:
        raise DependencyError("A job has at most 4 JOIN dependencies.", 409)
    quantity = item.get("joinQuantity", 0)
    keys = [_predecessor(engine, member) for member in members]
    if not isinstance(quantity, int) or not 0 <= quantity <= len(keys):
        raise DependencyError(f"joinQuantity must be from 0 (all) to {len(keys)}.")
    return Join(name, quantity, keys)


def add(engine: PlanEngine, target: SimJob | SimJobStream, wanted: list[Any]) -> int:
    """Add follows dependencies on the jobs (``jobId``) or job streams (``jobStreamId``),
    or JOINs of them."""
    keys: list[str] = []
    joins: list[Join] = []
    for item in wanted:
        if isinstance(item, dict) and str(item.get("dependencyType")).upper() == "JOIN":
            taken = [*target.joins, *joins] if isinstance(target, SimJob) else []
            joins.append(_new_join(engine, target, item, taken))
        else:
            keys.append(_predecessor(engine, item))
    for key in keys:
        if key not in target.follows:
            target.follows.append(key)
            for job in _jobs(engine, target):
                engine.dependents.setdefault(key, []).append(job.id)
    if isinstance(target, SimJob):
        target.joins.extend(joins)
        for key in {key for join in joins for key in join.members}:
            engine.dependents.setdefault(key, []).append(target.id)
    _wake(engine, target)
    return len(keys) + len(joins)


def _of(engine: PlanEngine, target: SimJob | SimJobStream) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(target, SimJob):
        return job_dependencies(engine, target)
    return stream_dependencies(engine, target)


def _jobs(engine: PlanEngine, target: SimJob | SimJobStream) -> list[SimJob]:
    if isinstance(target, SimJob):
        return [target]
    return [engine.jobs[job_id] for job_id in target.job_ids]


def _wake(engine: PlanEngine, target: SimJob | SimJobStream) -> None:
    engine.version += 1
    for job in _jobs(engine, target):
        engine.evaluate(job)  # a waiting job is re-judged from scratch
