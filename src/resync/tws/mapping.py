"""The one place that reads HWA's JSON and turns it into Resync's types.

Both shapes are read: the v2 shape the Developer's Guide shows (``workstation`` as a
path ``"/WS"``, model ids under ``def.id``, dependencies with ``dependencyType``, UUID
ids) and the older flat one (``workstationName``, a top-level ``id``, ``type``,
composite ids); v1 objects too. Ids are kept as the engine gave them, never parsed,
except here for an older object that names its job stream's workstation nowhere else
(the first part of a composite ``WS;JSID``).
Names the guide does not show are *unconfirmed* against a real engine (the Swagger at
``/twsd/WA_API3_v2.json`` is authoritative); every lookup goes through ``_first`` with
the alternatives we know, so correcting a name is a one-line change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from resync.tws.errors import TWSProtocolError
from resync.tws.models import (
    ActionResult,
    CommonStatus,
    Dependency,
    DependencyKind,
    EngineInfo,
    JobInstance,
    JobLog,
    JobState,
    JobStreamInstance,
    JobStreamState,
    Workstation,
    WorkstationType,
)

Json = Mapping[str, Any]


@cache
def _path(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def _get(data: Any, path: str) -> Any:
    for part in _path(path):
        # a plain dict (what JSON parses to) is checked without the slower ABC check
        if type(data) is not dict and not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def _first(data: Json, *paths: str) -> Any:
    for path in paths:
        value = _get(data, path)
        if value is not None:
            return value
    return None


def parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@cache
def _members(kind: type[StrEnum]) -> dict[str, StrEnum]:
    return {member.value: member for member in kind}


@cache
def _upper_members(kind: type[StrEnum]) -> dict[str, StrEnum]:
    """The members an upper-cased name can match (all of them for upper-case enums)."""
    return {value: member for value, member in _members(kind).items() if value == value.upper()}


def _enum(kind: type[StrEnum], value: Any, default: Any) -> Any:
    if value is None:
        return default
    members = _upper_members(kind)
    if type(value) is str and value in members:  # already upper case: skip upper()
        return members[value]
    return members.get(str(value).upper(), default)


def object_name(path: Any) -> str:
    """``"/FOLDER/WS"`` → ``"WS"``: the name at the end of a v2 object path."""
    return str(path or "").rstrip("/").rsplit("/", 1)[-1]


def _path_name(path: Any) -> str | None:
    return object_name(path) if path else None


def model_id(data: Json) -> str:
    """A model object's id: ``def.id`` (the documented v2 shape) or a top-level ``id``."""
    return str(_first(data, "def.id", "id") or "")


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


_WORKSTATION_TYPES = {kind.value for kind in WorkstationType}
_DEPENDENCY_KINDS = _members(DependencyKind)


class _Fields:
    """Where each field of one kind of HWA object is read: the first of its paths with a value.

    ``paths`` maps a field to the alternatives we know, in order (``a.b`` reads a nested
    object), exactly as :func:`_first` reads them. Each field also has a flat key, the
    name the v2 API uses (its first single-key path unless ``flat`` names another). An
    object in that flat shape (no key only an alternative reads, no object under a flat
    key a nested path reads) is read with one ``dict.get`` per field: every other path
    would find nothing there, so the value is the one :func:`_first` finds.
    """

    def __init__(
        self, paths: dict[str, tuple[str, ...]], flat: dict[str, str] | None = None
    ) -> None:
        self._paths = tuple(paths.items())
        keys = {field: next(p for p in alts if "." not in p) for field, alts in paths.items()}
        keys.update(flat or {})
        self._flat = tuple(keys.items())
        flat_keys = set(keys.values())
        others: set[str] = set()
        nested: set[str] = set()
        for field, alts in paths.items():
            if keys[field] not in alts:
                raise ValueError(f"the flat key of {field!r} is not one of its paths")
            for path in alts:
                head = path.split(".")[0]
                if head not in flat_keys:
                    others.add(head)  # must be absent
                elif "." in path:
                    nested.add(head)  # must not hold an object
                elif path != keys[field]:
                    raise ValueError(f"{path!r} is another field's flat key")
        self._others = frozenset(others)
        self._nested = tuple(sorted(nested))

    def read(self, data: Json) -> dict[str, Any]:
        if type(data) is dict and data.keys().isdisjoint(self._others):
            for key in self._nested:
                if isinstance(data.get(key), Mapping):
                    break
            else:
                return {field: data.get(key) for field, key in self._flat}
        return {field: _first(data, *alts) for field, alts in self._paths}


