"""The plan tools: read the HWA plan, and ask (never make) plan changes.

Registered on ``services.tools`` by :func:`register_plan_tools`. Each docstring is the
description the LLM reads. Read tools call the HWA client; ``request_plan_change`` only
creates an approval request (``services.approvals``): a person approves it, and the
approval service executes it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime, timedelta
from typing import Any, Literal

from resync.agents.tools import ToolContext, ToolKind, ToolRegistry
from resync.approvals.service import MIN_JUSTIFICATION, ApprovalService
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.errors import Forbidden, ServiceUnavailable
from resync.plan.reading import (
    MAX_JOBS,
    InvalidPlanQuery,
    PlanJobs,
    find_job,
    job_states,
    jobs_in_window,
    plan_clock,
    rows,
    time_window,
    window_out,
)
from resync.plan.schemas import (
    DurationTrend,
    DurationTrendsResult,
    JobHistoryResult,
    JobListResult,
    JobLookup,
    JobRow,
    PlanOverview,
    RunRow,
    StreamRow,
    Wait,
    WorkstationRow,
)
from resync.plan.windows import PlanClock
from resync.tws.client import HWAClient
from resync.tws.models import JobInstance, JobState, JobStreamState

PlanAction = Literal[
    "rerun", "cancel", "kill", "hold", "release", "confirm_succ", "confirm_abend", "submit"
]
TrendDirection = Literal["slower", "faster"]


class ChangeNotAllowed(Forbidden):
    code = "plan_change_not_allowed"


def _tws(context: ToolContext) -> HWAClient:
    client: HWAClient = context.services.tws
    return client


async def list_jobs(
    context: ToolContext,
    state: list[str] | None = None,
    job_stream: str | None = None,
    workstation: str | None = None,
    name: str | None = None,
    window: str | None = None,
    limit: int = 50,
) -> JobListResult:
    """List jobs of the HWA plan by state, job stream, workstation, name and time window.

    Only the last instance of each rerun chain is listed. Without a window (or with
    "today") the whole current plan is searched, including jobs not started yet; other
    windows keep the jobs that started inside them and read previous plan days too.

    Args:
        state: job states to keep, e.g. ["ABEND"], ["EXEC"], ["HOLD", "READY"];
            also FAILED, RUNNING, WAITING.
        job_stream: job stream name (e.g. JS_NIGHTLY); * as wildcard.
        workstation: workstation the jobs run on (e.g. AGT01); * as wildcard.
        name: job name (e.g. PAYROLL_01); * as wildcard.
        window: plan, today, yesterday, last_hour, last_24_hours, shift, this_week,
            last_7_days, last_30_days or last_<N>_hours.
        limit: most rows to return (the total is always given).
    """
    tws = _tws(context)
    clock = await plan_clock(tws)
    chosen = time_window(window, clock, context.language)
    states = job_states(state)
    selection = await jobs_in_window(
        tws,
        clock,
        chosen,
        name=name,
        stream=job_stream,
        workstation=workstation,
        states=states,
    )
    filters = {
        "state": [s.value for s in states] or None,
        "job_stream": job_stream,
        "workstation": workstation,
        "name": name,
    }
    return JobListResult(
        filters={key: value for key, value in filters.items() if value},
        window=window_out(chosen, context.language),
        total=len(selection.jobs),
        by_state=dict(selection.by_state),
        jobs=selection.rows(max(1, min(limit, MAX_JOBS))),
        time_zone=clock.zone.key,
    )


async def _lookup(
    context: ToolContext, job: str, job_stream: str | None, workstation: str | None
) -> tuple[JobLookup, JobInstance | None]:
    tws = _tws(context)
    clock = await plan_clock(tws)
    found = await find_job(tws, job, job_stream, workstation)
    lookup = JobLookup(query=job, found=len(found), time_zone=clock.zone.key)
    if len(found) != 1:
        lookup.candidates = rows(found[:20])
        return lookup, None
    instance = found[0]
    lookup.job = JobRow.of(instance)
    if not instance.state.is_final and instance.state is not JobState.EXEC:
        lookup.waits_on = [Wait.of(d) for d in instance.pending_dependencies]
        if instance.held:
            lookup.waits_on.insert(0, Wait(kind="hold", what="job em HOLD pelo operador"))
    return lookup, instance


async def get_job_status(
    context: ToolContext, job: str, job_stream: str | None = None, workstation: str | None = None
) -> JobLookup:
    """Current state of one job of the plan: state, times, return code, job stream,
    workstation and, when it has not run yet, what it is waiting for.

    When the name matches several jobs (one per job stream), ``candidates`` lists them:
    ask which one, or pass job_stream / workstation.

    Args:
        job: job name, STREAM.JOB, WS#STREAM.JOB or plan id.
        job_stream: job stream to pick among several jobs with this name.
        workstation: workstation to pick among several jobs with this name.
    """
    lookup, _ = await _lookup(context, job, job_stream, workstation)
    return lookup


async def get_job_dependencies(
    context: ToolContext, job: str, job_stream: str | None = None, workstation: str | None = None
) -> JobLookup:
    """What a job is waiting for (predecessors not yet complete, resources, prompts, `at`
    times, holds) and which jobs depend on it (its successors).

    Args:
        job: job name, STREAM.JOB, WS#STREAM.JOB or plan id.
        job_stream: job stream to pick among several jobs with this name.
        workstation: workstation to pick among several jobs with this name.
    """
    lookup, instance = await _lookup(context, job, job_stream, workstation)
    if instance is None:
        return lookup
    lookup.waits_on = [w for w in lookup.waits_on if w.kind == "hold"]
    lookup.waits_on += [Wait.of(d) for d in instance.dependencies if not d.satisfied]
    lookup.satisfied = [Wait.of(d) for d in instance.dependencies if d.satisfied]
    successors = await _tws(context).successors(instance.id, depth=1)
    lookup.dependents = [
        Wait(
            kind="dependent",
            what=f"{d.job_stream}.{d.job_name}" if d.job_stream else d.job_name or "?",
            state=d.state.value if d.state else None,
            satisfied=d.satisfied,
            job_id=d.job_id,
        )
        for d in successors
    ]
    return lookup


async def list_workstations(context: ToolContext, name: str | None = None) -> list[WorkstationRow]:
    """Workstations of the plan: type, linked, jobman running, available, running jobs.

    Args:
        name: only this workstation (exact name, e.g. AGT01).
    """
    found = await _tws(context).list_workstations()
    wanted = name.strip().upper() if name else None
    return [WorkstationRow.of(ws) for ws in found if wanted is None or ws.name.upper() == wanted]


async def job_history(
    context: ToolContext, job: str, window: str = "last_7_days"
) -> JobHistoryResult:
    """Completed runs of a job over previous plan days and today: durations, average,
    minimum, maximum, failures and the trend (second half of the window vs the first).

    Args:
        job: job name (e.g. PAYROLL_01).
        window: last_7_days (default), this_week, last_30_days, yesterday, today, last_24_hours.
    """
    tws = _tws(context)
    clock = await plan_clock(tws)
    chosen = time_window(window, clock, context.language)
    if chosen.start is None:
        chosen = time_window("last_7_days", clock, context.language)
    name = job.strip().split(".")[-1].split("#")[-1].upper()
    runs = await tws.job_history(name, since=chosen.start or clock.plan_start, until=chosen.end)
    durations = [r.duration for r in runs if r.duration is not None]
    result = JobHistoryResult(
        job=name,
        window=window_out(chosen, context.language),
        runs=[
            RunRow(
                plan=r.plan if r.plan != "current" else clock.plan_start.date().isoformat(),
                start=r.start_time,
                end=r.end_time,
                duration_s=r.duration,
                state=r.state.value,
                return_code=r.return_code,
            )
            for r in runs
        ],
        count=len(runs),
        failures=sum(1 for r in runs if r.state.is_failure),
        time_zone=clock.zone.key,
    )
    if durations:
        result.average_s = round(statistics.fmean(durations), 1)
        result.min_s, result.max_s = min(durations), max(durations)
    if len(durations) >= 2:
        half = len(durations) // 2
        first, second = statistics.fmean(durations[:half]), statistics.fmean(durations[half:])
        result.first_half_average_s, result.second_half_average_s = (
            round(first, 1),
            round(second, 1),
        )
        result.trend_pct = round((second / first - 1) * 100, 1) if first else None
    return result


async def duration_trends(
    context: ToolContext,
    window: str = "last_7_days",
    direction: TrendDirection = "slower",
    job_stream: str | None = None,
    top: int = 10,
) -> DurationTrendsResult:
    """Jobs whose run time changed most over previous plan days (which got slower or faster).

    Compares the average duration of the last days of the window with the first days,
    over completed runs of the archived plan days.

    Args:
        window: last_7_days (default), this_week or last_30_days.
        direction: slower (default) or faster.
        job_stream: only jobs of this job stream.
        top: how many jobs to return.
    """
    tws = _tws(context)
    clock = await plan_clock(tws)
    chosen = time_window(window, clock, context.language)
    if chosen.start is None or chosen.start >= clock.plan_start:
        chosen = time_window("last_7_days", clock, context.language)
    runs = await _archive_by_day(tws, chosen.start or clock.plan_start, clock, job_stream)
    trends = _trends(runs)
    trends.sort(key=lambda t: t.change_pct, reverse=direction == "slower")
    keep = [t for t in trends if (t.change_pct > 0) == (direction == "slower")]
    return DurationTrendsResult(
        window=window_out(chosen, context.language),
        direction=direction,
        plan_days=len({run.plan for run in runs}),
        jobs_compared=len(trends),
        jobs=keep[: max(1, min(top, 50))],
    )


async def _archive_by_day(
    tws: HWAClient, start: datetime, clock: PlanClock, job_stream: str | None
) -> list[JobInstance]:
    """Successful runs of the archived plan days, one request per day (each under the limit)."""
    found: list[JobInstance] = []
    day = start
    while day < clock.plan_start:
        following = min(day + timedelta(days=1), clock.plan_start)
        found += await tws.list_jobs(
            stream=job_stream,
            since=day,
            until=following,
            states=[JobState.SUCC],
            limit=MAX_JOBS,
            plan="archive",
        )
        day = following
    return found


def _trends(runs: list[JobInstance]) -> list[DurationTrend]:
    by_job: dict[tuple[str, str], list[JobInstance]] = {}
    for run in runs:
        if run.duration is not None and run.start_time is not None:
            by_job.setdefault((run.job_stream, run.name), []).append(run)
    trends: list[DurationTrend] = []
    for (stream, name), series in by_job.items():
        if len(series) < 4:
            continue
        series.sort(key=lambda r: r.start_time or datetime.min)
        durations = [float(r.duration or 0) for r in series]
        edge = max(2, len(durations) // 3)
        first, last = statistics.fmean(durations[:edge]), statistics.fmean(durations[-edge:])
        mean = statistics.fmean(durations)
        if not first or not mean:
            continue
        xs = list(range(len(durations)))
        slope = statistics.linear_regression(xs, durations).slope
        trends.append(
            DurationTrend(
                job=name,
                job_stream=stream,
                workstation=series[-1].workstation,
                runs=len(series),
                first_average_s=round(first, 1),
                last_average_s=round(last, 1),
                change_pct=round((last / first - 1) * 100, 1),
                slope_pct_per_day=round(slope / mean * 100, 1),
            )
        )
    return trends


async def plan_overview(context: ToolContext) -> PlanOverview:
    """The current plan at a glance and its current problems: jobs by state, job streams by
    state, failed jobs (ABEND/FAIL), jobs running well past their estimate, prompts waiting
    for a reply, stuck job streams and unlinked or stopped workstations."""
    tws = _tws(context)
    clock = await plan_clock(tws)
    info = await tws.engine_info()
    jobs = await tws.job_view(PlanJobs, limit=MAX_JOBS)
    streams = await tws.list_job_streams(limit=MAX_JOBS)
    workstations = await tws.list_workstations()
    return PlanOverview(
        plan_start=clock.plan_start,
        plan_end=clock.plan_end,
        now=clock.now,
        time_zone=clock.zone.key,
        engine=info.engine_name,
        total_jobs=jobs.total,
        jobs_by_state=dict(jobs.by_state),
        streams_by_state=dict(Counter(s.state.value for s in streams).most_common()),
        failed_jobs=list(jobs.failed),
        late_jobs=list(jobs.late),
        prompts_waiting=list(jobs.prompts_waiting),
        stuck_streams=[
            StreamRow(
                id=s.id,
                name=s.name,
                workstation=s.workstation,
                state=s.state.value,
                job_count=s.job_count,
                jobs_by_state=s.jobs_by_state,
                held=s.held,
                start=s.start_time,
            )
            for s in streams
            if s.state is JobStreamState.STUCK
        ],
        unavailable_workstations=[WorkstationRow.of(ws) for ws in workstations if not ws.available],
    )


async def request_plan_change(
    context: ToolContext, action: PlanAction, target: str, justification: str
) -> dict[str, Any]:
    """Ask for a change to the plan (rerun, cancel, kill, hold, release, confirm_succ,
    confirm_abend, submit). This never changes the plan: it creates an approval request
    that a person must approve; the answer is the request (id, status "pending", risk).
    Always pass the operator's own justification; if they gave none, ask for it instead.

    Args:
        action: rerun, cancel, kill, hold, release, confirm_succ, confirm_abend or submit.
        target: the job (JOB, STREAM.JOB, WS#STREAM.JOB or plan id); for submit the
            job stream (WS#STREAM).
        justification: why the change is needed, in the operator's words.
    """
    user = context.extra.get("user")
    if not isinstance(user, AuthenticatedUser):
        raise ChangeNotAllowed("plan changes need an identified user (sign in to Resync)")
    if not user.role.includes(Role.operator):
        raise ChangeNotAllowed(f"the {user.role} role can read the plan but not request changes")
    if len(justification.strip()) < MIN_JUSTIFICATION:
        raise InvalidPlanQuery("a justification is required: ask the operator why")
    approvals: ApprovalService | None = getattr(context.services, "approvals", None)
    if approvals is None:
        raise ServiceUnavailable("approvals are not available in this installation")
    request = await approvals.create(
        action,
        target,
        justification,
        user,
        source="chat",
        conversation_id=context.conversation_id,
    )
    approval: dict[str, Any] = request.model_dump(mode="json")
    return approval


def register_plan_tools(registry: ToolRegistry) -> None:
    """Register the plan tools (idempotent: already registered names are skipped)."""
    reads = (
        list_jobs,
        get_job_status,
        get_job_dependencies,
        list_workstations,
        job_history,
        duration_trends,
        plan_overview,
    )
    for function in reads:
        if function.__name__ not in registry:
            registry.register(function, kind=ToolKind.read)
    if "request_plan_change" not in registry:
        registry.register(request_plan_change, kind=ToolKind.write)
