"""Run history: completed job instances of the previous production days.

Durations vary day to day; a few jobs get slower every day (``JobSpec.slowing``), so
questions like "which jobs got slower this week" have an answer.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from resync.tws.models import JobState
from resync.tws.simulator import catalog
from resync.tws.simulator.generator import internal_id
from resync.tws.simulator.model import JobStreamSpec, SimJob
from resync.tws.simulator.variables import resolve

DEFAULTS = catalog.VARIABLE_TABLES[catalog.DEFAULT_VARIABLE_TABLE]

HISTORY_DAYS = 7


def build_history(
    models: list[JobStreamSpec], plan_start: datetime, seed: int, days: int = HISTORY_DAYS
) -> list[SimJob]:
    rng = random.Random(f"resync-hwa-history-{seed}")
    taken: set[str] = set()
    jobs: list[SimJob] = []
    number = 10000
    for age in range(days, 0, -1):
        day_start = plan_start - timedelta(days=age)
        plan = day_start.date().isoformat()
        for spec in models:
            internal = internal_id(rng, taken)
            stream_id = f"{spec.workstation};{internal}"
            scheduled = day_start + timedelta(seconds=spec.at_offset)
            ends: dict[str, datetime] = {}
            for job_spec in spec.jobs:
                start = max([scheduled, *(ends[name] for name in job_spec.follows if name in ends)])
                start += timedelta(seconds=rng.randint(1, 20))
                factor = rng.uniform(0.8, 1.25)
                if job_spec.slowing:
                    factor *= 1.0 + 0.15 * (days - age + 1)
                duration = float(round(job_spec.duration * factor))
                end = start + timedelta(seconds=duration)
                ends[job_spec.name] = end
                failed = rng.random() < 0.01
                number += 1
                jobs.append(
                    SimJob(
                        id=f"{stream_id};{job_spec.name}",
                        name=job_spec.name,
                        stream_id=stream_id,
                        stream_name=spec.name,
                        stream_workstation=spec.workstation,
                        workstation=job_spec.workstation,
                        command=resolve(job_spec.command, DEFAULTS),
                        user=job_spec.user,
                        at_time=scheduled,
                        scheduled=scheduled,
                        duration=duration,
                        estimated=job_spec.duration,
                        state=JobState.ABEND if failed else JobState.SUCC,
                        return_code=rng.choice((4, 8, 12)) if failed else 0,
                        failure="generic_app_error" if failed else "",
                        start=start,
                        end=end,
                        plan=plan,
                        job_number=number,
                        priority=job_spec.priority,
                    )
                )
    return jobs
