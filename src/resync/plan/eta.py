"""When a running job should end, and whether its run so far is normal, from its history.

The expected duration is the median of the job's successful runs (the engine's estimate
when it has none); the spread is the shortest and longest of them. A run is *normal* while
its elapsed time stays within the longest run seen, *longer than usual* past it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from resync.plan.schemas import JobHistoryResult, JobRow
from resync.tws.models import JobInstance, JobState


@dataclass(frozen=True)
class RunExpectation:
    elapsed_s: float
    expected_s: float  # median of the successful runs (or the engine's estimate)
    shortest_s: float
    longest_s: float
    runs: int  # successful runs it is based on (0: the engine's estimate only)
    eta: datetime  # start + expected
    earliest: datetime
    latest: datetime

    @property
    def verdict(self) -> str:
        """``normal``, ``above_average`` (past the median, within the longest) or ``long``."""
        if self.elapsed_s > self.longest_s:
            return "long"
        return "above_average" if self.elapsed_s > self.expected_s else "normal"


def expect_run(
    job: JobRow, history: JobHistoryResult | None, now: datetime
) -> RunExpectation | None:
    """The expectation for ``job``'s run in progress; None when it has not started."""
    if job.start is None:
        return None
    durations = [
        run.duration_s
        for run in (history.runs if history else [])
        if run.state == "SUCC" and run.duration_s
    ]
    if durations:
        expected = statistics.median(durations)
        shortest, longest = min(durations), max(durations)
    elif job.estimated_s:
        expected = shortest = longest = job.estimated_s
    else:
        return None
    elapsed = max(0.0, (now - job.start).total_seconds())
    return RunExpectation(
        elapsed_s=elapsed,
        expected_s=expected,
        shortest_s=shortest,
        longest_s=longest,
        runs=len(durations),
        eta=job.start + timedelta(seconds=expected),
        earliest=job.start + timedelta(seconds=shortest),
        latest=job.start + timedelta(seconds=longest),
    )


MAD_SCALE = 1.4826  # the median absolute deviation of a normal spread, as a standard deviation
MAD_TIMES = 2.0  # how many of them past the median is "longer than it runs"


@dataclass(frozen=True)
class DurationEstimate:
    """What a job's successful runs say about its duration.

    ``margin_s`` is learned from the runs, not a fixed share: the larger of the longest
    run's excess over the median and two robust deviations (MAD) — a job that always
    takes 10 min ± 5 s is long at 10:30, one that takes 10 to 40 min is not.
    """

    expected_s: float
    margin_s: float
    longest_s: float
    runs: int

    @property
    def limit_s(self) -> float:
        """Elapsed past this, the run is long against its history."""
        return self.expected_s + self.margin_s


def estimate_duration(durations: list[float], fallback_s: float | None) -> DurationEstimate | None:
    """The estimate from successful run durations, else from the engine's estimate alone."""
    if durations:
        median = statistics.median(durations)
        deviation = statistics.median(abs(d - median) for d in durations)
        margin = max(max(durations) - median, MAD_TIMES * MAD_SCALE * deviation, 1.0)
        return DurationEstimate(median, margin, max(durations), len(durations))
    if fallback_s:
        return DurationEstimate(fallback_s, max(fallback_s * 0.25, 60.0), fallback_s, 0)
    return None


def succeeded_durations(runs: list[JobInstance]) -> list[float]:
    return [run.duration for run in runs if run.state is JobState.SUCC and run.duration]
