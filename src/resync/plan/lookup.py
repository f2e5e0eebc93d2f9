"""Finding the job instance an operator means: by plan id, or by name (the failed run first)."""

from __future__ import annotations

from datetime import UTC, datetime

from resync.plan.names import (
    InvalidTarget,
    TargetName,
    instance_target,
    is_uuid,
    parse_target,
    select_jobs,
)
from resync.tws.client import HWAClient
from resync.tws.errors import TWSNotFound
from resync.tws.models import JobInstance, JobState

FAILED_STATES = (JobState.ABEND, JobState.FAIL, JobState.ERROR)
_EPOCH = datetime.min.replace(tzinfo=UTC)
MAX_FAILED = 5000  # read them all: the stale ones are dropped before the limit


async def resolve_job(tws: HWAClient, job: str) -> JobInstance | None:
    """The instance of ``job`` (a name or a plan id) a diagnosis should look at.

    For a name: among the last run of each rerun chain, the latest failed one (ABEND,
    FAIL, ERROR) if any, else the latest. None when the plan has no such job.
    """
    job = job.strip()
    if not job:
        return None
    if is_uuid(job):
        return await tws.get_job(job.lower())  # engines write UUIDs in lower case
    try:
        target = parse_target(job)
    except InvalidTarget:
        return None
    found = await tws.find_jobs(target.job)
    exact = [j for j in found if target.plan_id and j.id == target.plan_id]
    if exact:  # an older engine's composite id, as it gave it
        return exact[0]
    latest = select_jobs(found, target) or [j for j in found if target.matches(j, j.workstation)]
    if not latest:
        return None
    failed = [instance for instance in latest if instance.state in FAILED_STATES]
    return failed[0] if failed else latest[0]


async def chosen_jobs(tws: HWAClient, target: TargetName) -> list[JobInstance]:
    """The last instance of each rerun chain ``target`` can mean. A UUID plan id is read
    from the engine first: only the engine knows the job and job stream it names."""
    if target.needs_lookup:
        try:
            job = await tws.get_job(target.plan_id or "")
        except TWSNotFound:
            return []
        target = instance_target(job)
    return select_jobs(await tws.find_jobs(target.job), target)


async def failed_jobs(tws: HWAClient, limit: int = 20) -> list[JobInstance]:
    """The plan's current failures: the last run of each rerun chain in ABEND, FAIL or
    ERROR, the latest first (a run replaced by a rerun is history, not a failure)."""
    jobs = await tws.list_jobs(states=list(FAILED_STATES), limit=MAX_FAILED)
    current = [job for job in jobs if job.is_last_in_chain]
    current.sort(key=lambda j: j.start_time or j.scheduled_time or _EPOCH, reverse=True)
    return current[:limit]


async def earlier_runs(tws: HWAClient, job: JobInstance) -> list[JobInstance]:
    """The runs of ``job``'s rerun chain before it, the latest first."""
    if not job.rerun_count:
        return []
    found = await tws.find_jobs(job.name)
    chain = [
        run
        for run in found
        if run.job_stream_id == job.job_stream_id and run.rerun_count < job.rerun_count
    ]
    return sorted(chain, key=lambda run: run.rerun_count, reverse=True)


def job_summary(job: JobInstance) -> dict[str, object]:
    return job.model_dump(
        mode="json",
        include={
            "id",
            "name",
            "job_stream",
            "workstation",
            "state",
            "return_code",
            "abend_code",
            "start_time",
            "end_time",
            "rerun_count",
        },
    )
