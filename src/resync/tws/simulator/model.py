"""The simulated engine's own records: workstations, job stream and job instances."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from resync.tws.models import JobState, WorkstationType


@dataclass(slots=True)
class SimWorkstation:
    name: str
    type: WorkstationType
    os: str
    linked: bool = True
    jobman_running: bool = True
    limit: int | None = None  # jobs that may run at once; None: unlimited
    fence: int = 0
    members: list[str] = field(default_factory=list)
    running: int = 0
    node: str = ""  # the host name the agent runs on ("" for a pool)

    @property
    def available(self) -> bool:
        return self.linked and self.jobman_running


@dataclass(slots=True)
class Join:
    """``join NAME N OF … endjoin``: satisfied when ``quantity`` of its members are (0: all).

    The members are job names in a definition and chain keys (``STREAM_ID|JOB``) in the plan.
    """

    name: str
    quantity: int
    members: list[str]

    def needed(self) -> int:
        return self.quantity or len(self.members)


@dataclass(slots=True)
class JobSpec:
    """A job definition inside a job stream definition."""

    name: str
    workstation: str
    command: str
    user: str
    duration: float  # typical seconds
    follows: list[str] = field(default_factory=list)  # job names in the same stream
    external: list[tuple[str, str]] = field(default_factory=list)  # (stream, job)
    joins: list[Join] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    prompt: str | None = None
    outcome: str = "SUCC"  # planned outcome of the first run: SUCC, ABEND or FAIL
    return_code: int = 0
    abend_code: str | None = None
    failure: str = ""  # key of the failure story in joblogs
    slowing: bool = False  # gets slower day by day in the run history
    priority: int = 10


@dataclass(slots=True)
class JobStreamSpec:
    """A job stream definition (the model): what `submit` puts into the plan."""

    model_id: str
    name: str
    workstation: str
    at_offset: float  # seconds after the plan start
    jobs: list[JobSpec]
    priority: int = 10
    description: str = ""
    draft: bool = False  # a draft is neither planned nor submitted


@dataclass(slots=True)
class SimJobStream:
    id: str  # WORKSTATION;INTERNAL_ID
    internal_id: str
    name: str
    workstation: str
    scheduled: datetime
    model_id: str
    priority: int = 10
    held: bool = False
    alias: str | None = None
    at_time: datetime | None = None  # a time restriction later than the arrival
    follows: list[str] = field(default_factory=list)  # chain keys the whole stream waits on
    released_deps: set[str] = field(default_factory=set)
    job_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SimJob:
    id: str
    name: str
    stream_id: str
    stream_name: str
    stream_workstation: str
    workstation: str
    command: str
    user: str
    at_time: datetime | None
    scheduled: datetime
    duration: float  # seconds this run will take
    outcome: str = "SUCC"
    planned_rc: int = 0
    abend_code: str | None = None
    failure: str = ""
    follows: list[str] = field(default_factory=list)  # chain keys "STREAM_ID|JOB"
    joins: list[Join] = field(default_factory=list)  # released as "join:NAME"
    resources: list[str] = field(default_factory=list)
    prompt: str | None = None
    prompt_replied: bool = False
    prompt_answer: str = ""  # ANSWERED_YES / ANSWERED_NO once replied
    priority: int = 10
    state: JobState = JobState.HOLD
    held: bool = False  # operator hold
    released: bool = False  # operator removed this instance's dependencies
    released_deps: set[str] = field(default_factory=set)  # chain keys, "time", "prompt" …
    cancel_pending: bool = False  # cancelled while running: dependents already released
    confirmed: str | None = None  # operator override: SUCC or ABEND
    start: datetime | None = None
    end: datetime | None = None
    return_code: int | None = None
    rerun: int = 0
    last_in_chain: bool = True
    plan: str = "current"
    job_number: int = 0
    estimated: float = 0.0
    runner: str = ""  # the workstation (pool member) it runs on
    latest_start: datetime | None = None  # `until`: late when not started by then
    deadline: datetime | None = None  # late when not ended by then

    @property
    def chain_key(self) -> str:
        return f"{self.stream_id}|{self.name}"

    @property
    def satisfies_dependents(self) -> bool:
        return self.state is JobState.SUCC or self.cancel_pending or self.state is JobState.CANCL
