"""Operator actions on the simulated plan, with the semantics conman documents.

- ``rerun`` creates a new instance in the rerun chain; it starts at once.
- ``cancel`` does not stop a running job; its dependents are released at once.
- ``hold`` stops a job from launching; ``release`` removes the hold and every
  dependency of that instance only.
- ``kill`` ends a running job (it becomes ABEND); ``confirm`` SUCC/ABEND overrides the
  outcome (SUCC releases the successors).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from resync.tws.models import JobState
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob, SimJobStream

_NOT_STARTED = frozenset({JobState.HOLD, JobState.SCHED, JobState.READY, JobState.WAIT})
_RERUNNABLE = frozenset(
    {JobState.ABEND, JobState.FAIL, JobState.SUCC, JobState.CANCL, JobState.DONE}
)
_PERSISTENT = {"launch_failed_user"}  # failures a rerun does not fix


class ActionRefused(Exception):
    """The action does not apply to the job in its state (HTTP 409 from the routes)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def job_or_none(engine: PlanEngine, job_id: str) -> SimJob | None:
    return engine.jobs.get(job_id)


def rerun(engine: PlanEngine, job: SimJob) -> SimJob:
    now = engine.sync()
    if not job.last_in_chain:
        raise ActionRefused(f"Job {job.id} is not the last in its rerun chain.")
    if job.state not in _RERUNNABLE:
        raise ActionRefused(f"Job {job.name} cannot be rerun in state {job.state.value}.")
    number = job.rerun + 1
    base_id = job.id.rsplit(";", 1)[0] if job.rerun else job.id
    persistent = job.failure in _PERSISTENT
    new = dataclasses.replace(
        job,
        id=f"{base_id};{number}",
        rerun=number,
        state=JobState.HOLD,
        held=False,
        released=True,  # the original's dependencies were already met
        cancel_pending=False,
        confirmed=None,
        start=None,
        end=None,
        return_code=None,
        last_in_chain=True,
        runner="",
        at_time=None,
        outcome=job.outcome if persistent else "SUCC",
        duration=float(max(5, round(job.estimated * engine_noise(engine)))),
        follows=list(job.follows),
        joins=list(job.joins),
        resources=list(job.resources),
        released_deps=set(job.released_deps),
    )
    job.last_in_chain = False
    engine.jobs[new.id] = new
    engine.streams[new.stream_id].job_ids.append(new.id)
    engine.chain[new.chain_key] = new.id
    engine.version += 1
    engine.evaluate(new, now)
    return new


def engine_noise(engine: PlanEngine) -> float:
    return engine._rng.uniform(0.85, 1.2)


def cancel(engine: PlanEngine, job: SimJob) -> None:
    now = engine.sync()
    if job.state in (JobState.SUCC, JobState.CANCL) or job.cancel_pending:
        raise ActionRefused(f"Job {job.name} cannot be cancelled in state {job.state.value}.")
    if job.state in (JobState.EXEC, JobState.SUCCP, JobState.ABENP):
        job.cancel_pending = True  # it keeps running; dependents go now
    else:
        job.state = JobState.CANCL
        job.end = job.end or now
    engine.version += 1
    engine.wake(job, now)


def hold(engine: PlanEngine, job: SimJob) -> None:
    now = engine.sync()
    if job.state not in _NOT_STARTED:
        raise ActionRefused(f"Job {job.name} cannot be held in state {job.state.value}.")
    job.held = True
    engine.version += 1
    engine.evaluate(job, now)


def release(engine: PlanEngine, job: SimJob) -> None:
    now = engine.sync()
    if job.state not in _NOT_STARTED:
        raise ActionRefused(
            f"Job {job.name} has no dependencies to release (state {job.state.value})."
        )
    job.held = False
    job.released = True
    engine.version += 1
    engine.evaluate(job, now)


def kill(engine: PlanEngine, job: SimJob) -> None:
    now = engine.sync()
    if job.state is not JobState.EXEC:
        raise ActionRefused(f"Job {job.name} is not running (state {job.state.value}).")
    runner = engine.stop_running(job)
    job.state, job.end, job.return_code = JobState.ABEND, now, -1
    job.failure = "killed"
    engine.version += 1
    engine.wake(job, now, runner)


def confirm(engine: PlanEngine, job: SimJob, outcome: str) -> None:
    now = engine.sync()
    if outcome not in ("SUCC", "ABEND"):
        raise ActionRefused(f"Unknown confirm outcome {outcome}.", status=400)
    if job.state in _NOT_STARTED or job.state is JobState.CANCL:
        raise ActionRefused(f"Job {job.name} cannot be confirmed in state {job.state.value}.")
    job.confirmed = outcome
    if job.state in (JobState.EXEC, JobState.SUCCP, JobState.ABENP):
        job.state = JobState.SUCCP if outcome == "SUCC" else JobState.ABENP
    else:
        job.state = JobState.SUCC if outcome == "SUCC" else JobState.ABEND
        job.end = job.end or now
    engine.version += 1
    engine.wake(job, now)


def submit(
    engine: PlanEngine,
    model_id: str,
    arrival: datetime | None = None,
    alias: str | None = None,
    *,
    at_time: datetime | None = None,
    held: bool = False,
    variables: dict[str, str] | None = None,
) -> SimJobStream:
    """Put a new instance of the definition into the plan, scheduled at ``arrival`` as
    given (its jobs start at once when that time has passed; now when it is absent)."""
    now = engine.sync()
    spec = engine.models_by_id.get(model_id)
    if spec is None:
        raise ActionRefused(f"Job stream definition {model_id} was not found.", status=404)
    if spec.draft:
        raise ActionRefused(f"Job stream {spec.name} is a draft: it cannot be submitted.")
    stream = engine.add_stream(
        spec,
        arrival or now,
        alias=alias.upper() if alias else None,
        at_time=at_time,
        held=held,
        variables=variables,
    )
    engine.version += 1
    return stream


def reply_prompt(engine: PlanEngine, job: SimJob, yes: bool) -> None:
    """Answer the prompt the job waits on (YES lets it go on)."""
    engine.sync()
    job.prompt_replied = yes
    job.prompt_answer = "ANSWERED_YES" if yes else "ANSWERED_NO"
    engine.version += 1
    engine.evaluate(job)
