"""Deadlines as an operator asks about them: what is late now (not started by its latest
start, not ended by its deadline) and what will miss its deadline while there is still
time to act (the predicted end along its predecessors, :mod:`resync.plan.deadlines`).

The same functions feed the chat's answer and the monitor's alerts, so both say the same.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from resync.plan.deadlines import DeadlineRisk, EndPredictor, PlanIndex, deadline_risks
from resync.plan.deadlines import late_end as ended_late
from resync.plan.deadlines import late_start as started_late
from resync.plan.eta import DurationEstimate, estimate_duration, succeeded_durations
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import JobInstance, JobState

HISTORY_DAYS = 8  # plan days of runs an estimate learns from
PLAN_LIMIT = 50_000  # the whole plan in one read


@dataclass(frozen=True)
class DeadlineOutlook:
    now: datetime
    late_start: list[JobInstance]  # not started by their latest start
    late_end: list[JobInstance]  # not ended by their deadline
    at_risk: list[DeadlineRisk]  # deadline ahead, predicted end past it (worst first)


async def running_estimate(
    tws: HWAClient, job: JobInstance, now: datetime
) -> DurationEstimate | None:
    """How long ``job`` runs as a rule, from its successful runs of previous plan days
    (None without any; a failed read of the history raises)."""
    runs = await tws.job_history(job.name, since=now - timedelta(days=HISTORY_DAYS))
    past = [run for run in runs if run.plan != "current"]
    return estimate_duration(succeeded_durations(past), job.estimated_duration)


async def deadline_outlook(tws: HWAClient) -> DeadlineOutlook:
    """One read of the plan (plus the history of what runs now) → its deadline picture."""
    info = await tws.engine_info()
    now = info.current_time or datetime.now(UTC)
    jobs = await tws.list_jobs(limit=PLAN_LIMIT)
    index = PlanIndex(jobs)
    current = list(index.jobs.values())
    running = {job.name: job for job in current if job.state is JobState.EXEC}

    async def estimate(job: JobInstance) -> DurationEstimate | None:
        try:
            return await running_estimate(tws, job, now)
        except TWSError:
            return None  # no history: its catalogue estimate stands in

    found = await asyncio.gather(*(estimate(job) for job in running.values()))
    estimates = {name: value for name, value in zip(running, found, strict=True) if value}
    with_deadline = [job for job in current if job.deadline is not None]
    return DeadlineOutlook(
        now=now,
        late_start=sorted(
            (job for job in current if started_late(job, now)),
            key=lambda job: job.latest_start or now,
        ),
        late_end=sorted(
            (job for job in with_deadline if ended_late(job, now)),
            key=lambda job: job.deadline or now,
        ),
        at_risk=deadline_risks(EndPredictor(index, estimates, now), with_deadline),
    )
