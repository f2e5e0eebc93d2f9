"""What approvals need from HWA (``services.tws`` provides it) and how a target given by
a person — ``PAYROLL_01``, ``CPU1#JS_PAYROLL.PAYROLL_01`` or a plan id
``CPU1;0AAAAAAAAAAAAAB;PAYROLL_01`` — becomes exactly one job of the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from resync.approvals.actions import Action
from resync.approvals.errors import AmbiguousTarget, InvalidAction, TargetNotFound


class PlanJob(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def job_stream(self) -> str: ...
    @property
    def workstation(self) -> str: ...
    @property
    def state(self) -> Any: ...
    @property
    def is_last_in_chain(self) -> bool: ...


class PlanActions(Protocol):
    async def get_job(self, job_id: str) -> Any: ...
    async def find_jobs(self, name: str) -> Any: ...
    async def rerun(self, job_id: str) -> Any: ...
    async def cancel(self, job_id: str) -> Any: ...
    async def kill(self, job_id: str) -> Any: ...
    async def hold(self, job_id: str) -> Any: ...
    async def release(self, job_id: str) -> Any: ...
    async def confirm(self, job_id: str, outcome: str) -> Any: ...
    async def submit_job_stream(self, stream: str, workstation: str | None) -> Any: ...


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
        return TargetName(job=parts[2], workstation=parts[0], plan_id=value)
    workstation, _, rest = value.rpartition("#")
    stream, _, job = rest.rpartition(".")
    return TargetName(job=job, job_stream=stream or None, workstation=workstation or None)


def state_of(job: PlanJob) -> str:
    return str(getattr(job.state, "value", job.state))


def describe(job: PlanJob) -> str:
    return f"{job.workstation}#{job.job_stream}.{job.name} ({state_of(job)}, id {job.id})"


def snapshot(job: PlanJob) -> dict[str, Any]:
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


async def resolve_job(plan: PlanActions, text: str) -> PlanJob:
    """Exactly one job, the last of its rerun chain, or a clear error listing candidates."""
    target = parse_target(text)
    found: list[PlanJob] = list(await plan.find_jobs(target.job))
    chosen = [
        job
        for job in found
        if job.name.upper() == target.job.upper()
        and job.is_last_in_chain
        and (target.workstation is None or job.workstation.upper() == target.workstation.upper())
        and (target.job_stream is None or job.job_stream.upper() == target.job_stream.upper())
    ]
    if target.plan_id is not None:
        stream_id = target.plan_id.split(";")[1]
        chosen = [job for job in chosen if job.id.split(";")[1] == stream_id]
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


async def perform(plan: PlanActions, action: Action, job_id: str, target: str) -> Any:
    """Send the action to HWA. Called once per request, never retried."""
    if action is Action.rerun:
        return await plan.rerun(job_id)
    if action is Action.cancel:
        return await plan.cancel(job_id)
    if action is Action.kill:
        return await plan.kill(job_id)
    if action is Action.hold:
        return await plan.hold(job_id)
    if action is Action.release:
        return await plan.release(job_id)
    if action is Action.confirm_succ:
        return await plan.confirm(job_id, "SUCC")
    if action is Action.confirm_abend:
        return await plan.confirm(job_id, "ABEND")
    stream, workstation = parse_stream(target)
    return await plan.submit_job_stream(stream, workstation)
