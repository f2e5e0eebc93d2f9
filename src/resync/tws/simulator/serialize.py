"""The simulator's v2 JSON and the OQL fields of each object (v1 is :mod:`serialize_v1`).

Where the Developer's Guide shows a v2 shape the simulator uses it: a job stream in the
plan has ``flowNodeType``, ``planId``, ``folder``/``folderId``, ``workstation`` as
``"/WS"``, ``workstationId``, ``dependencies[]`` and ``dependenciesStats``; dependencies
have the form of :mod:`dependencies`. Where it is silent (a job's own fields, statuses,
times, counts) the fields are this project's reading, unverified. Ids are the UUIDs of
:mod:`ids` (v1 keeps the composite ``WS;JSID;JOB``). :mod:`resync.tws.mapping` is the
only reader on the client side.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from resync.tws.models import CommonStatus, JobState, JobStreamState
from resync.tws.simulator import dependencies as deps
from resync.tws.simulator import ids
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob, SimJobStream, SimWorkstation
from resync.tws.simulator.oql import Field
from resync.tws.simulator.times import v2_time

_COMMON = {
    JobState.SUCC: CommonStatus.SUCCESSFUL,
    JobState.ABEND: CommonStatus.ERROR,
    JobState.FAIL: CommonStatus.ERROR,
    JobState.ERROR: CommonStatus.ERROR,
    JobState.EXEC: CommonStatus.RUNNING,
    JobState.SUCCP: CommonStatus.RUNNING,
    JobState.ABENP: CommonStatus.RUNNING,
    JobState.READY: CommonStatus.READY,
    JobState.CANCL: CommonStatus.CANCELED,
    JobState.SUPPR: CommonStatus.SUPPRESSED,
    JobState.EXTRN: CommonStatus.UNDECIDED,
    JobState.DONE: CommonStatus.UNDECIDED,
    JobState.PEND: CommonStatus.UNDECIDED,
}


iso = v2_time
PLAN_ID = deps.object_id("plan:current")
ROOT_FOLDER_ID = deps.object_id("folder:/")


def common_status(job: SimJob) -> CommonStatus:
    if job.held and job.state is JobState.HOLD:
        return CommonStatus.HELD
    return _COMMON.get(job.state, CommonStatus.WAITING)


def elapsed(job: SimJob, now: datetime) -> float | None:
    if job.start is None:
        return None
    return round(((job.end or now) - job.start).total_seconds(), 1)


def _dependency_fields(read: Any) -> dict[str, Field]:
    """``dependencies.*``: a condition holds when it holds for one of the dependencies
    (or for a member of a JOIN)."""

    def values(key: str) -> Any:
        return lambda item: [
            one.get(key) for _, dep in read(item) for one in (dep, *dep.get("members", ()))
        ]

    fields = {
        f"dependencies.{key}": Field(values(key), many=True)
        for key in ("jobStreamId", "jobId", "jobName", "jobStreamName", "dependencyType", "id")
    }
    fields["dependencies.satisfied"] = Field(values("satisfied"), "bool", many=True)
    return fields


def job_fields(engine: PlanEngine) -> dict[str, Field]:
    """The OQL fields a job query may use (``key.name`` is deliberately unknown)."""
    return {
        "id": Field(ids.job_id),
        "name": Field(lambda j: j.name),
        "jobName": Field(lambda j: j.name),
        "folder": Field(lambda j: "/"),
        "jobStreamName": Field(lambda j: j.stream_name),
        "jobStreamId": Field(lambda j: ids.stream_id(j.stream_id)),
        "workstation": Field(lambda j: deps.ws_path(j.workstation)),
        "workstationName": Field(lambda j: j.workstation),
        "jobStreamWorkstationName": Field(lambda j: j.stream_workstation),
        "status": Field(lambda j: j.state),
        "commonStatus": Field(common_status),
        "returnCode": Field(lambda j: j.return_code, "int"),
        "priority": Field(lambda j: j.priority, "int"),
        "startTime": Field(lambda j: j.start, "datetime"),
        "endTime": Field(lambda j: j.end, "datetime"),
        "scheduledTime": Field(lambda j: j.scheduled, "datetime"),
        "lastInRerunChain": Field(lambda j: j.last_in_chain, "bool"),
        "rerunNumber": Field(lambda j: j.rerun, "int"),
        "plan": Field(lambda j: j.plan),
        **_dependency_fields(lambda j: _job_deps(engine, j)),
    }


def _job_deps(engine: PlanEngine, job: SimJob) -> list[tuple[str, dict[str, Any]]]:
    return deps.job_dependencies(engine, job) if job.plan == "current" else []


def stream_fields(engine: PlanEngine) -> dict[str, Field]:
    return {
        "id": Field(lambda s: ids.stream_id(s.id)),
        "name": Field(lambda s: s.name),
        "jobStreamName": Field(lambda s: s.name),
        "folder": Field(lambda s: "/"),
        "workstation": Field(lambda s: deps.ws_path(s.workstation)),
        "workstationName": Field(lambda s: s.workstation),
        "status": Field(lambda s: stream_state(engine, s)[0]),
        "startTime": Field(lambda s: s.scheduled, "datetime"),
        **_dependency_fields(lambda s: deps.stream_dependencies(engine, s)),
    }


def workstation_fields() -> dict[str, Field]:
    return {
        "name": Field(lambda w: w.name),
        "workstationName": Field(lambda w: w.name),
        "type": Field(lambda w: w.type.value.upper().replace("-", "_")),
        "folder": Field(lambda w: "/"),
    }


def job_v2(engine: PlanEngine, job: SimJob, now: datetime) -> dict[str, Any]:
    found = [dep for _, dep in _job_deps(engine, job)]
    return {
        "flowNodeType": "JOB",
        "id": ids.job_id(job),
        "planId": PLAN_ID,
        "folder": "/",
        "folderId": ROOT_FOLDER_ID,
        "name": job.name,
        "workstation": deps.ws_path(job.workstation),
        "workstationId": deps.object_id(f"workstation:{job.workstation}"),
        "jobStreamName": job.stream_name,
        "jobStreamId": ids.stream_id(job.stream_id),
        "jobStreamWorkstation": deps.ws_path(job.stream_workstation),
        "workstationName": job.workstation,
        "status": job.state.value,
        "commonStatus": common_status(job).value,
        "returnCode": job.return_code,
        "abendCode": job.abend_code if job.state is JobState.ABEND else None,
        "startTime": iso(job.start),
        "endTime": iso(job.end),
        "elapsedTime": elapsed(job, now),
        "estimatedDuration": job.estimated,
        "scheduledTime": iso(job.scheduled),
        "latestStart": iso(job.latest_start),
        "deadline": iso(job.deadline),
        "priority": 0 if job.held else job.priority,
        "rerunNumber": job.rerun,
        "lastInRerunChain": job.last_in_chain,
        "held": job.held,
        "taskString": job.command,
        "plan": job.plan,
        "dependencies": found,
        "dependenciesStats": deps.stats(found),
    }


def stream_state(engine: PlanEngine, stream: SimJobStream) -> tuple[JobStreamState, Counter[str]]:
    states = Counter(engine.jobs[job_id].state.value for job_id in stream.job_ids)
    total = sum(states.values())
    finished = states["SUCC"] + states["CANCL"] + states["SUPPR"]
    if states["EXEC"] or states["SUCCP"] or states["ABENP"]:
        state = JobStreamState.EXEC
    elif states["ABEND"] or states["FAIL"]:
        state = JobStreamState.STUCK if states["HOLD"] else JobStreamState.ABEND
    elif finished == total:
        state = JobStreamState.SUCC
    elif stream.held or (states["SCHED"] and finished == 0 and not states["READY"]):
        state = JobStreamState.HOLD
    elif finished:
        state = JobStreamState.EXEC
    else:
        state = JobStreamState.READY
    return state, states


STREAM_COMMON = {
    JobStreamState.EXEC: CommonStatus.RUNNING,
    JobStreamState.ABEND: CommonStatus.ERROR,
    JobStreamState.STUCK: CommonStatus.BLOCKED,
    JobStreamState.SUCC: CommonStatus.SUCCESSFUL,
    JobStreamState.READY: CommonStatus.READY,
    JobStreamState.HOLD: CommonStatus.WAITING,
}


def stream_v2(engine: PlanEngine, stream: SimJobStream) -> dict[str, Any]:
    state, states = stream_state(engine, stream)
    jobs = [engine.jobs[job_id] for job_id in stream.job_ids]
    starts = [j.start for j in jobs if j.start]
    ends = [j.end for j in jobs if j.end]
    found = [dep for _, dep in deps.stream_dependencies(engine, stream)]
    return {
        "flowNodeType": "JOBSTREAM",
        "id": ids.stream_id(stream.id),
        "planId": PLAN_ID,
        "folderId": ROOT_FOLDER_ID,
        "folder": "/",
        "name": stream.name,
        "workstationId": deps.object_id(f"workstation:{stream.workstation}"),
        "workstation": deps.ws_path(stream.workstation),
        "dependencies": found,
        "dependenciesStats": deps.stats(found),
        "status": state.value,
        "commonStatus": (CommonStatus.HELD if stream.held else STREAM_COMMON[state]).value,
        "startTime": iso(stream.scheduled),
        "actualStartTime": iso(min(starts)) if starts else None,
        "endTime": iso(max(ends)) if state is JobStreamState.SUCC and ends else None,
        "jobCount": len(jobs),
        "jobsByStatus": dict(sorted(states.items())),
        "priority": stream.priority,
        "held": stream.held,
        "modelId": ids.model_id(stream.model_id) if stream.model_id else None,
    }


def workstation_json(ws: SimWorkstation) -> dict[str, Any]:
    return {
        "id": deps.object_id(f"workstation:{ws.name}"),
        "name": ws.name,
        "type": ws.type.value.upper().replace("-", "_"),
        "os": ws.os,
        "domain": "MASTERDM",
        "linked": ws.linked,
        "jobmanRunning": ws.jobman_running,
        "status": "LINKED" if ws.linked else "UNLINKED",
        "fence": ws.fence,
        "limit": ws.limit,
        "members": list(ws.members),
        "runningJobs": ws.running,
    }
