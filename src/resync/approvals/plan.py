"""What approvals need from HWA, and how a target given by a person becomes exactly one
job of the plan (read by :mod:`resync.plan.names`, the one parser of job targets)."""

from __future__ import annotations

from typing import Any

from resync.approvals.actions import Action
from resync.approvals.errors import AmbiguousTarget, InvalidAction, TargetNotFound
from resync.approvals.messages import refusal
from resync.plan.lookup import chosen_jobs
from resync.plan.names import InvalidTarget, job_name, parse_stream, parse_target, stream_name
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
        raise refusal(TargetNotFound, "not_a_job", text=text.strip()) from None
    chosen = await chosen_jobs(plan.client, target)
    if not chosen:
        raise refusal(TargetNotFound, "no_such_job", text=text)
    if len(chosen) > 1:
        options = "; ".join(describe(job) for job in chosen[:10])
        raise refusal(
            AmbiguousTarget,
            "ambiguous_job",
            extra={"candidates": [job.id for job in chosen]},
            text=text,
            count=len(chosen),
            options=options,
        )
    return chosen[0]


def stream_of(text: str) -> tuple[str, str | None]:
    try:
        return parse_stream(text)
    except InvalidTarget:
        raise refusal(InvalidAction, "submit_needs_stream", text=text) from None


async def resolve_stream(plan: HWAPlan, text: str) -> tuple[str, str]:
    """(stream, workstation) for a submit; the workstation comes from the plan when omitted."""
    stream, workstation = stream_of(text)
    if workstation:
        return stream, workstation
    found = await plan.stream_workstations(stream)
    if len(found) == 1:
        return stream, found[0]
    if not found:
        raise refusal(TargetNotFound, "stream_needs_workstation", stream=stream)
    raise refusal(
        AmbiguousTarget,
        "ambiguous_stream",
        extra={"candidates": [stream_name(ws, stream) for ws in found]},
        stream=stream,
        workstations=", ".join(found),
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
    if action in (Action.reply_prompt, Action.reply_prompt_no):
        return await client.reply_prompt(job_id, yes=action is Action.reply_prompt)
    stream, workstation = stream_of(target)
    return await client.submit_job_stream(stream, workstation or "")
