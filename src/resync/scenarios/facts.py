"""What is true in the simulated plan right now, read from the engine's own records.

Nothing here goes through Resync's plan reading (``plan/``): a scenario checks an answer
against the engine, so a mistake in Resync's reading cannot hide itself. A fact is named
``kind`` or ``kind:argument`` (``failed``, ``failed_within:3600``, ``stream_jobs:PAYROLL``,
``root_of:MONTH_END_02``) and is a set of names (jobs, workstations or job streams).
Names an operator mistypes are read here too, with an edit distance of this module's own
(``nearest:PAYROL_01``: the plan's names fewest edits away; ``containing:PAYROLL``: the
job names a partial name is part of).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from resync.tws.models import JobState
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob
from resync.tws.simulator.serialize import stream_state

FAILED = frozenset({JobState.ABEND, JobState.FAIL})
WAITING = frozenset({JobState.HOLD, JobState.SCHED, JobState.READY, JobState.WAIT})
START_MARGIN = timedelta(minutes=10)  # free to run this long past its time: it is late
MAX_TYPO_EDITS = 2  # a name further than this from every job name is no typo of one

# The words an answer must use for the cause each failure story's log shows: a list of
# alternatives per point (every point must be made, in any of its wordings).
CAUSES: dict[str, list[list[str]]] = {
    "db_connection_refused": [["db-payroll-01"], ["recus", "refused", "conex", "connect"]],
    "input_file_missing": [["CNAB240", "/data/in/daily"], ["BCO_EXT", "transmiss", "transfer"]],
    "zos_protection": [["0C4"]],
    "zos_user_abend": [["VSAM", "MFFEED.KSDS"], ["OPEN", "U0016", "U16"]],
    "reconciliation_mismatch": [["1.204", "concilia", "reconcil", "sem correspond"]],
    "generic_app_error": [["NullPointerException"]],
    "sql_deadlock": [["deadlock", "SQL0911N"]],
    "disk_full": [["No space left", "espaço", "space"], ["/data/work/"]],
    "killed": [["kill", "signal 9", "sinal 9"]],
    "launch_failed_user": [["usuário", "user"], ["senha", "password", "not defined", "definido"]],
}


class UnknownFact(ValueError):
    """A scenario names a fact (or an object of a fact) the engine does not have."""


class PlanFacts:
    """Facts of one engine at its current time."""

    def __init__(self, engine: PlanEngine) -> None:
        self.engine = engine
        self.now: datetime = engine.sync()
        self.current = [job for job in engine.jobs.values() if job.last_in_chain]

    def names(self, fact: str) -> set[str]:
        kind, _, argument = fact.partition(":")
        readers: dict[str, Callable[[str], set[str]]] = {
            "failed": lambda _: self._jobs(lambda j: j.state in FAILED),
            "failed_within": self._failed_within,
            "recovered": lambda _: self._recovered(),
            "running": lambda _: self._jobs(lambda j: j.state is JobState.EXEC),
            "held": lambda _: self._jobs(lambda j: j.held and j.state in WAITING),
            "prompts": lambda _: self._jobs(self._waits_on_prompt),
            "overdue": lambda _: self._jobs(self._overdue),
            "running_long": lambda _: self._jobs(self._running_long),
            "late": lambda _: self._jobs(lambda j: self._overdue(j) or self._running_long(j)),
            "stream_jobs": lambda name: self._jobs(lambda j: j.stream_name == self._stream(name)),
            "ws_running": self._running_on,
            "unlinked": lambda _: self._unlinked(),
            "stuck_streams": lambda _: self._streams_in("STUCK"),
            "abend_streams": lambda _: self._streams_in("ABEND", "STUCK"),
            "blocks": self._blocks,
            "root_of": self._root_of,
            "nearest": self._nearest,
            "containing": lambda text: self._jobs(lambda j: text.upper() in j.name),
            "failed_in": lambda name: self._jobs(
                lambda j: j.stream_name == self._stream(name) and j.state in FAILED
            ),
        }
        if kind not in readers:
            raise UnknownFact(f"no fact named {kind!r} (known: {', '.join(sorted(readers))})")
        return readers[kind](argument)

    # jobs

    def job(self, name: str) -> SimJob:
        found = [job for job in self.current if job.name == name.upper()]
        if not found:
            raise UnknownFact(f"no job {name!r} in the plan")
        return found[0]

    def state(self, name: str) -> str:
        return self.job(name).state.value

    def cause(self, name: str) -> list[list[str]]:
        job = self.job(name)
        if job.state not in FAILED:
            raise UnknownFact(f"{name} has not failed (it is {job.state.value})")
        story = "launch_failed_user" if job.state is JobState.FAIL else job.failure
        return CAUSES.get(story or "generic_app_error", CAUSES["generic_app_error"])

    def _jobs(self, keep: Callable[[SimJob], bool]) -> set[str]:
        return {job.name for job in self.current if keep(job)}

    def _failed_within(self, seconds: str) -> set[str]:
        since = self.now - timedelta(seconds=float(seconds or 3600))
        return self._jobs(lambda j: j.state in FAILED and j.end is not None and j.end >= since)

    def _recovered(self) -> set[str]:
        failed_before = {
            (job.stream_id, job.name)
            for job in self.engine.jobs.values()
            if not job.last_in_chain and job.state in FAILED
        }
        return self._jobs(
            lambda j: (j.stream_id, j.name) in failed_before and j.state is JobState.SUCC
        )

    def _waits_on_prompt(self, job: SimJob) -> bool:
        return bool(job.prompt) and not job.prompt_replied and job.state in WAITING

    def _overdue(self, job: SimJob) -> bool:
        """Free to run (nothing left to wait for) and still not started past its time."""
        due = (job.at_time or job.scheduled) + START_MARGIN
        return job.state is JobState.READY and not job.held and due < self.now

    def _running_long(self, job: SimJob) -> bool:
        """Running well past its estimate: half as long again, and ten minutes at least."""
        if job.state is not JobState.EXEC or job.start is None or not job.estimated:
            return False
        limit = max(job.estimated * 1.5, job.estimated + 600)
        return (self.now - job.start).total_seconds() > limit

    def _nearest(self, typed: str) -> set[str]:
        """The plan's names (jobs, job streams, workstations) the fewest edits from
        ``typed``, none further than ``MAX_TYPO_EDITS``."""
        wanted = typed.upper()
        names = {job.name for job in self.current} | set(self.engine.workstations)
        names |= {stream.name for stream in self.engine.streams.values()}
        if wanted in names:
            raise UnknownFact(f"{typed!r} names something of the plan: it is no typo")
        edits = {name: edit_distance(wanted, name) for name in names}
        best = min(edits.values(), default=MAX_TYPO_EDITS + 1)
        return {name for name, count in edits.items() if count == best <= MAX_TYPO_EDITS}

    # workstations and streams

    def _workstation(self, name: str) -> str:
        if name.upper() not in self.engine.workstations:
            raise UnknownFact(f"no workstation {name!r}")
        return name.upper()

    def _running_on(self, name: str) -> set[str]:
        ws = self._workstation(name)
        return self._jobs(lambda j: j.state is JobState.EXEC and ws in (j.runner, j.workstation))

    def _unlinked(self) -> set[str]:
        return {
            ws.name
            for ws in self.engine.workstations.values()
            if not ws.members and not (ws.linked and ws.jobman_running)
        }

    def _stream(self, name: str) -> str:
        names = {stream.name for stream in self.engine.streams.values()}
        if name.upper() not in names:
            raise UnknownFact(f"no job stream {name!r}")
        return name.upper()

    def _streams_in(self, *states: str) -> set[str]:
        return {
            stream.name
            for stream in self.engine.streams.values()
            if stream_state(self.engine, stream)[0].value in states
        }

    # dependencies

    def _predecessors(self, job: SimJob) -> list[SimJob]:
        stream = self.engine.streams[job.stream_id]
        keys = [
            key
            for key, ok in self.engine.follows_satisfied(job) + self.engine.stream_follows(stream)
            if not ok
        ]
        chain = self.engine.chain
        return [self.engine.jobs[chain[key]] for key in keys if key in chain]

    def _root_of(self, name: str) -> set[str]:
        """Why ``name`` does not run: the jobs (or workstations) at the end of its chain."""
        roots: set[str] = set()
        seen: set[str] = set()
        pending = [self.job(name)]
        while pending:
            job = pending.pop()
            if job.id in seen:
                continue
            seen.add(job.id)
            before = self._predecessors(job) if job.state in WAITING else []
            if before:
                pending.extend(before)
                continue
            if job.name != name.upper() or job.state in FAILED or job.held:
                roots.add(job.name)
            ws = self.engine.workstations.get(job.workstation)
            if ws is not None and not ws.members and not (ws.linked and ws.jobman_running):
                roots.add(ws.name)
        return roots

    def _blocks(self, name: str) -> set[str]:
        """Every job that waits, directly or through others, on ``name``."""
        start = self.job(name)
        waiting = {job.id: job for job in self.current if job.state in WAITING}
        blocked: set[str] = set()
        frontier = {start.id}
        while frontier:
            found = {
                job.id
                for job in waiting.values()
                if job.id not in blocked and frontier & {p.id for p in self._predecessors(job)}
            }
            blocked |= found
            frontier = found
        return {waiting[job_id].name for job_id in blocked}


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the inserts, deletes and replaces that turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]
