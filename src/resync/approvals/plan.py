"""What approvals need from HWA (``services.tws`` provides it) and how a target given by
a person — ``PAYROLL_01``, ``CPU1#JS_PAYROLL.PAYROLL_01`` or a plan id
``CPU1;0AAAAAAAAAAAAAB;PAYROLL_01`` — becomes exactly one job of the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resync.approvals.actions import Action
from resync.approvals.errors import AmbiguousTarget, InvalidAction, TargetNotFound
from resync.tws.client import HWAClient
from resync.tws.models import ActionResult, JobInstance


class HWAPlan:
    """The part of ``services.tws`` approvals use, with reads that bypass the client's
    short read cache where a decision depends on them (the re-read before executing)."""

    def __init__(self, client: HWAClient) -> None:
        self.client = client

    async def fresh_job(self, job_id: str) -> JobInstance:
        self.client.cache.invalidate()
        return await self.client.get_job(job_id)

    async def find_jobs(self, name: str, *, fresh: bool = False) -> list[JobInstance]:
        if fresh:
            self.client.cache.invalidate()
        return await self.client.find_jobs(name)

    async def stream_workstations(self, stream: str) -> list[str]:
        streams = await self.client.list_job_streams(name=stream)
        return sorted({s.workstation for s in streams})


@dataclass(frozen=True)
class TargetName:
    job: str
    job_stream: str | None = None
    workstation: str | None = None
    plan_id: str | None = None


def parse_target(text: str) -> TargetName:
    value = text.strip()
    if not value:
        raise TargetNotFound("informe o job: nome, WS#STREAM.JOB ou id do plano")
    if ";" in value:
        parts = value.split(";")
        if len(parts) < 3 or not all(parts[:3]):
            raise TargetNotFound(f"id de plano inválido: {value!r} (esperado WS;JSID;JOB)")
        return TargetName(job=parts[2], plan_id=value)
    workstation, _, rest = value.rpartition("#")
    stream, _, job = rest.rpartition(".")
    return TargetName(job=job, job_stream=stream or None, workstation=workstation or None)


def state_of(job: JobInstance) -> str:
    return job.state.value


def stream_workstation(job: JobInstance) -> str:
    return job.job_stream_id.split(";")[0]


def display_name(job: JobInstance) -> str:
    """``WS#STREAM.JOB`` as conman writes it (WS = the job stream's workstation)."""
    return f"{stream_workstation(job)}#{job.job_stream}.{job.name}"


def describe(job: JobInstance) -> str:
    return f"{display_name(job)} ({state_of(job)}, id {job.id})"


def snapshot(job: JobInstance) -> dict[str, Any]:
    dump = getattr(job, "model_dump", None)
    data: dict[str, Any] = dump(mode="json") if callable(dump) else {}
    data.pop("dependencies", None)
    data.update(
        id=job.id,
        name=job.name,
        job_stream=job.job_stream,
        workstation=job.workstation,
        state=state_of(job),
    )
    return data


async def resolve_job(plan: HWAPlan, text: str) -> JobInstance:
    """Exactly one job, the last of its rerun chain, or a clear error listing candidates."""
    target = parse_target(text)
    found = await plan.find_jobs(target.job)
    chosen = [
        job
        for job in found
        if job.name.upper() == target.job.upper()
        and job.is_last_in_chain
        and (
            target.workstation is None
            or target.workstation.upper() in (job.workstation.upper(), stream_workstation(job))
        )
        and (target.job_stream is None or job.job_stream.upper() == target.job_stream.upper())
    ]
    if target.plan_id is not None:  # WS;JSID;JOB[;N]: that job stream instance's chain
        stream_id = ";".join(target.plan_id.split(";")[:2]).upper()
        chosen = [job for job in chosen if job.job_stream_id.upper() == stream_id]
    if not chosen:
        raise TargetNotFound(f"nenhum job {text!r} no plano atual")
    if len(chosen) > 1:
        options = "; ".join(describe(job) for job in chosen[:10])
        raise AmbiguousTarget(
            f"{text!r} corresponde a {len(chosen)} jobs; diga qual (WS#STREAM.JOB ou id): "
            + options,
            candidates=[job.id for job in chosen],
        )
    return chosen[0]


def parse_stream(text: str) -> tuple[str, str | None]:
    """``WS#STREAM`` or ``STREAM`` → (stream, workstation)."""
    workstation, _, stream = text.strip().rpartition("#")
    if not stream or "." in stream or ";" in stream:
        raise InvalidAction(f"submit espera um job stream (WS#STREAM ou STREAM), não {text!r}")
    return stream.upper(), workstation.upper() or None


async def resolve_stream(plan: HWAPlan, text: str) -> tuple[str, str]:
    """(stream, workstation) for a submit; the workstation comes from the plan when omitted."""
    stream, workstation = parse_stream(text)
    if workstation:
        return stream, workstation
    found = await plan.stream_workstations(stream)
    if len(found) == 1:
        return stream, found[0]
    if not found:
        raise TargetNotFound(f"diga a workstation do job stream: WS#{stream}")
    raise AmbiguousTarget(
        f"o job stream {stream} existe em {', '.join(found)}; diga qual (WS#{stream})",
        candidates=[f"{ws}#{stream}" for ws in found],
    )


async def perform(plan: HWAPlan, action: Action, job_id: str, target: str) -> ActionResult:
    """Send the action to HWA. Called once per request, never retried."""
    client = plan.client
    if action is Action.rerun:
        return await client.rerun(job_id)
    if action is Action.cancel:
        return await client.cancel(job_id)
    if action is Action.kill:
        return await client.kill(job_id)
    if action is Action.hold:
        return await client.hold(job_id)
    if action is Action.release:
        return await client.release(job_id)
    if action is Action.confirm_succ:
        return await client.confirm(job_id, "SUCC")
    if action is Action.confirm_abend:
        return await client.confirm(job_id, "ABEND")
    stream, workstation = parse_stream(target)
    return await client.submit_job_stream(stream, workstation or "")
