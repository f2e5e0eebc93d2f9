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
