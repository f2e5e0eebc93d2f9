"""The demo plan: composition, determinism, and the clock moving it by the rules."""

from __future__ import annotations

from collections import Counter

from resync.tws.models import JobState
from resync.tws.simulator import actions, joblogs
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob
from tests.tws.conftest import START


def job(engine: PlanEngine, name: str) -> SimJob:
    return next(j for j in engine.jobs.values() if j.name == name and j.last_in_chain)


def released_from(engine: PlanEngine, predecessor: SimJob, follower: SimJob) -> bool:
    """Is the follower's dependency on this predecessor met (whatever else it waits on)?"""
    return dict(engine.follows_satisfied(follower))[predecessor.chain_key]


def snapshot(engine: PlanEngine) -> list[tuple[object, ...]]:
    return [(j.id, j.state, j.start, j.end, j.return_code) for j in engine.jobs.values()]


def test_the_plan_is_a_pure_function_of_the_seed() -> None:
    first = PlanEngine(7, SimulatedClock(START, speed=0))
    again = PlanEngine(7, SimulatedClock(START, speed=0))
    other = PlanEngine(8, SimulatedClock(START, speed=0))
    assert snapshot(first) == snapshot(again)
    assert snapshot(first) != snapshot(other)
    assert [(h.id, h.duration) for h in first.history] == [
        (h.id, h.duration) for h in again.history
    ]


def test_the_plan_looks_like_a_bank(engine: PlanEngine) -> None:
    assert len(engine.streams) >= 40 and len(engine.jobs) >= 2000
    names = {s.name for s in engine.streams.values()}
    assert {"JS_PAYROLL", "JS_DAILY", "JS_NIGHTLY", "FINAL"} <= names
    final = {job.name for job in engine.jobs.values() if job.stream_name == "FINAL"}
    assert {"MAKEPLAN", "SWITCHPLAN"} <= final
    states = Counter(j.state for j in engine.jobs.values())
    assert states[JobState.ABEND] >= 5 and states[JobState.EXEC] >= 2
    assert states[JobState.HOLD] and states[JobState.READY] and states[JobState.SUCC]
    assert states[JobState.SCHED]
    assert {j.workstation for j in engine.jobs.values()} >= {"AGT01", "AGT_LNX01", "FTA01"}
    assert any(j.resources for j in engine.jobs.values())
    assert any(j.prompt for j in engine.jobs.values())


def test_known_failures_have_believable_logs(engine: PlanEngine) -> None:
    payroll = job(engine, "PAYROLL_01")
    assert payroll.state is JobState.ABEND and payroll.return_code == 12
    log = joblogs.render(payroll, engine.clock.now()) or ""
    assert "= JOB       : MDM#JS_PAYROLL" in log and "AWSJDB802E" in log
    assert "Exit Status           : 12" in log
    zos = joblogs.render(job(engine, "CARD_SETTLE_03"), engine.clock.now()) or ""
    assert "ABEND=S0C4" in zos
    user_abend = joblogs.render(job(engine, "MF_FEED_02"), engine.clock.now()) or ""
    assert "U0016" in user_abend
    failed = job(engine, "CRM_SYNC_05")
    assert failed.state is JobState.FAIL
    assert "AWSBHT001E" in (joblogs.render(failed, engine.clock.now()) or "")


def test_nothing_changes_in_the_first_minutes(engine: PlanEngine) -> None:
    before = snapshot(engine)
    engine.clock.advance(10 * 60)
    engine.sync()
    assert snapshot(engine) == before


def test_the_clock_runs_the_plan(engine: PlanEngine) -> None:
    running = [j for j in engine.jobs.values() if j.state is JobState.EXEC]
    scheduled = [j for j in engine.jobs.values() if j.state is JobState.SCHED]
    engine.clock.advance(12 * 3600)
    engine.sync()
    assert all(j.state in (JobState.SUCC, JobState.ABEND) for j in running)
    assert all(j.state is not JobState.SCHED for j in scheduled)
    assert job(engine, "MAKEPLAN").state is JobState.SUCC


