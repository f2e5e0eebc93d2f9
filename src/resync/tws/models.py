"""Resync's own view of an HWA plan: jobs, job streams, workstations, logs, dependencies.

Nothing outside :mod:`resync.tws.mapping` reads raw API JSON; everything else works on
these types. A plan id is the engine's, opaque: a UUID on a documented v2 engine, a
composite ``WS;JSID;JOB`` on older ones. Nothing reads a workstation, a job stream or a
rerun chain out of it: those are fields (``job_stream_workstation``, ``job_stream_id``,
:attr:`JobInstance.chain_id`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class JobState(StrEnum):
    """Job states as conman shows them."""

    ABEND = "ABEND"  # ended with a non-zero return code
    ABENP = "ABENP"  # abend confirmation received, job not complete
    ADD = "ADD"  # being submitted
    CANCL = "CANCL"  # cancelled
    DONE = "DONE"  # completed, state unknown
    ERROR = "ERROR"
    EXEC = "EXEC"  # running
    EXTRN = "EXTRN"  # external dependency, status unknown
    FAIL = "FAIL"  # could not be launched
    FENCE = "FENCE"  # priority below the workstation fence
    HOLD = "HOLD"  # waiting for dependencies
    INTRO = "INTRO"  # introduced for launch
    PEND = "PEND"  # completed, awaiting confirmation
    READY = "READY"  # dependencies resolved, ready to launch
    SCHED = "SCHED"  # `at` time not reached
    SUCC = "SUCC"  # ended with exit 0
    SUCCP = "SUCCP"  # SUCC confirmation received, job not complete
    SUPPR = "SUPPR"  # suppressed by a condition
    WAIT = "WAIT"

    @property
    def is_final(self) -> bool:
        return self in _FINAL_JOB_STATES

    @property
    def is_failure(self) -> bool:
        return self in (JobState.ABEND, JobState.FAIL, JobState.ERROR)


_FINAL_JOB_STATES = frozenset(
    {JobState.ABEND, JobState.CANCL, JobState.DONE, JobState.FAIL, JobState.SUCC, JobState.SUPPR}
)


class JobStreamState(StrEnum):
    ABEND = "ABEND"
    ADD = "ADD"
    CANCELP = "CANCELP"
    ERROR = "ERROR"
    EXEC = "EXEC"
    EXTRN = "EXTRN"
    HOLD = "HOLD"
    READY = "READY"
    STUCK = "STUCK"  # needs operator intervention
    SUCC = "SUCC"
    SUPPR = "SUPPR"


class CommonStatus(StrEnum):
    """The console's status, shared by jobs and job streams."""

    WAITING = "WAITING"
    READY = "READY"
    RUNNING = "RUNNING"
    SUCCESSFUL = "SUCCESSFUL"
    ERROR = "ERROR"
    CANCELED = "CANCELED"
    HELD = "HELD"
    UNDECIDED = "UNDECIDED"
    BLOCKED = "BLOCKED"
    SUPPRESSED = "SUPPRESSED"


class WorkstationType(StrEnum):
    FTA = "fta"
    S_AGENT = "s-agent"
    X_AGENT = "x-agent"
    MANAGER = "manager"
    BROKER = "broker"
    AGENT = "agent"
    REM_ENG = "rem-eng"
    POOL = "pool"
    D_POOL = "d-pool"


class DependencyKind(StrEnum):
    FOLLOWS = "follows"
    RESOURCE = "resource"
    PROMPT = "prompt"
    AT = "at"
    FILE = "file"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, use_enum_values=False)


class Dependency(_Model):
    """One dependency between a job and something it waits on (or that waits on it)."""

    kind: DependencyKind
    job_id: str | None = None  # the job on the other side of a follows dependency
    job_name: str | None = None
    job_stream: str | None = None
    job_stream_id: str | None = None
    job_stream_time: datetime | None = None  # the other job stream's scheduled time
    workstation: str | None = None
    state: JobState | None = None  # state of the other job
    satisfied: bool = False
    detail: str = ""  # resource name, prompt text, `at` time …


class JobInstance(_Model):
    id: str
    name: str
    job_stream: str
    job_stream_id: str
    workstation: str  # where the job runs
    state: JobState
    common_status: CommonStatus
    job_stream_workstation: str = ""  # the job stream's (conman's WS in WS#STREAM.JOB)
    return_code: int | None = None
    abend_code: str | None = None  # z/OS style (S0C4, U0016) when the engine reports one
    start_time: datetime | None = None
    end_time: datetime | None = None
    duration: float | None = None  # seconds
    scheduled_time: datetime | None = None  # the job stream's input arrival / `at`
    estimated_duration: float | None = None
    latest_start: datetime | None = None  # `until`: late when not started by then
    deadline: datetime | None = None  # late when not ended by then
    priority: int = 10
    rerun_count: int = 0
    is_last_in_chain: bool = True
    held: bool = False
    command: str | None = None
    plan: str = "current"  # "current" or an archived plan day (YYYY-MM-DD)
    dependencies: list[Dependency] = Field(default_factory=list)

    @property
    def pending_dependencies(self) -> list[Dependency]:
        return [d for d in self.dependencies if not d.satisfied]

    @property
    def chain_id(self) -> str:
        """The rerun chain's identity: every run of the job in its job stream instance
        (the instance alone when the engine did not say which job stream it is in)."""
        return chain_id(self.job_stream_id, self.name) if self.job_stream_id else self.id


def chain_id(job_stream_id: str, name: str) -> str:
    """``JOB_STREAM_ID;JOB`` (on an engine with composite ids, the first run's id)."""
    return f"{job_stream_id};{name}"


class JobStreamInstance(_Model):
    id: str
    name: str
    workstation: str
    state: JobStreamState
    common_status: CommonStatus
    start_time: datetime | None = None  # input arrival / scheduled time
    actual_start: datetime | None = None
    end_time: datetime | None = None
    job_count: int = 0
    jobs_by_state: dict[str, int] = Field(default_factory=dict)
    priority: int = 10
    held: bool = False


class Workstation(_Model):
    name: str
    type: WorkstationType
    linked: bool
    jobman_running: bool
    os: str = ""
    domain: str = "MASTERDM"
    fence: int = 0
    limit: int | None = None
    members: list[str] = Field(default_factory=list)  # pool members
    running_jobs: int = 0

    @property
    def available(self) -> bool:
        return self.linked and self.jobman_running


class JobLog(_Model):
    job_id: str
    text: str
    from_line: int = 1
    to_line: int | None = None
    total_lines: int = 0

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


class EngineInfo(_Model):
    engine_name: str
    version: str
    plan_start: datetime | None = None
    plan_end: datetime | None = None
    master: str = ""
    time_zone: str = "UTC"
    current_time: datetime | None = None  # the engine's clock when it answered, if it says
    simulated: bool = False
    host: str = ""  # the base URL that answered


class ActionResult(_Model):
    action: str
    target: str
    accepted: bool = True
    status_code: int = 200
    messages: list[str] = Field(default_factory=list)
    new_ids: list[str] = Field(default_factory=list)  # rerun instances, submitted streams


ConfirmOutcome = Literal["SUCC", "ABEND"]
