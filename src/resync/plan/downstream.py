"""What a job holds up: every job that waits on it, directly or through others.

HWA answers successors a few levels deep at a time (the simulator and the REST API cap
``depth``); :func:`blocked_downstream` walks them level by level, each job once, reading
one level's successors together, within :data:`MAX_JOBS`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from resync.plan.reading import WAITING_STATES
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import Dependency, JobInstance

MAX_JOBS = 1000  # jobs followed at most for one question


@dataclass
class Downstream:
    """The jobs still waiting that ``job`` holds up, nearest first."""

    job: JobInstance
    waiting: list[Dependency] = field(default_factory=list)
    direct: int = 0  # of them, how many wait on the job itself
    complete: bool = True  # False: stopped at MAX_JOBS

    @property
    def streams(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for dependency in self.waiting:
            name = dependency.job_stream or "?"
            counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


async def blocked_downstream(tws: HWAClient, job: JobInstance) -> Downstream:
    """Every job not yet started that waits, through any chain, on ``job``."""
    found = Downstream(job)
    seen = {job.id}
    frontier = [job.id]
    level = 0
    while frontier:
        level += 1
        answers = await asyncio.gather(*(_successors(tws, job_id) for job_id in frontier))
        following: list[str] = []
        for successors in answers:
            for dependency in successors:
                if not dependency.job_id or dependency.job_id in seen:
                    continue
                seen.add(dependency.job_id)
                if dependency.state is not None and dependency.state not in WAITING_STATES:
                    continue  # already ran or runs: it is not held up any more
                found.waiting.append(dependency)
                found.direct += level == 1
                following.append(dependency.job_id)
                if len(found.waiting) >= MAX_JOBS:
                    found.complete = False
                    return found
        frontier = following
    return found


async def _successors(tws: HWAClient, job_id: str) -> list[Dependency]:
    try:
        return await tws.successors(job_id, depth=1)
    except TWSError:
        return []
