"""The v1 objects, in the shapes HCL's sample clients read.

Keys the samples read: on a job ``jobStreamInPlan.{id,name,startTime,workstationKey.name}``
and ``jobDefinition.jobDefinitionInPlanKey.workstationInPlanKey.name``; on a job stream
``key.{name,startTime,workstationKey.{name,originalName}}``; on a workstation ``id``,
``name``, ``type`` (upper case: ``POOL``), ``workstationInPlanKey.name``, ``ssmRunning``.
Times carry milliseconds (:func:`v1_time`).
"""

from __future__ import annotations

from typing import Any

from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import JobSpec, JobStreamSpec, SimJob, SimJobStream, SimWorkstation
from resync.tws.simulator.serialize import STREAM_COMMON, common_status, stream_state
from resync.tws.simulator.times import v1_time


def _ws_key(name: str) -> dict[str, str]:
    return {"name": name, "originalName": name}


def job(job: SimJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "name": job.name,
        "jobStreamInPlan": {
            "id": job.stream_id,
            "name": job.stream_name,
            "workstationKey": _ws_key(job.stream_workstation),
            "startTime": v1_time(job.scheduled),
        },
        "workstationKey": _ws_key(job.workstation),
        "status": {"internalStatus": job.state.value, "commonStatus": common_status(job).value},
        "jobDefinition": {
            "name": job.name,
            "taskString": job.command,
            "userLogin": job.user,
            "jobDefinitionInPlanKey": {
                "name": job.name,
                "workstationInPlanKey": {"name": job.workstation},
            },
        },
        "returnCode": job.return_code,
        "startTime": v1_time(job.start),
        "endTime": v1_time(job.end),
        "jobNumber": job.job_number or None,
        "rerunNumber": job.rerun,
        "lastInRerunChain": job.last_in_chain,
        "priority": 0 if job.held else job.priority,
    }


def stream(engine: PlanEngine, stream: SimJobStream) -> dict[str, Any]:
    state, _ = stream_state(engine, stream)
    return {
        "id": stream.id,
        "key": {
            "name": stream.name,
            "workstationKey": _ws_key(stream.workstation),
            "startTime": v1_time(stream.scheduled),
        },
        "status": {"internalStatus": state.value, "commonStatus": STREAM_COMMON[state].value},
        "priority": stream.priority,
        "timeRestriction": {
            "timeDependent": stream.at_time is not None,
            "startTime": v1_time(stream.at_time),
        },
    }


def workstation_type(ws: SimWorkstation) -> str:
    """``POOL``, ``REM_ENG``…: the engine's own (upper-case) names of workstation types."""
    return ws.type.value.upper().replace("-", "_")


def workstation(engine: PlanEngine, ws: SimWorkstation) -> dict[str, Any]:
    domain = domain_of(engine)
    return {
        "id": ws.name,
        "name": ws.name,
        "workstationInPlanKey": {"name": ws.name},
        "type": workstation_type(ws),
        "os": ws.os,
        "nodeName": ws.node,
        "domainName": domain,
        "manager": engine.domains.get(domain) == ws.name,
        "linked": ws.linked,
        "jobmanRunning": ws.jobman_running,
        "ssmRunning": ws.available,
        "fence": ws.fence,
        "limit": ws.limit,
        "runningJobs": ws.running,
    }


def domain_of(engine: PlanEngine) -> str:
    return next(iter(engine.domains))  # one domain: every workstation is in it


def workstation_model(engine: PlanEngine, ws: SimWorkstation) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": ws.name,
        "name": ws.name,
        "type": workstation_type(ws),
        "os": ws.os,
        "nodeName": ws.node,
        "domainName": domain_of(engine),
    }
    members = engine.pool_members.get(ws.name) or []
    if members or ws.type.value in ("pool", "d-pool"):
        found["agentLinks"] = [{"workstationName": m} for m in members]
    return found


def model_header(spec: JobStreamSpec) -> dict[str, Any]:
    """``id`` comes first: the shell samples cut it out of the text (``cut -d'"' -f4``)."""
    return {
        "id": spec.model_id,
        "name": spec.name,
        "workstationName": spec.workstation,
        "key": {"name": spec.name, "workstationKey": {"name": spec.workstation}},
        "description": spec.description,
        "priority": spec.priority,
    }


def job_definition(definition_id: str, spec: JobSpec) -> dict[str, Any]:
    return {
        "id": definition_id,
        "name": spec.name,
        "workstationName": spec.workstation,
        "jobDefinitionKey": {"name": spec.name, "workstationName": spec.workstation},
        "taskString": spec.command,
        "userLogin": spec.user,
    }
