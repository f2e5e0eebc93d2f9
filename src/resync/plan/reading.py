"""Reading the plan for the plan tools: resolving a job name, states, windows, lateness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from resync.errors import BadRequest
from resync.plan.lookup import chosen_jobs
from resync.plan.names import InvalidTarget, parse_target
from resync.plan.schemas import JobRow, WindowOut
from resync.plan.windows import PlanClock, TimeWindow, window_for
from resync.tws.client import HWAClient, PlanScope
from resync.tws.errors import TWSError
from resync.tws.models import JobInstance, JobState

MAX_JOBS = 5000
LATE_FACTOR = 1.5  # running longer than 150 % of the estimate …
LATE_MARGIN_S = 600.0  # … and at least 10 minutes over it
WAITING_STATES = (JobState.HOLD, JobState.READY, JobState.SCHED, JobState.WAIT)  # not started

_STATE_ALIASES: dict[str, tuple[JobState, ...]] = {
    "CANCEL": (JobState.CANCL,),
    "CANCELED": (JobState.CANCL,),
    "CANCELLED": (JobState.CANCL,),
    "RUNNING": (JobState.EXEC,),
    "FAILED": (JobState.ABEND, JobState.FAIL, JobState.ERROR),
    "FAILURE": (JobState.ABEND, JobState.FAIL, JobState.ERROR),
    "ERROR": (JobState.ABEND, JobState.FAIL, JobState.ERROR),
    "SUCCESS": (JobState.SUCC,),
    "SUCCESSFUL": (JobState.SUCC,),
    "WAITING": WAITING_STATES,
}


class InvalidPlanQuery(BadRequest):
    code = "invalid_plan_query"


def job_states(values: Iterable[str] | None) -> list[JobState]:
    """Job states from what an operator or a model wrote (ABEND, cancel, running …)."""
    states: list[JobState] = []
    for value in values or ():
        text = value.strip().upper()
        if text in _STATE_ALIASES:
            chosen: tuple[JobState, ...] = _STATE_ALIASES[text]
        else:
            try:
                chosen = (JobState(text),)
            except ValueError:
                known = ", ".join(s.value for s in JobState)
                raise InvalidPlanQuery(f"unknown job state {value!r}; use one of {known}") from None
        states.extend(s for s in chosen if s not in states)
    return states


async def plan_clock(tws: HWAClient) -> PlanClock:
    return PlanClock.from_engine(await tws.engine_info())


async def plan_zone(tws: HWAClient) -> ZoneInfo:
    """The plan's time zone, the one every answer writes times in; UTC when HWA does not
    say (or does not answer: the caller has its data already)."""
    try:
        return (await plan_clock(tws)).zone
    except TWSError:
        return ZoneInfo("UTC")


def time_window(name: str | None, clock: PlanClock, language: str) -> TimeWindow:
    try:
        return window_for(name, clock)
    except ValueError as exc:
        raise InvalidPlanQuery(str(exc)) from None


def window_out(window: TimeWindow, language: str) -> WindowOut:
    return WindowOut(
        name=window.name, start=window.start, end=window.end, label=window.label(language)
    )


class JobSelection:
    """The jobs a plan query matched, oldest start first, and their count by state.

    Computed once per cached HWA read (see :meth:`HWAClient.job_view`) and shared by
    every answer built from that read, so it is read-only; rows are built on demand.
    """

    __slots__ = ("_rows", "by_state", "jobs")

    def __init__(self, jobs: tuple[JobInstance, ...]) -> None:
        self.jobs = jobs
        self.by_state: Mapping[str, int] = MappingProxyType(
            dict(Counter(job.state.value for job in jobs).most_common())
        )
        self._rows: list[JobRow] = []

    def rows(self, limit: int) -> list[JobRow]:
        """Rows of the first ``limit`` jobs (built once; :class:`JobRow` is immutable)."""
        wanted = min(limit, len(self.jobs))
        built = self._rows
        built.extend(JobRow.of(job) for job in self.jobs[len(built) : wanted])
        return built[:limit]


async def jobs_in_window(
    tws: HWAClient,
    clock: PlanClock,
    window: TimeWindow,
    *,
    name: str | None = None,
    stream: str | None = None,
    workstation: str | None = None,
    states: list[JobState] | None = None,
) -> JobSelection:
    """Jobs matching the filters, the last of each rerun chain, oldest start first.

    The whole current plan (no window, or "today") includes jobs that have not started;
    any other window keeps the jobs that started inside it — or, when only ended states
    are asked for, that ended inside it — reading the archived plan days when the window
    reaches before the current plan.
    """
    filters: dict[str, Any] = {
        "name": name,
        "stream": stream,
        "workstation": workstation,
        "states": states or None,
    }
    view = _last_in_chain_by_start
    if window.whole_current_plan:
        return await tws.job_view(view, **filters, limit=MAX_JOBS)
    if states and window.start is not None and set(states) <= _ENDED:
        # "o que abendou na última meia hora": what *ended* inside the window, though it
        # may have started long before (a job killed after hours of running)
        since = window.start - ENDED_LOOKBACK
        scope: PlanScope = "all" if since < clock.plan_start else "current"

        def ended_inside(jobs: tuple[JobInstance, ...]) -> JobSelection:
            kept = (j for j in jobs if window.contains(j.end_time or j.start_time))
            return _last_in_chain_by_start(tuple(kept))

        return await tws.job_view(
            ended_inside, **filters, since=since, until=window.end, limit=MAX_JOBS, plan=scope
        )
    scope = "all" if window.reaches_before(clock.plan_start) else "current"
    return await tws.job_view(
        view, **filters, since=window.start, until=window.end, limit=MAX_JOBS, plan=scope
    )


_ENDED = frozenset(
    {JobState.ABEND, JobState.FAIL, JobState.ERROR, JobState.SUCC, JobState.CANCL, JobState.DONE}
)
ENDED_LOOKBACK = timedelta(hours=24)  # how long before a window an ended job may have started


def _last_in_chain_by_start(jobs: tuple[JobInstance, ...]) -> JobSelection:
    return JobSelection(tuple(sorted((j for j in jobs if j.is_last_in_chain), key=_start_key)))


def _start_key(job: JobInstance) -> tuple[int, datetime, str]:
    moment = job.start_time or job.scheduled_time
    if moment is None:
        return (1, datetime.max, job.name)
    return (0, moment.replace(tzinfo=None), job.name)


class PlanJobs:
    """The current plan's jobs at a glance (last of each rerun chain): counts and the
    failed, late and prompt-waiting ones. One per cached HWA read, shared: read-only."""

    __slots__ = ("by_state", "failed", "late", "prompts_waiting", "total")

    def __init__(self, jobs: tuple[JobInstance, ...]) -> None:
        last = [j for j in jobs if j.is_last_in_chain]
        failed = sorted(
            (j for j in last if j.state.is_failure),
            key=lambda j: (j.end_time or j.start_time, j.name),
        )
        prompts = [
            j
            for j in last
            if not j.state.is_final
            and any(d.kind.value == "prompt" for d in j.pending_dependencies)
        ]
        self.total = len(last)
        self.by_state: Mapping[str, int] = MappingProxyType(
            dict(Counter(j.state.value for j in last).most_common())
        )
        self.failed = tuple(rows(failed))
        self.late = tuple(rows(j for j in last if is_late(j)))
        self.prompts_waiting = tuple(rows(prompts))


async def find_job(
    tws: HWAClient, target: str, stream: str | None = None, workstation: str | None = None
) -> list[JobInstance]:
    """The current plan's instances (last of each rerun chain) a person means by ``target``;
    ``stream`` and ``workstation`` narrow a bare job name."""
    try:
        name = parse_target(target)
    except InvalidTarget as exc:
        raise InvalidPlanQuery(str(exc)) from None
    name = replace(
        name,
        job_stream=name.job_stream or stream or None,
        workstation=name.workstation or workstation or None,
    )
    return await chosen_jobs(tws, name)


def is_late(job: JobInstance) -> bool:
    if job.state is not JobState.EXEC or not job.estimated_duration or job.duration is None:
        return False
    over = max(job.estimated_duration * LATE_FACTOR, job.estimated_duration + LATE_MARGIN_S)
    return job.duration > over


def rows(jobs: Iterable[JobInstance]) -> list[JobRow]:
    return [JobRow.of(job) for job in jobs]
