"""Deadlines: which jobs are late, and which will miss their deadline along their predecessors.

Computed in memory from one read of the plan (each job lists the jobs it follows) and the
duration estimates (:func:`resync.plan.eta.estimate_duration`): a job's predicted end is
the latest predicted end of what it follows (or its ``at`` time, or now), plus its expected
duration; a running job ends at its start plus its expected duration, at its start plus
its longest run once past that, and "a margin from now" once past its longest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from resync.plan.eta import DurationEstimate
from resync.tws.models import DependencyKind, JobInstance, JobState

RUNNING = frozenset({JobState.EXEC, JobState.SUCCP, JobState.ABENP, JobState.INTRO})
DONE = frozenset({JobState.SUCC, JobState.CANCL, JobState.SUPPR, JobState.DONE})
UNKNOWN = 60.0  # seconds assumed for a job with no estimate at all


@dataclass(frozen=True)
class DeadlineRisk:
    """A job predicted to end after its deadline while the deadline is still ahead."""

    job: JobInstance
    predicted_end: datetime
    deadline: datetime
    critical_path: tuple[JobInstance, ...]  # from the job that drives it to the job

    @property
    def overrun_s(self) -> float:
        return (self.predicted_end - self.deadline).total_seconds()

    @property
    def cause(self) -> JobInstance:
        return self.critical_path[0]


class PlanIndex:
    """The jobs of one plan read by id, with the latest instance of each rerun chain."""

    def __init__(self, jobs: Iterable[JobInstance]) -> None:
        self.jobs: dict[str, JobInstance] = {}  # by rerun chain (JobInstance.chain_id)
        self._chains: dict[str, str] = {}  # every instance's id -> its chain
        for job in jobs:
            chain = job.chain_id
            self._chains[job.id] = chain
            current = self.jobs.get(chain)
            if current is None or job.rerun_count >= current.rerun_count:
                self.jobs[chain] = job

    @cached_property
    def by_id(self) -> dict[str, JobInstance]:
        return {job.id: job for job in self.jobs.values()}

    def predecessors(self, job: JobInstance) -> list[JobInstance]:
        found = []
        for dependency in job.dependencies:
            if dependency.kind is DependencyKind.FOLLOWS and dependency.job_id:
                chain = self._chains.get(dependency.job_id)
                other = self.jobs.get(chain) if chain else None
                if other is not None:
                    found.append(other)
        return found


class EndPredictor:
    """Predicted ends for the jobs of one plan read at ``now`` (each job computed once)."""

    def __init__(
        self,
        index: PlanIndex,
        estimates: Mapping[str, DurationEstimate],
        now: datetime,
        *,
        rerun_failed: bool = False,
    ) -> None:
        self.index, self.estimates, self.now = index, estimates, now
        self.rerun_failed = rerun_failed  # a failed job ends after a rerun started now
        self._ends: dict[str, tuple[datetime, str | None]] = {}  # id → (end, driving predecessor)

    def expected_s(self, job: JobInstance) -> float:
        estimate = self.estimates.get(job.name)
        if estimate is not None:
            return estimate.expected_s
        return job.estimated_duration or UNKNOWN

    def end(self, job: JobInstance) -> datetime:
        return self._predict(job)[0]

    def _running_end(self, job: JobInstance, start: datetime) -> datetime:
        estimate = self.estimates.get(job.name)
        expected = self.expected_s(job)
        longest = estimate.longest_s if estimate else expected
        margin = estimate.margin_s if estimate else expected * 0.25
        elapsed = (self.now - start).total_seconds()
        if elapsed < expected:
            return start + timedelta(seconds=expected)
        if elapsed < longest:
            return start + timedelta(seconds=longest)
        return self.now + timedelta(seconds=max(margin, UNKNOWN))

    def _predict(self, job: JobInstance) -> tuple[datetime, str | None]:
        """Iterative depth-first walk over the predecessors: plans are thousands of jobs."""
        stack: list[JobInstance] = [job]
        visiting: set[str] = set()
        while stack:
            current = stack[-1]
            if current.id in self._ends:
                stack.pop()
                continue
            settled = self._settled(current)
            if settled is not None:
                self._ends[current.id] = (settled, None)
                stack.pop()
                continue
            before = self.index.predecessors(current)
            pending = [p for p in before if p.id not in self._ends and p.id not in visiting]
            if pending and current.id not in visiting:
                visiting.add(current.id)  # a cycle (never in a valid plan) stops here
                stack.extend(pending)
                continue
            stack.pop()
            visiting.discard(current.id)
            ready, driver = self.now, None
            if current.scheduled_time and current.scheduled_time > ready:
                ready = current.scheduled_time
            for predecessor in before:
                end = self._ends.get(predecessor.id, (self.now, None))[0]
                if end > ready:
                    ready, driver = end, predecessor.id
            self._ends[current.id] = (ready + timedelta(seconds=self.expected_s(current)), driver)
        return self._ends[job.id]

    def _settled(self, job: JobInstance) -> datetime | None:
        """The end of a job that no longer waits on anything (None: it still waits)."""
        if job.state.is_failure:
            if self.rerun_failed:
                return self.now + timedelta(seconds=self.expected_s(job))
            return self.now  # at the soonest: it still has to be fixed and rerun
        if job.state in DONE:
            return job.end_time or self.now
        if job.state in RUNNING and job.start_time:
            return self._running_end(job, job.start_time)
        return None

    def critical_path(self, job: JobInstance) -> tuple[JobInstance, ...]:
        """The chain of predecessors that drives the job's predicted end, first one first."""
        path = [job]
        driver = self._predict(job)[1]
        while driver and driver not in {step.id for step in path}:
            step = self.index.by_id.get(driver)
            if step is None:
                break
            path.append(step)
            driver = self._ends.get(step.id, (self.now, None))[1]
        return tuple(reversed(path))


def deadline_risks(predictor: EndPredictor, jobs: Iterable[JobInstance]) -> list[DeadlineRisk]:
    """Jobs with a deadline still ahead whose predicted end passes it, worst first."""
    risks = []
    for job in jobs:
        if job.deadline is None or job.deadline <= predictor.now or job.end_time is not None:
            continue
        if job.state in DONE:
            continue
        end = predictor.end(job)
        if end > job.deadline:
            risks.append(DeadlineRisk(job, end, job.deadline, predictor.critical_path(job)))
    return sorted(risks, key=lambda risk: -risk.overrun_s)


def late_start(job: JobInstance, now: datetime) -> bool:
    """Not started by its latest start (``until``)."""
    return job.latest_start is not None and job.start_time is None and now > job.latest_start


def late_end(job: JobInstance, now: datetime) -> bool:
    """Not ended by its deadline."""
    return job.deadline is not None and job.end_time is None and now > job.deadline
