"""What the plan tools return: compact, JSON-friendly views of the HWA plan.

The same objects feed the deterministic handlers (as Python objects) and the LLM (as JSON,
see :func:`resync.agents.tools._result_text`), so they stay small: a job row carries what an
operator reads in a table, not the whole instance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from resync.plan.names import job_name, stream_workstation
from resync.tws.models import (
    Dependency,
    DependencyKind,
    JobInstance,
    JobStreamInstance,
    Workstation,
)


class JobRow(BaseModel):
    """One job as a table shows it. Immutable: rows are shared by answers read from one
    cached plan read (see :class:`resync.plan.reading.JobSelection`)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    job_stream: str
    workstation: str
    state: str
    job_stream_workstation: str = ""
    return_code: int | None = None
    abend_code: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    duration_s: float | None = None
    estimated_s: float | None = None
    scheduled: datetime | None = None
    held: bool = False
    rerun_count: int = 0
    plan: str = "current"

    @classmethod
    def of(cls, job: JobInstance) -> JobRow:
        return cls(
            id=job.id,
            name=job.name,
            job_stream=job.job_stream,
            workstation=job.workstation,
            state=job.state.value,
            job_stream_workstation=job.job_stream_workstation,
            return_code=job.return_code,
            abend_code=job.abend_code,
            start=job.start_time,
            end=job.end_time,
            duration_s=job.duration,
            estimated_s=job.estimated_duration,
            scheduled=job.scheduled_time,
            held=job.held,
            rerun_count=job.rerun_count,
            plan=job.plan,
        )

    @property
    def stream_workstation(self) -> str:
        return stream_workstation(self)

    @property
    def full_name(self) -> str:
        """``WS#STREAM.JOB`` as conman writes it (see :func:`resync.plan.names.job_name`)."""
        return job_name(self)


class WindowOut(BaseModel):
    name: str
    start: datetime | None = None
    end: datetime | None = None
    label: str


class JobListResult(BaseModel):
    filters: dict[str, Any]
    window: WindowOut
    total: int  # jobs matched (rows may be fewer)
    by_state: dict[str, int]
    jobs: list[JobRow]
    time_zone: str = "UTC"


class Wait(BaseModel):
    """One thing a job waits on (or that waits on it)."""

    kind: str  # follows, resource, prompt, at, file, hold, dependent
    what: str  # job name (WS#STREAM.JOB), resource, prompt text, time
    state: str | None = None  # the other job's state
    satisfied: bool = False
    job_id: str | None = None
    # A root of the chain (``JobLookup.blocked_by``): the job it holds up directly, the
    # wait there (prompt text, resource, file, start time) and the jobs holding the room.
    job: str | None = None
    detail: str | None = None
    holders: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, dep: Dependency) -> Wait:
        if dep.kind is DependencyKind.FOLLOWS:
            what = dep.job_name or "?"
            if dep.job_stream:
                what = f"{dep.job_stream}.{what}"
        else:
            what = dep.detail or dep.kind.value
        return cls(
            kind=dep.kind.value,
            what=what,
            state=dep.state.value if dep.state else None,
            satisfied=dep.satisfied,
            job_id=dep.job_id,
        )


class JobLookup(BaseModel):
    """One job of the plan by name, with its waits; ``candidates`` when the name is ambiguous."""

    query: str
    found: int
    job: JobRow | None = None
    candidates: list[JobRow] = Field(default_factory=list)
    waits_on: list[Wait] = Field(default_factory=list)  # unsatisfied dependencies, holds
    satisfied: list[Wait] = Field(default_factory=list)
    dependents: list[Wait] = Field(default_factory=list)  # jobs that follow this one
    # what blocks the chain further up (a failed or held predecessor at any depth, a down
    # or full workstation, a prompt, resource or start time at the root of the chain)
    blocked_by: list[Wait] = Field(default_factory=list)
    earlier: list[JobRow] = Field(default_factory=list)  # runs before a rerun, latest first
    time_zone: str = "UTC"
    now: datetime | None = None  # the plan's time when it was read


