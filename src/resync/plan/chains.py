"""Why a job does not run: its waits followed up the chain of predecessors to their roots.

A job waiting on a predecessor that is itself waiting is not blocked by that predecessor
but by whatever blocks the chain further up: a failed job, a manual hold, an unanswered
prompt, a resource, a file, an unlinked workstation. :func:`blocking_roots` walks the
predecessors (breadth first, each job once, within limits) and returns those roots with
the path that leads to each.
"""

from __future__ import annotations

from dataclasses import dataclass

from resync.plan.lookup import FAILED_STATES
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import Dependency, DependencyKind, JobInstance

MAX_DEPTH = 8
MAX_JOBS = 60  # predecessors read at most for one question


@dataclass(frozen=True)
class Blocker:
    kind: str  # failed, held, prompt, resource, file, at, workstation
    path: tuple[str, ...]  # the predecessors from the asked job to the root, nearest first
    job: JobInstance  # the job the root blocks directly (the root itself for failed/held)
    dependency: Dependency | None = None  # the wait at the root (prompt, resource, …)

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
            if waiting.workstation in down:
                roots.append(Blocker("workstation", path, waiting))
            for dependency in await _pending(tws, waiting):
                if dependency.kind is not DependencyKind.FOLLOWS or not dependency.job_id:
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
