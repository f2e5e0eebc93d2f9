"""The simulator's JSON: v2 objects (flat) and v1 objects (the shapes HCL's samples read).

The v2 field names are this project's best reading of the v2 API (exact names are
unconfirmed); :mod:`resync.tws.mapping` is the only reader on the client side.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from resync.tws.models import CommonStatus, JobState, JobStreamState
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob, SimJobStream, SimWorkstation
from resync.tws.simulator.oql import Field

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


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def common_status(job: SimJob) -> CommonStatus:
    if job.held and job.state is JobState.HOLD:
        return CommonStatus.HELD
    return _COMMON.get(job.state, CommonStatus.WAITING)


def elapsed(job: SimJob, now: datetime) -> float | None:
    if job.start is None:
        return None
    return round(((job.end or now) - job.start).total_seconds(), 1)


def job_fields() -> dict[str, Field]:
    """The OQL fields a job query may use (``key.name`` is deliberately unknown)."""
    return {
        "id": Field(lambda j: j.id),
        "name": Field(lambda j: j.name),
        "jobName": Field(lambda j: j.name),
        "jobStreamName": Field(lambda j: j.stream_name),
        "jobStreamId": Field(lambda j: j.stream_id),
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
    }


def stream_fields(engine: PlanEngine) -> dict[str, Field]:
    return {
        "id": Field(lambda s: s.id),
        "name": Field(lambda s: s.name),
        "jobStreamName": Field(lambda s: s.name),
        "workstationName": Field(lambda s: s.workstation),
        "status": Field(lambda s: stream_state(engine, s)[0]),
        "startTime": Field(lambda s: s.scheduled, "datetime"),
    }


def workstation_fields() -> dict[str, Field]:
    return {
        "name": Field(lambda w: w.name),
        "workstationName": Field(lambda w: w.name),
        "type": Field(lambda w: w.type.value),
    }


def dependencies(engine: PlanEngine, job: SimJob) -> list[dict[str, Any]]:
    deps: list[dict[str, Any]] = []
    for key, ok in engine.follows_satisfied(job):
        other = engine.jobs.get(engine.chain.get(key, ""))
        deps.append(
            {
                "type": "follows",
                "jobId": other.id if other else None,
                "jobName": key.split("|", 1)[1],
                "jobStreamName": other.stream_name if other else None,
                "workstationName": other.workstation if other else None,
                "status": other.state.value if other else None,
                "satisfied": ok or job.released,
            }
        )
    for resource in job.resources:
        free = engine.resource_use[resource] < engine.resources[resource]
        deps.append({"type": "resource", "name": resource, "satisfied": free or job.released})
    if job.prompt:
        ok = job.prompt_replied or job.released
        deps.append({"type": "prompt", "text": job.prompt, "satisfied": ok})
    if job.at_time:
        ok = job.at_time <= engine.clock.now() or job.released
        deps.append({"type": "at", "time": iso(job.at_time), "satisfied": ok})
    return deps


def job_v2(engine: PlanEngine, job: SimJob, now: datetime) -> dict[str, Any]:
    return {
        "id": job.id,
        "name": job.name,
        "jobStreamName": job.stream_name,
        "jobStreamId": job.stream_id,
        "jobStreamWorkstationName": job.stream_workstation,
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
        "priority": 0 if job.held else job.priority,
        "rerunNumber": job.rerun,
        "lastInRerunChain": job.last_in_chain,
        "held": job.held,
        "taskString": job.command,
        "plan": job.plan,
        "dependencies": dependencies(engine, job) if job.plan == "current" else [],
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
    return {
        "id": stream.id,
        "name": stream.name,
        "workstationName": stream.workstation,
        "status": state.value,
        "commonStatus": (CommonStatus.HELD if stream.held else STREAM_COMMON[state]).value,
        "startTime": iso(stream.scheduled),
        "actualStartTime": iso(min(starts)) if starts else None,
        "endTime": iso(max(ends)) if state is JobStreamState.SUCC and ends else None,
        "jobCount": len(jobs),
        "jobsByStatus": dict(sorted(states.items())),
        "priority": stream.priority,
        "held": stream.held,
        "modelId": stream.model_id,
    }


def workstation_json(ws: SimWorkstation) -> dict[str, Any]:
    return {
        "id": ws.name,
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