def test_rerun_of_an_abend_creates_an_instance_that_runs(engine: PlanEngine) -> None:
    payroll = job(engine, "PAYROLL_01")
    follower = job(engine, "PAYROLL_02")
    new = actions.rerun(engine, payroll)
    assert new.id == payroll.id + ";1" and new.state is JobState.EXEC
    assert not payroll.last_in_chain and payroll.state is JobState.ABEND
    engine.clock.advance(3600)
    engine.sync()
    assert new.state is JobState.SUCC
    assert follower.state in (JobState.EXEC, JobState.SUCC)  # released by the rerun


def test_cancel_releases_dependents_at_once(engine: PlanEngine) -> None:
    load = job(engine, "LOAD_FILES")
    followers = [engine.jobs[i] for i in engine.dependents[load.chain_key]]
    assert all(f.state is JobState.HOLD for f in followers)
    actions.cancel(engine, load)
    assert load.state is JobState.CANCL
    assert all(f.state is JobState.EXEC for f in followers)


def test_cancel_of_a_running_job_lets_it_run(engine: PlanEngine) -> None:
    running = job(engine, "BACKUP_FULL")
    followers = [engine.jobs[i] for i in engine.dependents[running.chain_key]]
    assert followers and not any(released_from(engine, running, f) for f in followers)
    actions.cancel(engine, running)
    assert running.state is JobState.EXEC and running.cancel_pending
    assert all(released_from(engine, running, f) for f in followers)


def test_hold_stops_launch_and_release_lets_it_go(engine: PlanEngine) -> None:
    later = job(engine, "COLLECT_01")
    assert later.state is JobState.SCHED
    actions.hold(engine, later)
    engine.clock.advance(4 * 3600)
    engine.sync()
    assert later.state is JobState.HOLD and later.start is None
    actions.release(engine, later)
    assert later.state is JobState.EXEC


def test_release_removes_the_dependencies_of_that_instance(engine: PlanEngine) -> None:
    waiting = job(engine, "PAYROLL_02")
    assert waiting.state is JobState.HOLD
    actions.release(engine, waiting)
    assert waiting.state is JobState.EXEC
    assert job(engine, "PAYROLL_01").state is JobState.ABEND  # the predecessor is untouched


def test_confirm_succ_releases_successors(engine: PlanEngine) -> None:
    recon = job(engine, "PIX_RECON_04")
    followers = [engine.jobs[i] for i in engine.dependents[recon.chain_key]]
    assert followers and not any(released_from(engine, recon, f) for f in followers)
    actions.confirm(engine, recon, "SUCC")
    assert recon.state is JobState.SUCC
    assert all(released_from(engine, recon, f) for f in followers)
    assert any(f.state is JobState.EXEC for f in followers)


def test_kill_ends_a_running_job_as_abend(engine: PlanEngine) -> None:
    running = job(engine, "DW_FULL_LOAD")
    actions.kill(engine, running)
    assert running.state is JobState.ABEND and running.end is not None


def test_submit_adds_a_new_instance_of_the_stream(engine: PlanEngine) -> None:
    spec = next(s for s in engine.models if s.name == "JS_DAILY")
    stream = actions.submit(engine, spec.model_id)
    assert stream.id not in {s.id for s in engine.streams.values() if s is not stream}
    first = engine.jobs[stream.job_ids[0]]
    assert first.name == "LOAD_FILES" and first.state is JobState.EXEC


def test_a_fence_keeps_jobs_at_or_below_it_from_launching(engine: PlanEngine) -> None:
    ws = engine.workstations["AGT_WIN01"]
    engine.set_fence(ws, 101)
    waiting = [j for j in engine.jobs.values() if j.workstation == "AGT_WIN01"]
    running_before = sum(j.state is JobState.EXEC for j in waiting)
    engine.clock.advance(6 * 3600)
    engine.sync()
    launched = [j for j in waiting if j.start and j.start > engine.clock.start]
    assert launched == [] and running_before <= 2
    engine.set_fence(ws, 0)
    engine.clock.advance(600)
    engine.sync()
    assert any(j.start and j.start > engine.clock.start for j in waiting)
