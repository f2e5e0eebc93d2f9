"""The cases the monitoring rules need, built into the plan from the seed."""

from __future__ import annotations

from datetime import UTC, datetime

from resync.tws.models import JobState
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob

START = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)


def _job(engine: PlanEngine, name: str) -> SimJob:
    return next(j for j in engine.jobs.values() if j.name == name and j.last_in_chain)


def test_a_long_predecessor_makes_a_deadline_job_miss_it() -> None:
    engine = PlanEngine(42, SimulatedClock(START, speed=0))
    load, after = _job(engine, "DW_FULL_LOAD"), _job(engine, "DW_LOAD_02")
    assert load.state is JobState.EXEC and load.duration > 1.4 * load.estimated
    assert after.deadline is not None and load.chain_key in after.follows
    engine.clock.advance(8 * 3600)
    engine.sync()
    assert after.end is not None and after.end > after.deadline


def test_a_job_abends_later_and_its_prompted_sibling_waits() -> None:
    engine = PlanEngine(7, SimulatedClock(START, speed=0))
    risk, prompted = _job(engine, "RISK_VAR_03"), _job(engine, "COLLECT_02")
    assert risk.state is not JobState.ABEND and prompted.prompt
    engine.clock.advance(6 * 3600)
    engine.sync()
    assert risk.state is JobState.ABEND
    assert prompted.state is JobState.HOLD and prompted.start is None


def test_time_limits_are_relative_to_the_stream() -> None:
    engine = PlanEngine(42, SimulatedClock(START, speed=0))
    month_end = _job(engine, "MONTH_END_01")
    assert month_end.latest_start is not None and month_end.latest_start > month_end.scheduled
