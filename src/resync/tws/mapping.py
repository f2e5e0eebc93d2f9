"""The one place that reads HWA's JSON and turns it into Resync's types.

v2 field names are *unconfirmed* against a real engine (the spec's Swagger at
``/twsd/WA_API3_v2.json`` is authoritative); every lookup goes through ``_first`` with
the alternatives we know, so correcting a name is a one-line change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import Any

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


def _enum(kind: type[StrEnum], value: Any, default: Any) -> Any:
    if value is None:
        return default
    return _members(kind).get(str(value).upper(), default)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


_WORKSTATION_TYPES = {kind.value for kind in WorkstationType}


def dependency(data: Json) -> Dependency:
    kind_name = str(data.get("type") or "follows").lower()
    kind = _members(DependencyKind).get(kind_name, DependencyKind.FOLLOWS)
    detail = _first(data, "name", "text", "time") or ""
    return Dependency(
        kind=kind,
        job_id=data.get("jobId"),
        job_name=data.get("jobName"),
        job_stream=data.get("jobStreamName"),
        workstation=data.get("workstationName"),
        state=_enum(JobState, data.get("status"), None),
        satisfied=bool(data.get("satisfied", False)),
        detail=str(detail),
    )


def job(data: Json) -> JobInstance:
    """A job instance from a v2 object (flat) or a v1 object (``jobStreamInPlan``…)."""
    job_id = data.get("id")
    name = _first(data, "name", "jobName", "jobDefinition.name")
    if not job_id or not name:
        raise TWSProtocolError("a job without id or name", messages=[str(dict(data))[:200]])
    state = _enum(
        JobState, _first(data, "status.internalStatus", "internalStatus", "status"), JobState.HOLD
    )
    common = _enum(
        CommonStatus, _first(data, "status.commonStatus", "commonStatus"), CommonStatus.UNDECIDED
    )
    start = parse_time(_first(data, "startTime", "actualStart"))
    end = parse_time(_first(data, "endTime", "actualEnd"))
    duration = _first(data, "elapsedTime", "duration")
    if duration is None and start and end:
        duration = (end - start).total_seconds()
    rerun = _int(_first(data, "rerunNumber", "rerunCount")) or 0
    return JobInstance(
        id=str(job_id),
        name=str(name),
        job_stream=str(_first(data, "jobStreamName", "jobStreamInPlan.name") or ""),
        job_stream_id=str(_first(data, "jobStreamId", "jobStreamInPlan.id") or ""),
        workstation=str(
            _first(
                data,
                "workstationName",
                "workstationKey.name",
                "jobStreamInPlan.workstationKey.name",
            )
            or ""
        ),
        state=state,
        common_status=common,
        return_code=_int(data.get("returnCode")),
        abend_code=data.get("abendCode"),
        start_time=start,
        end_time=end,
        duration=float(duration) if duration is not None else None,
        scheduled_time=parse_time(_first(data, "scheduledTime", "jobStreamInPlan.startTime")),
        estimated_duration=data.get("estimatedDuration"),
        priority=_int(data.get("priority")) or 0,
        rerun_count=rerun,
        is_last_in_chain=bool(data.get("lastInRerunChain", True)),
        held=bool(data.get("held", False)),
        command=_first(data, "taskString", "jobDefinition.taskString"),
        plan=str(data.get("plan") or "current"),
        dependencies=[
            dependency(d) for d in data.get("dependencies") or [] if isinstance(d, Mapping)
        ],
    )


def job_stream(data: Json) -> JobStreamInstance:
    state = _enum(
        JobStreamState, _first(data, "status.internalStatus", "status"), JobStreamState.HOLD
    )
    return JobStreamInstance(
        id=str(data.get("id") or ""),
        name=str(_first(data, "name", "key.name") or ""),
        workstation=str(_first(data, "workstationName", "key.workstationKey.name") or ""),
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
    kind = str(data.get("type") or "fta").lower()
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
        plan_start=parse_time(data.get("planStart")),
        plan_end=parse_time(data.get("planEnd")),
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
