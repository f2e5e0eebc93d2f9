"""The plan tools: read the HWA plan, and ask (never make) plan changes.

Registered on the tool registry by :class:`PlanTools`, bound to the HWA client. Each
docstring is the description the LLM reads. They only read: plan changes are asked for
through the approval tool (``resync.approvals.tools``).
"""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter
from datetime import datetime, timedelta
from typing import Any, Literal

from resync.agents.tools import ToolContext, ToolKind, ToolRegistry
from resync.errors import BadRequest, NotFound
from resync.plan.chains import Blocker, blocking_roots, resource_holders, resource_waiters
from resync.plan.downstream import blocked_downstream
from resync.plan.finish import FinishEstimate, finish_estimate
from resync.plan.lookup import earlier_runs, job_summary, resolve_job
from resync.plan.reading import (
    MAX_JOBS,
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
    BlockedJob,
    DurationTrend,
    DurationTrendsResult,
    ImpactResult,
    JobDeadline,
    JobHistoryResult,
    JobListResult,
    JobLookup,
    JobRow,
    PlanOverview,
    ResourceUse,
    RunRow,
    StreamRow,
    Wait,
    WorkstationRow,
)
from resync.plan.windows import PlanClock
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import DependencyKind, JobInstance, JobState, JobStreamState

TrendDirection = Literal["slower", "faster"]


MAX_LOG_LINES = 400
ROOT_KINDS = ("failed", "held", "workstation", "limit")


def _waits_at_the_end(root: Blocker) -> bool:
    """A time or a prompt the chain's first job waits on (it follows no job still to run):
    the root of the wait when nothing failed or is held."""
    return root.kind in ("at", "prompt") and not any(
        d.kind is DependencyKind.FOLLOWS and not d.satisfied for d in root.job.dependencies
    )


MAX_DEADLINE_READS = 300  # held-up jobs whose deadline one impact question reads

# The roots told first: what a person must act on before what only needs time.
_ROOT_ORDER = {"failed": 0, "held": 1, "workstation": 2, "limit": 3, "prompt": 4, "resource": 5}


