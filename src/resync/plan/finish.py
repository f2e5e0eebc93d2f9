"""When a job stream (or a job) should be done: the latest predicted end of what is left.

Each unfinished job's end is predicted along its predecessors (:mod:`resync.plan.deadlines`)
from its own history: the median of its successful runs for the estimate, the shortest and
the longest of them for the spread. A failed job counts as rerun now (it still has to be
fixed first, which the answer says). What keeps the last job from running at all — a failed
or held predecessor, a workstation down or full — is named with the estimate, since the
estimate only holds once that is cleared.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from resync.plan.chains import blocking_roots
from resync.plan.deadlines import DONE, EndPredictor, PlanIndex
from resync.plan.eta import DurationEstimate, estimate_duration, succeeded_durations
from resync.plan.outlook import HISTORY_DAYS, PLAN_LIMIT
from resync.plan.reading import plan_clock
from resync.plan.schemas import JobRow, Wait
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import JobInstance

MAX_HISTORIES = 80  # job histories read for one estimate; the others use HWA's estimate
BLOCKING = ("failed", "held", "workstation", "limit", "prompt")


class FinishEstimate(BaseModel):
    """When the unfinished jobs of a job stream (or one job) should all have ended."""

    target: str  # the job stream (or job) asked about
    total: int = 0  # its jobs in the current plan (0: not found)
    remaining: int = 0  # not ended yet
    ended: datetime | None = None  # everything ended: the last end
    eta: datetime | None = None  # the latest predicted end (median runs)
    earliest: datetime | None = None  # … with every job at its shortest run
    latest: datetime | None = None  # … with every job at its longest run
    last_job: JobRow | None = None  # the job predicted to end last
    from_history: int = 0  # unfinished jobs whose estimate comes from their own runs
    failed: list[JobRow] = Field(default_factory=list)  # counted as rerun now
    blocked_by: list[Wait] = Field(default_factory=list)  # what keeps the last job waiting
    time_zone: str = "UTC"
    now: datetime | None = None


async def finish_estimate(
    tws: HWAClient, target: str, keep: Callable[[JobInstance], bool]
) -> FinishEstimate:
    """The estimate for the current plan's jobs that ``keep`` selects."""
    clock = await plan_clock(tws)
    now = clock.now
    index = PlanIndex(await tws.list_jobs(limit=PLAN_LIMIT))
    chosen = [job for job in index.jobs.values() if job.plan == "current" and keep(job)]
    result = FinishEstimate(target=target, total=len(chosen), time_zone=clock.zone.key, now=now)
    left = [job for job in chosen if job.state not in DONE]
    result.remaining = len(left)
    if not chosen:
        return result
    if not left:
        result.ended = max((job.end_time for job in chosen if job.end_time), default=None)
        return result
    spread = await _estimates(tws, _to_estimate(index, left), now)
    result.from_history = sum(1 for job in left if spread.get(job.name, (None, 0))[1])
    ends = {}
    for name, pick in (("eta", 0), ("earliest", 1), ("latest", 2)):
        estimates = {job: values[0][pick] for job, values in spread.items()}
        predictor = EndPredictor(index, estimates, now, rerun_failed=True)
        last = max(left, key=predictor.end)
        ends[name] = (predictor.end(last), last)
    result.eta, last = ends["eta"]
    result.earliest, result.latest = ends["earliest"][0], ends["latest"][0]
    result.last_job = JobRow.of(last)
    result.failed = [JobRow.of(job) for job in left if job.state.is_failure]
    roots = await blocking_roots(tws, last) if not last.state.is_failure else []
    result.blocked_by = [
        Wait(
            kind=root.kind,
            what=root.job.workstation if root.kind in ("workstation", "limit") else root.job.name,
            state=root.job.state.value,
            job_id=root.job.id,
        )
        for root in roots
        if root.kind in BLOCKING
    ][:3]
    return result


def _to_estimate(index: PlanIndex, left: list[JobInstance]) -> list[JobInstance]:
    """The unfinished jobs and their unfinished predecessors, nearest first, within limits."""
    seen: dict[str, JobInstance] = {job.id: job for job in left}
    frontier = list(left)
    while frontier and len(seen) < MAX_HISTORIES:
        following = []
        for job in frontier:
            for before in index.predecessors(job):
                if before.id not in seen and before.state not in DONE:
                    seen[before.id] = before
                    following.append(before)
        frontier = following
    return list(seen.values())[:MAX_HISTORIES]


Spread = tuple[tuple[DurationEstimate, DurationEstimate, DurationEstimate], int]


async def _estimates(tws: HWAClient, jobs: list[JobInstance], now: datetime) -> dict[str, Spread]:
    """Per job name: the (median, shortest, longest) estimates and how many runs they use."""

    async def one(job: JobInstance) -> Spread | None:
        try:
            runs = await tws.job_history(job.name, since=now - timedelta(days=HISTORY_DAYS))
        except TWSError:
            runs = []
        durations = succeeded_durations([run for run in runs if run.plan != "current"])
        median = estimate_duration(durations, job.estimated_duration)
        if median is None:
            return None
        shortest = min(durations) if durations else median.expected_s
        longest = median.longest_s
        return (
            (
                median,
                DurationEstimate(shortest, median.margin_s, longest, median.runs),
                DurationEstimate(longest, median.margin_s, longest, median.runs),
            ),
            median.runs,
        )

    names = {job.name: job for job in jobs}
    found = await asyncio.gather(*(one(job) for job in names.values()))
    return {name: value for name, value in zip(names, found, strict=True) if value is not None}
