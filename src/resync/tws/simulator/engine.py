"""The simulated plan and the rules that move it: launch, run, end, release dependents.

The plan is replayed from the production day's start up to the clock's start, so the
states at start are consistent with the times (and a pure function of the seed). After
that, ``sync()`` moves it forward to the clock's ``now`` on every request.
"""

from __future__ import annotations

import heapq
import random
from datetime import datetime, timedelta

from resync.tws.models import JobState
from resync.tws.simulator import catalog
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.generator import internal_id, job_stream_definitions
from resync.tws.simulator.history import build_history
from resync.tws.simulator.model import (
    JobSpec,
    JobStreamSpec,
    Join,
    SimJob,
    SimJobStream,
    SimWorkstation,
)
from resync.tws.simulator.variables import resolve

_WAITING = frozenset({JobState.HOLD, JobState.SCHED, JobState.READY, JobState.WAIT})
_RUNNING = frozenset({JobState.EXEC, JobState.SUCCP, JobState.ABENP})


class PlanEngine:
    def __init__(self, seed: int = 42, clock: SimulatedClock | None = None) -> None:
        self.seed = seed
        self.clock = clock or SimulatedClock()
        self.plan_start = self.clock.start - timedelta(hours=catalog.PLAN_HOURS_BEFORE_START)
        self.plan_end = self.plan_start + timedelta(days=1)
        self.models: list[JobStreamSpec] = job_stream_definitions(seed)
        self.models_by_id = {spec.model_id: spec for spec in self.models}
        self.workstations: dict[str, SimWorkstation] = {
            ws.name: ws for ws in catalog.workstations()
        }
        self.definitions: dict[str, JobSpec] = {
            f"{job.workstation};{job.name}": job for spec in self.models for job in spec.jobs
        }
        self.domains: dict[str, str] = {"MASTERDM": catalog.MASTER}  # domain -> manager
        # table -> is the default table; table -> its variables
        self.variable_tables = {
            name: name == catalog.DEFAULT_VARIABLE_TABLE for name in catalog.VARIABLE_TABLES
        }
        self.variables = {name: dict(table) for name, table in catalog.VARIABLE_TABLES.items()}
        # The model's pool members; a change reaches the plan at the next plan extension.
        self.pool_members = {ws.name: list(ws.members) for ws in catalog.workstations()}
        self.resources = dict(catalog.RESOURCES)
        self.resource_use: dict[str, int] = dict.fromkeys(self.resources, 0)
        self.resources_off: set[str] = set()  # resources an operator made unavailable
        self.streams: dict[str, SimJobStream] = {}
        self.jobs: dict[str, SimJob] = {}
        self.chain: dict[str, str] = {}  # "STREAM_ID|JOB" -> id of the last instance
        self.dependents: dict[str, list[str]] = {}
        self.version = 0  # bumps on every change
        self._rng = random.Random(f"resync-hwa-plan-{seed}")
        self._ids: set[str] = set()
        self._events: list[tuple[datetime, int, str, str]] = []
        self._seq = 0
        self._at_queued: set[str] = set()
        self._ready: set[str] = set()
        self._resource_wait: set[str] = set()
        self._job_number = 100000 + self._rng.randint(0, 800000)
        self._synced = self.plan_start
        self._history: list[SimJob] | None = None
        for spec in self.models:
            self.add_stream(spec, self.plan_start + timedelta(seconds=spec.at_offset))
        self._synced = self.clock.start
        self._run_until(self.clock.start)
        self._keep_quiet(self.clock.start, catalog.QUIET_SECONDS)

    @property
    def history(self) -> list[SimJob]:
        """Completed runs of the previous days, built on first use (a pure function of the seed)."""
        if self._history is None:
            self._history = build_history(self.models, self.plan_start, self.seed)
        return self._history

    # -- time -------------------------------------------------------------------------
    def sync(self) -> datetime:
        now = self.clock.now()
        if now > self._synced:
            self._run_until(now)
            self._synced = now
        return self._synced

    def _push(self, when: datetime, kind: str, job_id: str) -> None:
        self._seq += 1
        heapq.heappush(self._events, (when, self._seq, kind, job_id))

    def _run_until(self, until: datetime) -> None:
        while self._events and self._events[0][0] <= until:
            when, _, kind, job_id = heapq.heappop(self._events)
            job = self.jobs[job_id]
            if kind == "end":
                self._finish(job, when)
            else:
                self._at_queued.discard(job_id)
                self.evaluate(job, when)

    def _keep_quiet(self, start: datetime, seconds: int) -> None:
        """Move what would happen in the first minutes after start a little later."""
        quiet_end = start + timedelta(seconds=seconds)
        moved = []
        for when, seq, kind, job_id in self._events:
            if when < quiet_end:
                when = quiet_end + timedelta(seconds=self._rng.randint(0, 1800))
                if kind == "end":
                    job = self.jobs[job_id]
                    job.duration = (when - (job.start or start)).total_seconds()
            moved.append((when, seq, kind, job_id))
        heapq.heapify(moved)
        self._events = moved

    def default_variables(self) -> dict[str, str]:
        default = next(name for name, is_default in self.variable_tables.items() if is_default)
        return self.variables[default]

    # -- building the plan --------------------------------------------------------------
    def add_stream(
        self,
        spec: JobStreamSpec,
        scheduled: datetime,
        *,
        alias: str | None = None,
        at_time: datetime | None = None,
        held: bool = False,
        variables: dict[str, str] | None = None,
    ) -> SimJobStream:
        """Put an instance of the definition into the plan; its jobs' commands resolved
        from ``variables`` (the default variable table when None)."""
        internal = internal_id(self._rng, self._ids)
        stream = SimJobStream(
            id=f"{spec.workstation};{internal}",
            internal_id=internal,
            name=alias or spec.name,
            workstation=spec.workstation,
            scheduled=scheduled,
            model_id=spec.model_id,
            priority=spec.priority,
            alias=alias,
            at_time=at_time,
            held=held,
        )
        self.streams[stream.id] = stream
        current = {s.name: s for s in self.streams.values()}
        for job_spec in spec.jobs:
            follows = [f"{stream.id}|{name}" for name in job_spec.follows]
            for other_stream, other_job in job_spec.external:
                other = current.get(other_stream)
                if other is not None and alias is None:
                    follows.append(f"{other.id}|{other_job}")
            self._register(self._instance(stream, job_spec, follows, variables=variables))
        for job_id in stream.job_ids:
            self.evaluate(self.jobs[job_id])
        return stream

    def _instance(
        self,
        stream: SimJobStream,
        job_spec: JobSpec,
        follows: list[str],
        name: str = "",
        variables: dict[str, str] | None = None,
    ) -> SimJob:
        noise = self._rng.uniform(0.85, 1.2) if job_spec.name not in catalog.LONG_RUNNERS else 1
        noise *= catalog.RUNS_LONG.get(job_spec.name, 1.0)
        name = name or job_spec.name
        limits = catalog.TIME_LIMITS.get(name, catalog.TimeLimits())
        return SimJob(
            id=f"{stream.id};{name}",
            name=name,
            stream_id=stream.id,
            stream_name=stream.name,
            stream_workstation=stream.workstation,
            workstation=job_spec.workstation,
            command=resolve(
                job_spec.command, self.default_variables() if variables is None else variables
            ),
            user=job_spec.user,
            at_time=stream.at_time or stream.scheduled,
            scheduled=stream.scheduled,
            duration=float(round(job_spec.duration * noise)),
            estimated=job_spec.duration,
            outcome=job_spec.outcome,
            planned_rc=job_spec.return_code,
            abend_code=job_spec.abend_code,
            failure=job_spec.failure,
            follows=follows,
            joins=[
                Join(j.name, j.quantity, [f"{stream.id}|{m}" for m in j.members])
                for j in job_spec.joins
            ],
            resources=list(job_spec.resources),
            prompt=job_spec.prompt,
            priority=job_spec.priority,
            latest_start=_after(stream.scheduled, limits.latest_start),
            deadline=_after(stream.scheduled, limits.deadline),
        )

    def add_job(self, stream: SimJobStream, job_spec: JobSpec, alias: str = "") -> SimJob:
        """Put one more job into a job stream of the plan (submit job, ad hoc job)."""
        name = (alias or job_spec.name).upper()
        if f"{stream.id};{name}" in self.jobs:
            raise ValueError(f"Job {name} is already in job stream {stream.name}.")
        job = self._instance(stream, job_spec, [], name)
        job.at_time = None  # it arrives now: the stream's time has passed or is its own
        self._register(job)
        self.version += 1
        self.evaluate(job)
        return job

    def ad_hoc_stream(self, workstation: str) -> SimJobStream:
        """The ``JOBS`` job stream of a workstation, where jobs without a stream go."""
        for stream in self.streams.values():
            if stream.name == "JOBS" and stream.workstation == workstation:
                return stream
        internal = internal_id(self._rng, self._ids)
        stream = SimJobStream(
            id=f"{workstation};{internal}",
            internal_id=internal,
            name="JOBS",
            workstation=workstation,
            scheduled=self.sync(),
            model_id="",
        )
        self.streams[stream.id] = stream
        return stream

    def _register(self, job: SimJob) -> None:
        self.jobs[job.id] = job
        self.streams[job.stream_id].job_ids.append(job.id)
        self.chain[job.chain_key] = job.id
        for key in job.follows + [key for join in job.joins for key in join.members]:
            self.dependents.setdefault(key, []).append(job.id)

    # -- rules ---------------------------------------------------------------------------
    def _follows(self, keys: list[str], released: set[str]) -> list[tuple[str, bool]]:
        result = []
        for key in keys:
            if key.endswith("|*"):  # on a whole job stream: every job of it satisfied
                stream = self.streams.get(key[:-2])
                ok = stream is None or all(
                    self.jobs[job_id].satisfies_dependents
                    for job_id in stream.job_ids
                    if self.jobs[job_id].last_in_chain
                )
            else:
                other_id = self.chain.get(key)
                other = self.jobs.get(other_id) if other_id else None
                ok = other is None or other.satisfies_dependents
            result.append((key, ok or key in released))
        return result

    def follows_satisfied(self, job: SimJob) -> list[tuple[str, bool]]:
        return self._follows(job.follows, job.released_deps)

    def join_members(self, job: SimJob, join: Join) -> tuple[list[tuple[str, bool]], bool]:
        """Each member's (key, satisfied) and whether the join is satisfied."""
        members = self._follows(join.members, set())
        ok = sum(met for _, met in members) >= join.needed()
        return members, ok or f"join:{join.name}" in job.released_deps

    def stream_follows(self, stream: SimJobStream) -> list[tuple[str, bool]]:
        return self._follows(stream.follows, stream.released_deps)

    def blocked(self, job: SimJob, t: datetime) -> str:
        """What holds a job back that is neither a hold nor a workstation: "" when nothing."""
        stream = self.streams[job.stream_id]
        follows = self.follows_satisfied(job) + self.stream_follows(stream)
        if not all(ok for _, ok in follows):
            return "follows"
        if not all(self.join_members(job, join)[1] for join in job.joins):
            return "follows"
        if job.prompt and not job.prompt_replied and "prompt" not in job.released_deps:
            return "prompt"
        if job.at_time and job.at_time > t and "time" not in job.released_deps:
            return "time"
        return ""

    def _runner(self, job: SimJob) -> SimWorkstation | None:
        ws = self.workstations[job.workstation]
        candidates = [self.workstations[m] for m in ws.members] if ws.members else [ws]
        for candidate in candidates:
            if (
                candidate.available
                and job.priority > candidate.fence  # a fence holds jobs at or below it
                and (candidate.limit is None or candidate.running < candidate.limit)
            ):
                return candidate
        return None

    def set_fence(self, ws: SimWorkstation, fence: int) -> None:
        ws.fence = fence
        self.version += 1
        for job_id in sorted(self._ready):
            self.evaluate(self.jobs[job_id])

    def resource_free(self, name: str) -> bool:
        """A unit of the resource is available to one more job."""
        return name not in self.resources_off and self.resource_use[name] < self.resources[name]

    def set_resource(self, name: str, quantity: int, available: bool) -> None:
        """Change a resource in the plan; the jobs waiting for it are re-judged."""
        self.resources[name] = quantity
        (self.resources_off.discard if available else self.resources_off.add)(name)
        self.version += 1
        for job_id in sorted(self._resource_wait):
            self.evaluate(self.jobs[job_id])

    def evaluate(self, job: SimJob, when: datetime | None = None) -> None:
        """Launch the job if nothing holds it back, otherwise show what it waits for."""
        if job.state not in _WAITING:
            return
        t = when or self._synced
        self._ready.discard(job.id)
        self._resource_wait.discard(job.id)
        stream = self.streams[job.stream_id]
        if job.held or stream.held:
            job.state = JobState.HOLD
            return
        if not job.released:
            waiting_on = self.blocked(job, t)
            if waiting_on in ("follows", "prompt"):
                job.state = JobState.HOLD
                return
            if waiting_on == "time" and job.at_time:
                job.state = JobState.SCHED
                if job.id not in self._at_queued:
                    self._at_queued.add(job.id)
                    self._push(job.at_time, "at", job.id)
                return
            if any(
                not self.resource_free(r)
                for r in job.resources
                if f"resource:{r}" not in job.released_deps
            ):
                job.state = JobState.HOLD
                self._resource_wait.add(job.id)
                return
        runner = self._runner(job)
        if runner is None:
            job.state = JobState.READY
            self._ready.add(job.id)
            return
        self._launch(job, runner, t)

    def _launch(self, job: SimJob, runner: SimWorkstation, t: datetime) -> None:
        self.version += 1
        self._job_number += 1
        job.job_number = self._job_number
        job.start = t
        if job.outcome == "FAIL":
            job.state, job.end, job.return_code = JobState.FAIL, t, None
            return
        job.state = JobState.EXEC
        runner.running += 1
        job.runner = runner.name
        for resource in job.resources:
            self.resource_use[resource] += 1
        self._push(t + timedelta(seconds=job.duration), "end", job.id)

    def _finish(self, job: SimJob, t: datetime) -> None:
        if job.state not in _RUNNING:
            return
        runner = self._free(job)
        job.end = t
        outcome = job.confirmed or job.outcome
        if outcome == "SUCC":
            job.state, job.return_code = JobState.SUCC, 0
        else:
            job.state, job.return_code = JobState.ABEND, job.planned_rc or 1
        self.version += 1
        self.wake(job, t, runner)

    def _free(self, job: SimJob) -> str:
        runner = job.runner or job.workstation
        self.workstations[runner].running = max(0, self.workstations[runner].running - 1)
        for resource in job.resources:
            self.resource_use[resource] = max(0, self.resource_use[resource] - 1)
        return runner

    def wake(self, job: SimJob, t: datetime, freed_runner: str | None = None) -> None:
        """Re-evaluate the jobs that may have been waiting on this one."""
        candidates = list(self.dependents.get(job.chain_key, ()))
        candidates += self.dependents.get(f"{job.stream_id}|*", ())
        if freed_runner:
            candidates += sorted(
                job_id
                for job_id in self._ready
                if freed_runner == self.jobs[job_id].workstation
                or freed_runner in self.workstations[self.jobs[job_id].workstation].members
            )
        if job.resources:
            candidates += sorted(self._resource_wait)
        for job_id in candidates:
            self.evaluate(self.jobs[job_id], t)

    def stop_running(self, job: SimJob) -> str:
        """Take a running job off its workstation (kill)."""
        return self._free(job)

    def next_job_number(self) -> int:
        self._job_number += 1
        return self._job_number


def _after(scheduled: datetime, hours: float | None) -> datetime | None:
    return None if hours is None else scheduled + timedelta(hours=hours)
