"""One poll's evaluation, without HWA time: the rules over the 2,442-job plan and over a
20,000-job synthetic plan (the demo plan repeated under other stream ids, dependencies
kept inside each copy). The plan is read once (through the simulator's own serialisation
and the client's mapping, as a poll would see it); each round times ``evaluate`` only.

Prints the median milliseconds of one evaluation for both plans (targets: ≤ 20 ms and
≤ 150 ms).
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resync.monitoring.rules import PlanSnapshot, RuleSettings, evaluate
from resync.plan.eta import estimate_duration
from resync.tws import mapping
from resync.tws.models import JobInstance, JobState
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.serialize import job_v2

START = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
ROUNDS = 15
SYNTHETIC = 20_000
RULES = RuleSettings(30, frozenset({"JS_PAYROLL", "JS_DW_LOAD"}))


def demo_plan() -> PlanSnapshot:
    engine = PlanEngine(42, SimulatedClock(START, speed=0))
    engine.clock.advance(2 * 3600)  # the deadline risk, the long runs and the prompt are on
    now = engine.sync()
    jobs = [mapping.job(job_v2(engine, job, now)) for job in engine.jobs.values()]
    estimates = {}
    for job in jobs:
        if job.state is JobState.EXEC:
            runs = [h.duration for h in engine.history if h.name == job.name]
            estimates[job.name] = estimate_duration(runs, job.estimated_duration)
    found = {name: value for name, value in estimates.items() if value is not None}
    return PlanSnapshot(now, jobs, estimates=found)


def _copy(job: JobInstance, suffix: str) -> JobInstance:
    def moved(value: str | None) -> str | None:
        return value.replace(";", f"{suffix};", 1) if value else value

    dependencies = [
        d.model_copy(update={"job_id": moved(d.job_id), "job_stream_id": moved(d.job_stream_id)})
        for d in job.dependencies
    ]
    return job.model_copy(
        update={
            "id": moved(job.id),
            "job_stream_id": moved(job.job_stream_id),
            "dependencies": dependencies,
        }
    )


def synthetic(base: PlanSnapshot, size: int) -> PlanSnapshot:
    jobs = list(base.jobs)
    copy = 0
    while len(jobs) < size:
        copy += 1
        jobs += [_copy(job, f"X{copy}") for job in base.jobs[: size - len(jobs)]]
    return PlanSnapshot(base.now, jobs, estimates=base.estimates)


def median_ms(snapshot: PlanSnapshot) -> tuple[float, int]:
    found = evaluate(snapshot, RULES)  # warm up
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        evaluate(snapshot, RULES)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, len(found)


def main() -> None:
    demo = demo_plan()
    small, small_found = median_ms(demo)
    large, large_found = median_ms(synthetic(demo, SYNTHETIC))
    print(
        f"one poll's evaluation: {small:.1f} ms over {len(demo.jobs)} jobs ({small_found} "
        f"findings), {large:.1f} ms over {SYNTHETIC} jobs ({large_found} findings)"
    )


if __name__ == "__main__":
    main()
