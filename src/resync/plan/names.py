"""How a job is named and how a name a person types becomes a target: one place for both.

HWA's conman selector is ``WS#STREAM.JOB`` where ``WS`` is the workstation of the *job
stream* (a job may run on another workstation: PAYROLL_01 of ``MDM#JS_PAYROLL`` runs on
FTA01). Every answer, approval card and change request names a job with
:func:`job_name`, from the job's fields (the plan id is the engine's and opaque: a UUID
on a documented v2 engine); every target typed by a person — ``PAYROLL_01``,
``JS_PAYROLL.PAYROLL_01``, ``MDM#JS_PAYROLL.PAYROLL_01``, a plan id the engine gave or an
older engine's composite ``MDM;0AAAAAAAAAAAAAB;PAYROLL_01`` — is read by :func:`parse_target`.
"""

from __future__ import annotations

import uuid
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

    @property
    def job_stream_workstation(self) -> str: ...


def is_uuid(value: str) -> bool:
    """Whether ``value`` is a UUID (a documented v2 engine's plan id)."""
    text = value.strip()
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return len(text) == 36


def is_plan_id(value: str) -> bool:
    """A plan id: a UUID, or an older engine's composite ``WS;JSID;JOB``."""
    return ";" in value or is_uuid(value)


def stream_workstation(job: PlanJob) -> str:
    """The job stream's workstation (conman's ``WS`` in ``WS#STREAM.JOB``)."""
    return job.job_stream_workstation


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
    job_stream_id: str | None = None  # the job stream instance, when the target says it

    @property
    def needs_lookup(self) -> bool:
        """A UUID plan id: only the engine knows the job it names (see :func:`instance_target`)."""
        return bool(self.plan_id) and not self.job

    def matches(self, job: PlanJob, workstation: str) -> bool:
        """Whether ``job`` (running on ``workstation``) is one this name can mean."""
        if job.name.upper() != self.job.upper():
            return False
        if self.job_stream is not None and job.job_stream.upper() != self.job_stream.upper():
            return False
        wanted = self.workstation.upper() if self.workstation else None
        return wanted is None or wanted in (workstation.upper(), stream_workstation(job).upper())

    def same_stream(self, job: JobInstance) -> bool:
        """Whether ``job`` is in the job stream instance the target names (if it names one).

        An older engine's composite stream id is compared with the engine's ids only when
        those are composite too; against UUIDs the name and workstation decide."""
        wanted = self.job_stream_id
        if not wanted:
            return True
        if ";" in wanted and ";" not in job.job_stream_id:
            return True
        return job.job_stream_id.upper() == wanted.upper()


class InvalidTarget(ValueError):
    """The text cannot name a job (empty, or a malformed plan id)."""


def parse_target(text: str) -> TargetName:
    """``JOB``, ``STREAM.JOB``, ``WS#STREAM.JOB``, a UUID plan id or a composite one
    ``WS;JSID;JOB[;N]`` (an older engine's, or typed from conman)."""
    value = text.strip()
    if not value:
        raise InvalidTarget("name the job: JOB, WS#STREAM.JOB or a plan id")
    if is_uuid(value):  # case-insensitive; engines write them in lower case
        return TargetName(job="", plan_id=value.lower())
    if is_plan_id(value):
        parts = value.split(";")
        if len(parts) < 3 or not all(parts[:3]):
            raise InvalidTarget(f"invalid plan id {value!r} (expected WS;JSID;JOB)")
        return TargetName(
            job=parts[2], workstation=parts[0], plan_id=value, job_stream_id=";".join(parts[:2])
        )
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


def instance_target(job: JobInstance) -> TargetName:
    """The target naming ``job``'s rerun chain exactly (what a plan id the engine gave means)."""
    return TargetName(
        job=job.name,
        job_stream=job.job_stream,
        workstation=job.job_stream_workstation or None,
        plan_id=job.id,
        job_stream_id=job.job_stream_id,
    )


def select_jobs(found: Iterable[JobInstance], target: TargetName) -> list[JobInstance]:
    """The last instance of each rerun chain in ``found`` that ``target`` can mean."""
    return [
        job
        for job in found
        if job.is_last_in_chain and target.matches(job, job.workstation) and target.same_stream(job)
    ]