_JOB_FIELDS = _Fields(
    {
        "name": ("name", "jobName", "jobDefinition.name"),
        "state": ("status.internalStatus", "internalStatus", "status"),
        "common": ("status.commonStatus", "commonStatus"),
        "start": ("startTime", "actualStart"),
        "end": ("endTime", "actualEnd"),
        "duration": ("elapsedTime", "duration"),
        "rerun": ("rerunNumber", "rerunCount"),
        "job_stream": ("jobStreamName", "jobStreamInPlan.name"),
        "job_stream_id": ("jobStreamId", "jobStreamInPlan.id"),
        "job_stream_workstation": ("jobStreamWorkstation", "jobStreamInPlan.workstationKey.name"),
        "workstation": (
            "workstationName",
            "workstationKey.name",
            "jobStreamInPlan.workstationKey.name",
        ),
        "scheduled": ("scheduledTime", "jobStreamInPlan.startTime"),
        "command": ("taskString", "jobDefinition.taskString"),
    },
    flat={"state": "status"},
)
_DEPENDENCY_DETAIL = ("name", "text", "time", "resourceName", "promptText")
# The documented v2 dependencyType values and what Resync calls them.
_DEPENDENCY_TYPES = {
    "INTERNAL_JOB": DependencyKind.FOLLOWS,
    "EXTERNAL_JOB": DependencyKind.FOLLOWS,
    "EXTERNAL_JOBSTREAM": DependencyKind.FOLLOWS,
    "INTERNETWORK": DependencyKind.FOLLOWS,
    "RESOURCE": DependencyKind.RESOURCE,
    "PROMPT": DependencyKind.PROMPT,
    "TIME": DependencyKind.AT,
    "FILE": DependencyKind.FILE,
}
_JOB_LIST: TypeAdapter[list[JobInstance]] = TypeAdapter(list[JobInstance])


def _dependency_kind(data: Json) -> DependencyKind:
    documented = data.get("dependencyType")
    if documented is not None:
        return _DEPENDENCY_TYPES.get(str(documented).upper(), DependencyKind.FOLLOWS)
    legacy = _DEPENDENCY_KINDS.get(str(data.get("type") or "follows").lower())
    return DependencyKind(legacy) if legacy is not None else DependencyKind.FOLLOWS


def _dependency_fields(data: Json) -> dict[str, Any]:
    detail = None
    for key in _DEPENDENCY_DETAIL:
        detail = data.get(key)
        if detail is not None:
            break
    return {
        "kind": _dependency_kind(data),
        "job_id": data.get("jobId"),
        "job_name": data.get("jobName"),
        "job_stream": data.get("jobStreamName"),
        "job_stream_id": data.get("jobStreamId"),
        "job_stream_time": parse_time(data.get("jobStreamSchedTime")),
        "workstation": data.get("workstationName") or _path_name(data.get("jobStreamWorkstation")),
        "state": _enum(JobState, data.get("status"), None),
        "satisfied": bool(data.get("satisfied", False)),
        "detail": str(detail or ""),
    }


def _joined(found: Any) -> list[Any]:
    """The dependencies with each JOIN's ``members`` in its place (a JOIN has no job)."""
    listed = found if isinstance(found, list) else []
    return [
        member
        for dep in listed
        for member in (
            dep.get("members") or []
            if isinstance(dep, Mapping) and dep.get("dependencyType") == "JOIN"
            else [dep]
        )
    ]


def dependency(data: Json) -> Dependency:
    return Dependency.model_validate(_dependency_fields(data))


def _composite_workstation(*ids: Any) -> str:
    """The workstation in an older engine's composite ``WS;JSID[;JOB]`` (a UUID has none)."""
    for value in ids:
        if isinstance(value, str) and ";" in value:
            return value.split(";", 1)[0]
    return ""


def _job_fields(data: Json) -> dict[str, Any]:
    job_id = data.get("id")
    found = _JOB_FIELDS.read(data)
    name = found["name"]
    if not job_id or not name:
        raise TWSProtocolError("a job without id or name", messages=[str(dict(data))[:200]])
    stream_workstation = found["job_stream_workstation"]
    start = parse_time(found["start"])
    end = parse_time(found["end"])
    duration = found["duration"]
    if duration is None and start and end:
        duration = (end - start).total_seconds()
    return {
        "id": str(job_id),
        "name": str(name),
        "job_stream": str(found["job_stream"] or ""),
        "job_stream_id": str(found["job_stream_id"] or ""),
        "workstation": str(found["workstation"] or object_name(data.get("workstation"))),
        "job_stream_workstation": object_name(stream_workstation)
        if stream_workstation
        else _composite_workstation(found["job_stream_id"], job_id),
        "state": _enum(JobState, found["state"], JobState.HOLD),
        "common_status": _enum(CommonStatus, found["common"], CommonStatus.UNDECIDED),
        "return_code": _int(data.get("returnCode")),
        "abend_code": data.get("abendCode"),
        "start_time": start,
        "end_time": end,
        "duration": float(duration) if duration is not None else None,
        "scheduled_time": parse_time(found["scheduled"]),
        "estimated_duration": data.get("estimatedDuration"),
        "latest_start": parse_time(data.get("latestStart")),
        "deadline": parse_time(data.get("deadline")),
        "priority": _int(data.get("priority")) or 0,
        "rerun_count": _int(found["rerun"]) or 0,
        "is_last_in_chain": bool(data.get("lastInRerunChain", True)),
        "held": bool(data.get("held", False)),
        "command": found["command"],
        "plan": str(data.get("plan") or "current"),
        "dependencies": [
            _dependency_fields(d)
            for d in _joined(data.get("dependencies"))
            if isinstance(d, Mapping)
        ],
    }


