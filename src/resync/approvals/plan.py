"""What approvals need from HWA, and how a target given by a person becomes exactly one
job of the plan (read by :mod:`resync.plan.names`, the one parser of job targets)."""

from __future__ import annotations

from typing import Any

from resync.approvals.actions import Action
from resync.approvals.errors import AmbiguousTarget, InvalidAction, TargetNotFound
from resync.plan.names import (
    InvalidTarget,
    job_name,
    parse_stream,
    parse_target,
    select_jobs,
    stream_name,
)
from resync.tws.client import HWAClient
from resync.tws.models import ActionResult, JobInstance


class HWAPlan:
    """The part of the HWA client approvals use, with reads that bypass the client's
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


def state_of(job: JobInstance) -> str:
    return job.state.value


def describe(job: JobInstance) -> str:
    return f"{job_name(job)} ({state_of(job)}, id {job.id})"


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
    try:
        target = parse_target(text)
    except InvalidTarget:
        raise TargetNotFound(
            f"{text.strip()!r} não é um job: informe o nome, WS#STREAM.JOB ou o id do plano"
        ) from None
    chosen = select_jobs(await plan.find_jobs(target.job), target)
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


def stream_of(text: str) -> tuple[str, str | None]:
    try:
        return parse_stream(text)
    except InvalidTarget:
        raise InvalidAction(
            f"submit espera um job stream (WS#STREAM ou STREAM), não {text!r}"
        ) from None


async def resolve_stream(plan: HWAPlan, text: str) -> tuple[str, str]:
    """(stream, workstation) for a submit; the workstation comes from the plan when omitted."""
    stream, workstation = stream_of(text)
    if workstation:
        return stream, workstation
    found = await plan.stream_workstations(stream)
    if len(found) == 1:
        return stream, found[0]
    if not found:
        raise TargetNotFound(f"diga a workstation do job stream: WS#{stream}")
    raise AmbiguousTarget(
        f"o job stream {stream} existe em {', '.join(found)}; diga qual (WS#{stream})",
        candidates=[stream_name(ws, stream) for ws in found],
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
    stream, workstation = stream_of(target)
    return await client.submit_job_stream(stream, workstation or "")
