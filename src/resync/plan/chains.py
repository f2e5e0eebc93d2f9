"""Why a job does not run: its waits followed up the chain of predecessors to their roots.

A job waiting on a predecessor that is itself waiting is not blocked by that predecessor
but by whatever blocks the chain further up: a failed job, a manual hold, an unanswered
prompt, a resource (and the running jobs holding it), a file, an unlinked workstation, a
workstation at its job limit (and the jobs filling it). :func:`blocking_roots` walks the
predecessors (breadth first, each job once, within limits) and returns those roots with
the path that leads to each.
"""

from __future__ import annotations

from dataclasses import dataclass

from resync.plan.lookup import FAILED_STATES
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import Dependency, DependencyKind, JobInstance, JobState

MAX_DEPTH = 40
MAX_JOBS = 200  # predecessors read at most for one question


@dataclass(frozen=True)
class Blocker:
    kind: str  # failed, held, prompt, resource, file, at, workstation, limit
    path: tuple[str, ...]  # the predecessors from the asked job to the root, nearest first
    job: JobInstance  # the job the root blocks directly (the root itself for failed/held)
    dependency: Dependency | None = None  # the wait at the root (prompt, resource, …)
    holders: tuple[str, ...] = ()  # running jobs holding the resource / filling the limit

    @property
    def depth(self) -> int:
        return len(self.path)


async def blocking_roots(tws: HWAClient, job: JobInstance) -> list[Blocker]:
    """The roots of what keeps ``job`` from running, nearest first."""
    down = {ws.name for ws in await tws.list_workstations() if not ws.available}
    roots: list[Blocker] = []
    seen = {job.id}
    frontier: list[tuple[JobInstance, tuple[str, ...]]] = [(job, ())]
    read = 0
    for _ in range(MAX_DEPTH):
        following: list[tuple[JobInstance, tuple[str, ...]]] = []
        for waiting, path in frontier:
            if path and waiting.held:
                roots.append(Blocker("held", path, waiting))
            if waiting.state in _STARTED:
                if waiting.workstation in down:
                    roots.append(Blocker("workstation", path, waiting))
                continue  # a running predecessor got what it waited for: it only has to end
            pending = await _pending(tws, waiting)
            # Up the chain, a job still waiting on its own predecessors is not the root of
            # the wait: its workstation or its start time only matter once they are done.
            chained = bool(path) and any(
                d.kind is DependencyKind.FOLLOWS and d.job_id for d in pending
            )
            if waiting.workstation in down and not chained:
                roots.append(Blocker("workstation", path, waiting))
            if not pending and not waiting.held and waiting.state in _WAITING_FOR_ROOM:
                full = await workstation_full(tws, waiting)
                if full is not None:
                    roots.append(Blocker("limit", path, waiting, holders=full))
            for dependency in pending:
                if dependency.kind is DependencyKind.RESOURCE:
                    holders = await resource_holders(tws, dependency.detail, waiting.id)
                    roots.append(Blocker("resource", path, waiting, dependency, holders))
                    continue
                if dependency.kind is not DependencyKind.FOLLOWS or not dependency.job_id:
                    if not (chained and dependency.kind is DependencyKind.AT):
                        roots.append(Blocker(dependency.kind.value, path, waiting, dependency))
                    continue
                if dependency.job_id in seen or read >= MAX_JOBS:
                    continue
                seen.add(dependency.job_id)
                read += 1
                try:
                    predecessor = await tws.get_job(dependency.job_id)
                except TWSError:
                    continue
                reached = (*path, predecessor.name)
                if predecessor.state in FAILED_STATES:
                    roots.append(Blocker("failed", reached, predecessor))
                elif not predecessor.state.is_final:
                    following.append((predecessor, reached))
        if not following:
            break
        frontier = following
    return roots


async def _pending(tws: HWAClient, job: JobInstance) -> list[Dependency]:
    pending = job.pending_dependencies
    if pending:
        return pending
    try:
        return [d for d in await tws.predecessors(job.id) if not d.satisfied]
    except TWSError:
        return []


_WAITING_FOR_ROOM = frozenset({JobState.READY, JobState.WAIT, JobState.HOLD})
_STARTED = frozenset({JobState.EXEC, JobState.SUCCP, JobState.ABENP})


async def _running(tws: HWAClient, workstation: str | None = None) -> list[JobInstance]:
    try:
        return await tws.list_jobs(states=[JobState.EXEC], workstation=workstation, limit=500)
    except TWSError:
        return []


async def resource_holders(tws: HWAClient, resource: str, asking: str) -> tuple[str, ...]:
    """The running jobs that hold ``resource`` (a job holds what it needed to start)."""
    if not resource:
        return ()
    return tuple(
        job.name
        for job in await _running(tws)
        if job.id != asking
        and any(
            d.kind is DependencyKind.RESOURCE and d.detail == resource for d in job.dependencies
        )
    )


async def workstation_full(tws: HWAClient, job: JobInstance) -> tuple[str, ...] | None:
    """The jobs filling ``job``'s workstation when it is at its job limit; None when there
    is room (or the workstation has no limit)."""
    try:
        workstations = await tws.list_workstations()
    except TWSError:
        return None
    found = next((ws for ws in workstations if ws.name == job.workstation), None)
    if found is None or found.limit is None or found.running_jobs < found.limit:
        return None
    return tuple(j.name for j in await _running(tws, job.workstation))


async def resource_waiters(tws: HWAClient, resource: str) -> tuple[str, ...]:
    """The jobs not started yet that wait for a free unit of ``resource``."""
    try:
        jobs = await tws.list_jobs(states=list(_WAITING_FOR_ROOM), limit=5000)
    except TWSError:
        return ()
    return tuple(
        job.name
        for job in jobs
        if any(
            d.kind is DependencyKind.RESOURCE and d.detail == resource and not d.satisfied
            for d in job.dependencies
        )
    )