class PlanTools:
    """The plan's read tools, bound to the HWA client they read through."""

    READS = (
        "list_jobs",
        "get_job_status",
        "get_job_dependencies",
        "list_workstations",
        "job_history",
        "duration_trends",
        "plan_overview",
        "job_impact",
        "list_job_streams",
        "finish_estimate",
        "get_resource",
    )

    def __init__(self, tws: HWAClient) -> None:
        self.tws = tws

    def register(self, registry: ToolRegistry) -> None:
        """Register the plan tools (idempotent: already registered names are skipped)."""
        for name in self.READS:
            if name not in registry:
                registry.register(getattr(self, name), kind=ToolKind.read)
        if "get_job_log" not in registry:
            registry.register(self.get_job_log, kind=ToolKind.read, untrusted_output=True)

    async def list_jobs(
        self,
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
        tws = self.tws
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
        self, context: ToolContext, job: str, job_stream: str | None, workstation: str | None
    ) -> tuple[JobLookup, JobInstance | None]:
        tws = self.tws
        clock = await plan_clock(tws)
        found = await find_job(tws, job, job_stream, workstation)
        lookup = JobLookup(query=job, found=len(found), time_zone=clock.zone.key, now=clock.now)
        if len(found) != 1:
            lookup.candidates = rows(found[:20])
            return lookup, None
        instance = found[0]
        lookup.job = JobRow.of(instance)
        lookup.earlier = [JobRow.of(run) for run in await earlier_runs(tws, instance)]
        if not instance.state.is_final and instance.state is not JobState.EXEC:
            lookup.waits_on = [Wait.of(d) for d in instance.pending_dependencies]
            if instance.held:
                lookup.waits_on.insert(0, Wait(kind="hold", what="job em HOLD pelo operador"))
        return lookup, instance

    async def _roots(self, instance: JobInstance) -> list[Wait]:
        """What blocks the job's chain further up (see :attr:`JobLookup.blocked_by`)."""
        return [
            Wait(
                kind=root.kind,
                what=root.job.workstation
                if root.kind in ("workstation", "limit")
                else root.job.name,
                state=root.job.state.value,
                job_id=root.job.id,
                job=root.job.name,
                detail=root.dependency.detail if root.dependency else None,
                holders=list(root.holders),
            )
            for root in sorted(
                await blocking_roots(self.tws, instance), key=lambda r: _ROOT_ORDER.get(r.kind, 9)
            )
            if root.path
            and (root.kind in ROOT_KINDS or root.kind == "resource" or _waits_at_the_end(root))
        ][:3]

    async def get_job_status(
        self,
        context: ToolContext,
        job: str,
        job_stream: str | None = None,
        workstation: str | None = None,
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
        lookup, instance = await self._lookup(context, job, job_stream, workstation)
        if instance is not None and lookup.waits_on:
            lookup.blocked_by = await self._roots(instance)
        return lookup

    async def get_resource(self, context: ToolContext, resource: str) -> ResourceUse:
        """Who is using a resource (the running jobs holding its units) and which jobs wait
        for a free unit.

        Args:
            resource: resource name, e.g. TAPE_DRV.
        """
        name = resource.strip().upper()
        return ResourceUse(
            resource=name,
            holders=list(await resource_holders(self.tws, name, "")),
            waiting=list(await resource_waiters(self.tws, name)),
        )

    async def get_job_dependencies(
        self,
        context: ToolContext,
        job: str,
        job_stream: str | None = None,
        workstation: str | None = None,
    ) -> JobLookup:
        """What a job is waiting for (predecessors not yet complete, resources, prompts, `at`
        times, holds) and which jobs depend on it (its successors).

        Args:
            job: job name, STREAM.JOB, WS#STREAM.JOB or plan id.
            job_stream: job stream to pick among several jobs with this name.
            workstation: workstation to pick among several jobs with this name.
        """
        lookup, instance = await self._lookup(context, job, job_stream, workstation)
        if instance is None:
            return lookup
        lookup.waits_on = [w for w in lookup.waits_on if w.kind == "hold"]
        lookup.waits_on += [Wait.of(d) for d in instance.dependencies if not d.satisfied]
        lookup.satisfied = [Wait.of(d) for d in instance.dependencies if d.satisfied]
        if lookup.waits_on:
            lookup.blocked_by = await self._roots(instance)
        successors = await self.tws.successors(instance.id, depth=1)
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

    async def list_workstations(
        self, context: ToolContext, name: str | None = None
    ) -> list[WorkstationRow]:
        """Workstations of the plan: type, linked, jobman running, available, running jobs.

        Args:
            name: only this workstation (exact name, e.g. AGT01).
        """
        found = await self.tws.list_workstations()
        wanted = name.strip().upper() if name else None
        return [
            WorkstationRow.of(ws) for ws in found if wanted is None or ws.name.upper() == wanted
        ]

    async def job_history(
        self, context: ToolContext, job: str, window: str = "last_7_days"
    ) -> JobHistoryResult:
        """Completed runs of a job over previous plan days and today: durations, average,
        minimum, maximum, failures and the trend (second half of the window vs the first).

        Args:
            job: job name (e.g. PAYROLL_01).
            window: last_7_days (default), this_week, last_30_days, yesterday, today, last_24_hours.
        """
        tws = self.tws
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
        self,
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
        tws = self.tws
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

    async def finish_estimate(
        self, context: ToolContext, job_stream: str | None = None, job: str | None = None
    ) -> FinishEstimate:
        """When a job stream (or one job) should be done: the latest predicted end of its
        unfinished jobs along their predecessors, from their own successful runs (median,
        with the spread from the shortest and longest), and what keeps it from running.

        Args:
            job_stream: job stream name (e.g. JS_CASH_MGMT).
            job: job name (when no job stream is given).
        """
        if job_stream:
            stream = job_stream.strip().upper()
            return await finish_estimate(self.tws, stream, lambda j: j.job_stream.upper() == stream)
        if job:
            name = job.strip().upper()
            return await finish_estimate(self.tws, name, lambda j: j.name.upper() == name)
        raise BadRequest("finish_estimate needs a job_stream or a job")

    async def job_impact(
        self,
        context: ToolContext,
        job: str,
        job_stream: str | None = None,
        workstation: str | None = None,
        limit: int = 200,
    ) -> ImpactResult:
        """What a job holds up downstream: every job not yet started that waits on it,
        directly or through other jobs (the whole chain), with counts per job stream.

        Args:
            job: job name, STREAM.JOB, WS#STREAM.JOB or plan id.
            job_stream: job stream to pick among several jobs with this name.
            workstation: workstation to pick among several jobs with this name.
            limit: at most this many held-up jobs listed (the counts cover all).
        """
        lookup, instance = await self._lookup(context, job, job_stream, workstation)
        result = ImpactResult(lookup=lookup)
        if instance is None:
            return result
        downstream = await blocked_downstream(self.tws, instance)
        result.total, result.direct = len(downstream.waiting), downstream.direct
        result.by_stream, result.complete = downstream.streams, downstream.complete
        result.blocked = [
            BlockedJob(
                id=d.job_id or "",
                name=d.job_name or "?",
                job_stream=d.job_stream or "",
                workstation=d.workstation or "",
                state=d.state.value if d.state else "",
                direct=index < downstream.direct,
            )
            for index, d in enumerate(downstream.waiting[: max(1, min(limit, 1000))])
        ]
        result.deadlines = await self._deadlines([b.id for b in result.blocked if b.id])
        return result

    async def _deadlines(self, job_ids: list[str]) -> list[JobDeadline]:
        """The deadlines of these jobs (those that have one), soonest first."""

        async def read(job_id: str) -> JobInstance | None:
            try:
                return await self.tws.get_job(job_id)
            except TWSError:
                return None

        found = await asyncio.gather(*(read(job_id) for job_id in job_ids[:MAX_DEADLINE_READS]))
        dated = [JobDeadline(name=j.name, deadline=j.deadline) for j in found if j and j.deadline]
        return sorted(dated, key=lambda d: d.deadline)

    async def list_job_streams(
        self,
        context: ToolContext,
        job_stream: str | None = None,
        state: list[str] | None = None,
        limit: int = 200,
    ) -> list[StreamRow]:
        """Job streams of the current plan with their own state (SUCC, EXEC, READY, HOLD,
        ABEND, STUCK, CANCL …) and their jobs counted by state.

        Args:
            job_stream: a job stream name (``*`` wildcards allowed); all when omitted.
            state: only job streams in these states, e.g. ["STUCK"].
            limit: at most this many job streams.
        """
        try:
            states = [JobStreamState(s.upper()) for s in state or []]
        except ValueError as exc:
            raise BadRequest(f"unknown job stream state in {state}") from exc
        found = await self.tws.list_job_streams(
            name=job_stream, states=states or None, limit=max(1, min(limit, 500))
        )
        return [StreamRow.of(s) for s in found]

    async def plan_overview(self, context: ToolContext) -> PlanOverview:
        """The current plan at a glance and its current problems: jobs by state, job streams by
        state, failed jobs (ABEND/FAIL), jobs running well past their estimate, prompts waiting
        for a reply, stuck job streams and unlinked or stopped workstations."""
        tws = self.tws
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
            stuck_streams=[StreamRow.of(s) for s in streams if s.state is JobStreamState.STUCK],
            unavailable_workstations=[
                WorkstationRow.of(ws) for ws in workstations if not ws.available
            ],
        )

    async def get_job_log(
        self, context: ToolContext, job: str, max_lines: int = 200
    ) -> dict[str, Any]:
        """Read a job's log (stdlist): the latest failed run of a job name, or a plan id.

        Args:
            job: A job name (PAYROLL_01) or a plan id (the `id` of a job another tool returned).
            max_lines: The most lines to return, counted from the end of the log (1 to 400).
        """
        if not job.strip():
            raise BadRequest("name the job whose log you want")
        instance = await resolve_job(self.tws, job)
        if instance is None:
            raise NotFound(f"no job named {job.strip().upper()} in the current plan")
        job_log = await self.tws.job_log(instance.id)
        lines = job_log.lines
        keep = max(1, min(max_lines, MAX_LOG_LINES))
        first_line = job_log.from_line + max(0, len(lines) - keep)
        return {
            "job": job_summary(instance),
            "first_line": first_line,
            "total_lines": max(job_log.total_lines, len(lines)),
            "truncated": len(lines) > keep,
            "log": "\n".join(lines[-keep:]),
        }


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