class ResourceUse(BaseModel):
    """Who holds a resource and who waits for it (``get_resource``)."""

    resource: str
    holders: list[str] = Field(default_factory=list)  # running jobs holding a unit
    waiting: list[str] = Field(default_factory=list)  # jobs not started waiting for one


class WorkstationRow(BaseModel):
    name: str
    type: str
    linked: bool
    jobman_running: bool
    available: bool
    running_jobs: int
    os: str = ""
    limit: int | None = None
    fence: int = 0
    members: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, ws: Workstation) -> WorkstationRow:
        return cls(
            name=ws.name,
            type=ws.type.value,
            linked=ws.linked,
            jobman_running=ws.jobman_running,
            available=ws.available,
            running_jobs=ws.running_jobs,
            os=ws.os,
            limit=ws.limit,
            fence=ws.fence,
            members=list(ws.members),
        )


class RunRow(BaseModel):
    plan: str
    start: datetime | None
    end: datetime | None
    duration_s: float | None
    state: str
    return_code: int | None = None


class JobHistoryResult(BaseModel):
    job: str
    window: WindowOut
    runs: list[RunRow]
    count: int
    average_s: float | None = None
    min_s: float | None = None
    max_s: float | None = None
    first_half_average_s: float | None = None
    second_half_average_s: float | None = None
    trend_pct: float | None = None  # second half vs first half of the window, in percent
    failures: int = 0
    time_zone: str = "UTC"


class DurationTrend(BaseModel):
    job: str
    job_stream: str
    workstation: str
    runs: int
    first_average_s: float
    last_average_s: float
    change_pct: float  # last days vs first days of the window
    slope_pct_per_day: float  # least-squares slope relative to the mean


class DurationTrendsResult(BaseModel):
    window: WindowOut
    direction: str  # slower or faster
    plan_days: int  # archived plan days with runs in the window
    jobs_compared: int
    jobs: list[DurationTrend]


class StreamRow(BaseModel):
    id: str
    name: str
    workstation: str
    state: str
    job_count: int
    jobs_by_state: dict[str, int]
    held: bool = False
    start: datetime | None = None

    @classmethod
    def of(cls, stream: JobStreamInstance) -> StreamRow:
        return cls(
            id=stream.id,
            name=stream.name,
            workstation=stream.workstation,
            state=stream.state.value,
            job_count=stream.job_count,
            jobs_by_state=stream.jobs_by_state,
            held=stream.held,
            start=stream.start_time,
        )


class PlanOverview(BaseModel):
    plan_start: datetime
    plan_end: datetime
    now: datetime
    time_zone: str
    engine: str
    total_jobs: int
    jobs_by_state: dict[str, int]
    streams_by_state: dict[str, int]
    failed_jobs: list[JobRow]  # ABEND / FAIL / ERROR, last of each rerun chain
    late_jobs: list[JobRow]  # running well past their estimated duration
    prompts_waiting: list[JobRow]  # waiting on an unanswered prompt
    stuck_streams: list[StreamRow]
    unavailable_workstations: list[WorkstationRow]


class BlockedJob(BaseModel):
    """A job held up by another (``job_impact``)."""

    id: str
    name: str
    job_stream: str
    workstation: str
    state: str
    direct: bool  # waits on the job itself, not through others


class JobDeadline(BaseModel):
    """A held-up job's deadline (``job_impact``)."""

    name: str
    deadline: datetime


class ImpactResult(BaseModel):
    """What a job holds up downstream, transitively."""

    lookup: JobLookup  # the job asked about (``lookup.job`` None: not one job)
    total: int = 0  # jobs held up (``blocked`` may show fewer)
    direct: int = 0
    by_stream: dict[str, int] = Field(default_factory=dict)
    blocked: list[BlockedJob] = Field(default_factory=list)
    complete: bool = True  # False: the walk stopped at its limit
    # The deadlines the held-up jobs will miss while it holds them, soonest first.
    deadlines: list[JobDeadline] = Field(default_factory=list)