def job(data: Json) -> JobInstance:
    """A job instance from a v2 object (flat) or a v1 object (``jobStreamInPlan``…)."""
    return JobInstance.model_validate(_job_fields(data))


def jobs(items: list[Json]) -> tuple[JobInstance, ...]:
    """:func:`job` for each item, validated as one list (much cheaper for long lists)."""
    return tuple(_JOB_LIST.validate_python([_job_fields(item) for item in items]))


def job_stream(data: Json) -> JobStreamInstance:
    state = _enum(
        JobStreamState, _first(data, "status.internalStatus", "status"), JobStreamState.HOLD
    )
    return JobStreamInstance(
        id=str(data.get("id") or ""),
        name=str(_first(data, "name", "key.name") or ""),
        workstation=str(
            _first(data, "workstationName", "key.workstationKey.name")
            or object_name(data.get("workstation"))
        ),
        state=state,
        common_status=_enum(
            CommonStatus,
            _first(data, "commonStatus", "status.commonStatus"),
            CommonStatus.UNDECIDED,
        ),
        start_time=parse_time(_first(data, "startTime", "key.startTime")),
        actual_start=parse_time(data.get("actualStartTime")),
        end_time=parse_time(data.get("endTime")),
        job_count=_int(data.get("jobCount")) or 0,
        jobs_by_state={str(k): int(v) for k, v in (data.get("jobsByStatus") or {}).items()},
        priority=_int(data.get("priority")) or 0,
        held=bool(data.get("held", False)),
    )


def workstation(data: Json) -> Workstation:
    kind = str(data.get("type") or "fta").lower().replace("_", "-")
    return Workstation(
        name=str(_first(data, "name", "key.name") or ""),
        type=WorkstationType(kind) if kind in _WORKSTATION_TYPES else WorkstationType.FTA,
        linked=bool(data.get("linked", str(data.get("status", "")).upper() == "LINKED")),
        jobman_running=bool(data.get("jobmanRunning", True)),
        os=str(data.get("os") or ""),
        domain=str(data.get("domain") or "MASTERDM"),
        fence=_int(data.get("fence")) or 0,
        limit=_int(data.get("limit")),
        members=[str(m) for m in data.get("members") or []],
        running_jobs=_int(data.get("runningJobs")) or 0,
    )


def engine_info(data: Json, host: str = "") -> EngineInfo:
    return EngineInfo(
        engine_name=str(_first(data, "engineName", "name") or "HWA"),
        version=str(_first(data, "engineVersion", "version") or "unknown"),
        plan_start=parse_time(_first(data, "planStart", "synphonyPlanStart")),
        plan_end=parse_time(_first(data, "planEnd", "synphonyPlanEnd")),
        master=str(_first(data, "masterWorkstation", "master") or ""),
        time_zone=str(data.get("timeZone") or "UTC"),
        current_time=parse_time(data.get("currentTime")),
        simulated=bool(data.get("simulated", False)),
        host=host,
    )


def envelope(data: Any) -> tuple[int, list[Json]]:
    """``{"count", "results"}`` (v2) or a bare list (v1) → (count, items)."""
    if isinstance(data, list):
        return len(data), [item for item in data if isinstance(item, Mapping)]
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        items = [item for item in data["results"] if isinstance(item, Mapping)]
        return int(data.get("count", len(items))), items
    raise TWSProtocolError("expected a list or a {count, results} envelope")


def job_log(job_id: str, text: str, from_line: int | None, total: int | None) -> JobLog:
    lines = text.splitlines()
    first = from_line or 1
    return JobLog(
        job_id=job_id,
        text=text,
        from_line=first,
        to_line=first + len(lines) - 1 if lines else None,
        total_lines=total if total is not None else len(lines),
    )


def action_result(action: str, target: str, status: int, data: Any) -> ActionResult:
    messages: list[str] = []
    new_ids: list[str] = []
    if isinstance(data, Mapping):
        messages = [str(m) for m in data.get("messages") or []]
        for item in data.get("results") or []:
            if isinstance(item, Mapping):
                new_id = item.get("newId") or (item.get("id") if action == "submit" else None)
                if new_id:
                    new_ids.append(str(new_id))
    elif isinstance(data, list):
        new_ids = [str(item) for item in data if isinstance(item, str)]
    return ActionResult(
        action=action, target=target, status_code=status, messages=messages, new_ids=new_ids
    )


def server_messages(data: Any) -> list[str]:
    if isinstance(data, Mapping):
        raw = data.get("messages")
        if isinstance(raw, list):
            return [str(m) for m in raw]
        if isinstance(raw, str):
            return [raw]
        if data.get("message"):
            return [str(data["message"])]
    return []
