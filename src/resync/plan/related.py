"""Failures of the same day that are the same failure: "mesmo NullPointerException do
BOLETO_30 às 17:19". A cause is read from each failed job's own log
(:func:`resync.plan.causes.read_cause`) and compared on its kind and the object it names
(:func:`resync.plan.causes.same_failure`): the same exception, host, node, path, dataset
or user."""

from __future__ import annotations

from dataclasses import dataclass

from resync.plan.causes import Cause, read_cause, same_failure
from resync.plan.joblog import LogLine
from resync.plan.lookup import failed_jobs
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import JobInstance

MAX_COMPARED = 40  # failed jobs whose logs are read; the latest first
LOG_LINES = 200  # the tail a cause is read from, as the diagnosis does


@dataclass(frozen=True)
class RelatedFailure:
    job: JobInstance
    cause: Cause


async def cause_of(tws: HWAClient, job: JobInstance) -> Cause | None:
    """The cause ``job``'s own log shows (None when the log names none or cannot be read)."""
    try:
        log = await tws.job_log(job.id)
    except TWSError:
        return None
    lines = log.text.splitlines()[-LOG_LINES:]
    first = max(1, len(log.text.splitlines()) - len(lines) + 1)
    return read_cause([LogLine(first + i, text) for i, text in enumerate(lines)])


async def same_failures(tws: HWAClient, job: JobInstance, cause: Cause) -> list[RelatedFailure]:
    """The plan's other current failures whose logs show the same failure as ``cause``,
    the latest first."""
    found: list[RelatedFailure] = []
    for other in await failed_jobs(tws, limit=MAX_COMPARED):
        if other.id == job.id or (other.name == job.name and other.job_stream == job.job_stream):
            continue
        theirs = await cause_of(tws, other)
        if theirs is not None and same_failure(cause, theirs):
            found.append(RelatedFailure(other, theirs))
    return found
