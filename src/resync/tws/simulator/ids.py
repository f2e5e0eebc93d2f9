"""The v2 API's ids: UUIDs for every plan object, as the Developer's Guide shows them.

The engine keeps its composite ids (``WS;JSID;JOB``, ``WS;JSID``), which v1 answers and
takes (HCL's samples compose ``WS%3BJSID%3BJOB``). A v2 answer names the same objects
with name-based UUIDs (version 3, like the guide's examples) over the composite id in a
fixed namespace: deterministic from the seed and stable for the object's life. v2
routes take only those UUIDs: whether a 10.2 engine still takes composite ids on v2 is
not documented, and refusing them keeps a client from composing ids the engine never
returned.

Model objects (job stream and job definitions) keep their simulator keys (``JS…``,
``WS;NAME``) on v1, where HCL's samples show them; v2 names them with UUIDs in the same
scheme, as the guide's model examples do.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar
from weakref import WeakKeyDictionary

from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import JobSpec, JobStreamSpec, SimJob, SimJobStream

T = TypeVar("T")

_NAMESPACE = uuid.UUID("6f1c4a52-51f4-4c1e-9a47-3f1e2b7d9c10")


@lru_cache(maxsize=1 << 16)  # every answer names thousands of objects
def object_id(text: str) -> str:
    """A stable UUID for a plan object the simulator names by text."""
    return str(uuid.uuid3(_NAMESPACE, text))


def job_id(job: SimJob) -> str:
    """The v2 id of a job instance (an archived plan's instances differ by plan)."""
    return object_id(f"job:{job.plan}:{job.id}")


def stream_id(composite: str) -> str:
    """The v2 id of the job stream instance with the composite id ``WS;JSID``."""
    return object_id(f"jobstream:{composite}")


def model_id(key: str) -> str:
    """The v2 id of the job stream definition the simulator keys ``key`` (``JS…``)."""
    return object_id(f"model:jobstream:{key}")


def definition_id(key: str) -> str:
    """The v2 id of the job definition the simulator keys ``key`` (``WS;NAME``)."""
    return object_id(f"model:jobdefinition:{key}")


def job_id_of(engine: PlanEngine, composite: str) -> str | None:
    """The v2 id of the current plan's job ``composite``, None when there is none."""
    job = engine.jobs.get(composite)
    return job_id(job) if job is not None else None


class _Index:
    """UUID → object, rebuilt when an id is not found (objects are only ever added)."""

    def __init__(self) -> None:
        self.jobs: dict[str, SimJob] = {}
        self.streams: dict[str, SimJobStream] = {}
        self.models: dict[str, JobStreamSpec] = {}
        self.definitions: dict[str, str] = {}  # v2 id → the simulator's key

    def rebuild(self, engine: PlanEngine) -> None:
        self.jobs = {job_id(job): job for job in engine.jobs.values()}
        self.jobs.update((job_id(job), job) for job in engine.history)
        self.streams = {stream_id(s.id): s for s in engine.streams.values()}
        self.models = {model_id(spec.model_id): spec for spec in engine.models}
        self.definitions = {definition_id(key): key for key in engine.definitions}


_INDEXES: WeakKeyDictionary[PlanEngine, _Index] = WeakKeyDictionary()


def _index(engine: PlanEngine) -> _Index:
    index = _INDEXES.get(engine)
    if index is None:
        index = _INDEXES[engine] = _Index()
    return index


def _found(engine: PlanEngine, value: str, table: Callable[[_Index], dict[str, T]]) -> T | None:
    """What ``table`` of the engine's index holds under the v2 id ``value`` (a UUID is
    case-insensitive on input), the index rebuilt once when it holds nothing."""
    index = _index(engine)
    value = value.lower()
    found = table(index).get(value)
    if found is None:
        index.rebuild(engine)
        found = table(index).get(value)
    return found


def find_job(engine: PlanEngine, value: str, *, archived: bool = True) -> SimJob | None:
    """The job instance with the v2 id ``value`` (current plan, or archived ones too)."""
    job = _found(engine, value, lambda index: index.jobs)
    if job is None or (not archived and job.plan != "current"):
        return None
    return job


def find_stream(engine: PlanEngine, value: str) -> SimJobStream | None:
    """The job stream instance with the v2 id ``value``."""
    return _found(engine, value, lambda index: index.streams)


def find_model(engine: PlanEngine, value: str) -> JobStreamSpec | None:
    """The job stream definition with the v2 id ``value``."""
    return _found(engine, value, lambda index: index.models)


def find_definition(engine: PlanEngine, value: str) -> tuple[str, JobSpec] | None:
    """The job definition with the v2 id ``value``: its simulator key and spec."""
    key = _found(engine, value, lambda index: index.definitions)
    return (key, engine.definitions[key]) if key is not None else None
