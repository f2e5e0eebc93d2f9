"""How a job is named and how a name a person types becomes a target: one place for both.

HWA's conman selector is ``WS#STREAM.JOB`` where ``WS`` is the workstation of the *job
stream* (a job may run on another workstation: PAYROLL_01 of ``MDM#JS_PAYROLL`` runs on
FTA01). Every answer, approval card and change request names a job with
:func:`job_name`; every target typed by a person — ``PAYROLL_01``, ``JS_PAYROLL.PAYROLL_01``,
``MDM#JS_PAYROLL.PAYROLL_01`` or a plan id ``MDM;0AAAAAAAAAAAAAB;PAYROLL_01`` — is read by
:func:`parse_target`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from resync.tws.models import JobInstance


class PlanJob(Protocol):
    """What naming needs of a job: a plan instance or one of its answer rows."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def job_stream(self) -> str: ...


def is_plan_id(value: str) -> bool:
    return ";" in value


def stream_workstation(job: PlanJob) -> str:
    """The job stream's workstation: the first part of the plan id ``WS;JSID;JOB``."""
    return job.id.split(";", 1)[0]


def job_name(job: PlanJob) -> str:
    """``WS#STREAM.JOB`` as conman writes it (WS = the job stream's workstation)."""
    return f"{stream_workstation(job)}#{job.job_stream}.{job.name}"


def stream_name(workstation: str, stream: str) -> str:
    """``WS#STREAM``, a job stream as conman writes it."""
    return f"{workstation}#{stream}"


@dataclass(frozen=True)
class TargetName:
    """A job as a person named it; the parts they left out are None."""

    job: str
    job_stream: str | None = None
    workstation: str | None = None
    plan_id: str | None = None

    def matches(self, job: PlanJob, workstation: str) -> bool:
        """Whether ``job`` (running on ``workstation``) is one this name can mean."""
        if job.name.upper() != self.job.upper():
            return False
        if self.job_stream is not None and job.job_stream.upper() != self.job_stream.upper():
            return False
        wanted = self.workstation.upper() if self.workstation else None
        return wanted is None or wanted in (workstation.upper(), stream_workstation(job).upper())


class InvalidTarget(ValueError):
    """The text cannot name a job (empty, or a malformed plan id)."""


def parse_target(text: str) -> TargetName:
    """``JOB``, ``STREAM.JOB``, ``WS#STREAM.JOB`` or a plan id ``WS;JSID;JOB[;N]``."""
    value = text.strip()
    if not value:
        raise InvalidTarget("name the job: JOB, WS#STREAM.JOB or a plan id")
    if is_plan_id(value):
        parts = value.split(";")
        if len(parts) < 3 or not all(parts[:3]):
            raise InvalidTarget(f"invalid plan id {value!r} (expected WS;JSID;JOB)")
        return TargetName(job=parts[2], workstation=parts[0], plan_id=value)
    workstation, _, rest = value.rpartition("#")
    stream, _, job = rest.rpartition(".")
    if not job:
        raise InvalidTarget(f"{value!r} names no job (expected JOB or WS#STREAM.JOB)")
    return TargetName(job=job, job_stream=stream or None, workstation=workstation or None)


def parse_stream(text: str) -> tuple[str, str | None]:
    """``WS#STREAM`` or ``STREAM`` → (STREAM, WS or None); None when it is not a stream."""
    workstation, _, stream = text.strip().rpartition("#")
    if not stream or "." in stream or ";" in stream:
        raise InvalidTarget(f"{text!r} is not a job stream (expected WS#STREAM or STREAM)")
    return stream.upper(), workstation.upper() or None


def select_jobs(found: Iterable[JobInstance], target: TargetName) -> list[JobInstance]:
    """The last instance of each rerun chain in ``found`` that ``target`` can mean."""
    stream_id = ";".join(target.plan_id.split(";")[:2]).upper() if target.plan_id else None
    return [
        job
        for job in found
        if job.is_last_in_chain
        and target.matches(job, job.workstation)
        and (stream_id is None or job.id.upper().startswith(stream_id + ";"))
    ]
