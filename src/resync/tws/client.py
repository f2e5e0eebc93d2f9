"""The HWA REST client Resync uses everywhere (v2 API, OQL queries).

Reads go through a short-TTL cache with single-flight coalescing (many identical
concurrent reads make one upstream request); actions invalidate that cache and are
never retried blindly. See :mod:`resync.tws.transport` for hosts, auth, retries and the
circuit breaker.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict, TypeVar
from urllib.parse import quote

import httpx
import structlog
from prometheus_client import CollectorRegistry
from typing_extensions import Unpack

from resync.tws import mapping
from resync.tws.cache import ReadCache
from resync.tws.errors import TWSBadRequest, TWSNotFound
from resync.tws.job_views import JobListRead, JobView
from resync.tws.metrics import HWAMetrics
from resync.tws.models import (
    ActionResult,
    Dependency,
    EngineInfo,
    JobInstance,
    JobLog,
    JobState,
    JobStreamInstance,
    JobStreamState,
    Workstation,
)
from resync.tws.transport import HWAConnection, HWATransport, json_body

log = structlog.get_logger(__name__)

V2 = "/api/v2"
PlanScope = Literal["current", "archive", "all"]
T = TypeVar("T")


def oql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _name_clause(field: str, value: str) -> str:
    value = value.strip().upper()
    if any(char in value for char in "*@%"):
        return f"{field} LIKE {oql_literal(value.replace('*', '@'))}"
    return f"{field} = {oql_literal(value)}"


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class JobFilters(TypedDict, total=False):
    """What the plan's job reads filter on (``since``/``until`` bound the start time)."""

    name: str | None
    stream: str | None
    workstation: str | None
    states: Sequence[JobState] | None
    since: datetime | None
    until: datetime | None
    plan: PlanScope


def _job_query(filters: JobFilters) -> dict[str, Any]:
    """The query parameters of a job read: its OQL, and the plan when not the current one."""
    plan = filters.get("plan", "current")
    oql = job_oql(
        name=filters.get("name"),
        stream=filters.get("stream"),
        workstation=filters.get("workstation"),
        states=filters.get("states"),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return {"oql": oql} if plan == "current" else {"oql": oql, "plan": plan}


def job_oql(
    *,
    name: str | None = None,
    stream: str | None = None,
    workstation: str | None = None,
    states: Sequence[JobState | str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> str:
    """An OQL filter for jobs in the plan (``since``/``until`` bound the start time)."""
    clauses = []
    if name:
        clauses.append(_name_clause("name", name))
    if stream:
        clauses.append(_name_clause("jobStreamName", stream))
    if workstation:
        clauses.append(_name_clause("workstationName", workstation))
    if states:
        values = ", ".join(oql_literal(JobState(str(s).upper()).value) for s in states)
        clauses.append(f"status IN [{values}]")
    if since:
        clauses.append(f"startTime >= {oql_literal(_iso(since))}")
    if until:
        clauses.append(f"startTime < {oql_literal(_iso(until))}")
    return " AND ".join(clauses)


class HWAClient:
    def __init__(
        self,
        connection: HWAConnection,
        *,
        registry: CollectorRegistry | None = None,
        metrics: HWAMetrics | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        cache_ttl: float = 5.0,
    ) -> None:
        self.metrics = metrics or HWAMetrics(registry)
        self.http = HWATransport(connection, self.metrics, transport)
        self.cache = ReadCache(cache_ttl)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> HWAClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- reads ---------------------------------------------------------------------------
    async def _read(
        self,
        endpoint: str,
        path: str,
        params: dict[str, Any] | None,
        parse: Callable[[httpx.Response], Any],
        *,
        cached: bool = True,
    ) -> Any:
        async def fetch() -> Any:
            response = await self.http.request(
                "GET", path, endpoint=endpoint, idempotent=True, params=params
            )
            return parse(response)

        if not cached:
            self.metrics.calls.labels(endpoint, "uncached").inc()
            return await fetch()
        key = (path, tuple(sorted((params or {}).items())))
        value, source = await self.cache.get(key, fetch)
        self.metrics.calls.labels(endpoint, source).inc()
        return value

    async def list_jobs(
        self, *, limit: int = 500, **filters: Unpack[JobFilters]
    ) -> list[JobInstance]:
        read = await self._job_list_read(limit, filters)
        return list(read.jobs)

    async def job_view(
        self, make: JobView[T], *, limit: int = 500, **filters: Unpack[JobFilters]
    ) -> T:
        """``make(jobs)`` for the jobs :meth:`list_jobs` returns, computed once per cached read.

        ``make`` must be a pure function of the jobs, the same function object every call,
        and its result is shared: read-only (see :class:`resync.tws.job_views.JobListRead`).
        """
        read = await self._job_list_read(limit, filters)
        return read.view(make)

    async def _job_list_read(self, limit: int, filters: JobFilters) -> JobListRead:
        params = {**_job_query(filters), "limit": limit}
        read: JobListRead = await self._read("plan.job.list", f"{V2}/plan/job", params, _jobs)
        return read

    async def count_jobs(self, **filters: Unpack[JobFilters]) -> int:
        count = await self._read(
            "plan.job.count",
            f"{V2}/plan/job/count",
            _job_query(filters),
            lambda r: int(json_body(r).get("count", 0)),
        )
        return int(count)

    async def get_job(self, job_id: str) -> JobInstance:
        path = f"{V2}/plan/job/{quote(job_id, safe='')}"
        job: JobInstance = await self._read(
            "plan.job.get", path, None, lambda r: mapping.job(json_body(r))
        )
        return job

    async def find_jobs(self, name: str) -> list[JobInstance]:
        """Jobs with this name in the plan, the last of each rerun chain and newest first."""
        jobs = await self.list_jobs(name=name)
        epoch = datetime.min.replace(tzinfo=UTC)
        return sorted(
            jobs,
            key=lambda j: (j.is_last_in_chain, j.scheduled_time or epoch, j.rerun_count),
            reverse=True,
        )

    async def _neighbours(self, job_id: str, direction: str, depth: int) -> list[Dependency]:
        path = f"{V2}/plan/job/{quote(job_id, safe='')}/{direction}"
        deps = await self._read(f"plan.job.{direction}", path, {"depth": depth}, _dependencies)
        return list(deps)

    async def predecessors(self, job_id: str, depth: int = 1) -> list[Dependency]:
        return await self._neighbours(job_id, "predecessors", depth)

    async def successors(self, job_id: str, depth: int = 1) -> list[Dependency]:
        return await self._neighbours(job_id, "successors", depth)

    async def job_log(
        self, job_id: str, from_line: int | None = None, to_line: int | None = None
    ) -> JobLog:
        params: dict[str, Any] = {"oql": f"id = {oql_literal(job_id)}"}
        if from_line is not None:
            params["from_line"] = from_line
        if to_line is not None:
            params["to_line"] = to_line

        def parse(response: httpx.Response) -> JobLog:
            total = response.headers.get("x-total-lines")
            return mapping.job_log(
                job_id, response.text, from_line, int(total) if total and total.isdigit() else None
            )

        log_: JobLog = await self._read("plan.job.joblog", f"{V2}/plan/job/joblog", params, parse)
        return log_

    async def list_job_streams(
        self,
        *,
        name: str | None = None,
        workstation: str | None = None,
        states: Sequence[JobStreamState] | None = None,
        limit: int = 500,
    ) -> list[JobStreamInstance]:
        clauses = []
        if name:
            clauses.append(_name_clause("name", name))
        if workstation:
            clauses.append(_name_clause("workstationName", workstation))
        if states:
            values = ", ".join(oql_literal(JobStreamState(str(s)).value) for s in states)
            clauses.append(f"status IN [{values}]")
        params = {"oql": " AND ".join(clauses), "limit": limit}
        streams = await self._read(
            "plan.jobstream.list",
            f"{V2}/plan/jobstream",
            params,
            lambda r: [mapping.job_stream(i) for i in mapping.envelope(json_body(r))[1]],
        )
        return list(streams)

    async def list_workstations(self) -> list[Workstation]:
        found = await self._read(
            "plan.workstation.list",
            f"{V2}/plan/workstation",
            None,
            lambda r: [mapping.workstation(i) for i in mapping.envelope(json_body(r))[1]],
        )
        return list(found)

    async def engine_info(self, *, cached: bool = True) -> EngineInfo:
        info: EngineInfo = await self._read(
            "engine.info",
            f"{V2}/engine/info",
            None,
            lambda r: mapping.engine_info(json_body(r), self.http.current_host),
            cached=cached,
        )
        return info

    async def job_history(
        self, name: str, since: datetime, until: datetime | None = None, limit: int = 5000
    ) -> list[JobInstance]:
        """Completed runs of a job (previous plan days and today), oldest first."""
        jobs = await self.list_jobs(name=name, since=since, until=until, limit=limit, plan="all")
        done = [j for j in jobs if j.end_time is not None and j.start_time is not None]
        return sorted(done, key=lambda j: j.start_time or since)

    # -- actions -------------------------------------------------------------------------
    async def _act(
        self, action: str, target: str, call: Callable[[], Awaitable[httpx.Response]]
    ) -> ActionResult:
        self.metrics.calls.labels(f"action.{action}", "action").inc()
        try:
            response = await call()
        finally:
            self.cache.invalidate()  # whatever happened, the plan may have changed
        data = json_body(response) if response.content else None
        result = mapping.action_result(action, target, response.status_code, data)
        if isinstance(data, dict) and data.get("count") == 0:
            raise TWSNotFound(f"no job matched {target}", messages=result.messages)
        log.info("hwa_action_done", action=action, target=target, new_ids=result.new_ids)
        return result

    async def _job_action(self, action: str, job_id: str) -> ActionResult:
        async def call() -> httpx.Response:
            return await self.http.request(
                "PUT",
                f"{V2}/plan/job/action/{action}",
                endpoint=f"action.{action}",
                idempotent=False,
                params={"oql": f"id = {oql_literal(job_id)}"},
                json={},
            )

        return await self._act(action, job_id, call)

    async def rerun(self, job_id: str) -> ActionResult:
        return await self._job_action("rerun", job_id)

    async def hold(self, job_id: str) -> ActionResult:
        return await self._job_action("hold", job_id)

    async def kill(self, job_id: str) -> ActionResult:
        return await self._job_action("kill", job_id)

    async def cancel(self, job_id: str) -> ActionResult:
        # v2 cancel by filter is unconfirmed (the spec lists rerun/kill/hold/confirm-*).
        return await self._job_action("cancel", job_id)

    async def confirm(self, job_id: str, outcome: Literal["SUCC", "ABEND"]) -> ActionResult:
        if outcome not in ("SUCC", "ABEND"):
            raise TWSBadRequest(f"confirm needs SUCC or ABEND, not {outcome!r}")
        return await self._job_action(f"confirm-{outcome.lower()}", job_id)

    async def release(self, job_id: str) -> ActionResult:
        async def call() -> httpx.Response:
            return await self.http.request(
                "PUT",
                f"{V2}/plan/job/{quote(job_id, safe='')}/action/release",
                endpoint="action.release",
                idempotent=False,
                json={},
            )

        return await self._act("release", job_id, call)

    async def reply_prompt(self, job_id: str, yes: bool = True) -> ActionResult:
        """Answer the prompt ``job_id`` waits on (``GET /plan/prompt`` finds it by job, then
        ``PUT /plan/prompt/{id}/action/reply`` with ``{"reply": "YES" | "NO"}``)."""
        response = await self.http.request(
            "GET", f"{V2}/plan/prompt", endpoint="plan.prompt", idempotent=True
        )
        _, prompts = mapping.envelope(json_body(response))
        waiting = [
            p
            for p in prompts
            if isinstance(p, dict) and p.get("jobId") == job_id and p.get("status") == "ASKED"
        ]
        if not waiting:
            raise TWSNotFound(f"no prompt of job {job_id} is waiting for a reply")
        prompt_id = str(waiting[0].get("id") or "")

        async def call() -> httpx.Response:
            return await self.http.request(
                "PUT",
                f"{V2}/plan/prompt/{quote(prompt_id, safe='')}/action/reply",
                endpoint="action.reply_prompt",
                idempotent=False,
                json={"reply": "YES" if yes else "NO"},
            )

        return await self._act("reply_prompt", job_id, call)

    async def submit_job_stream(
        self,
        stream: str,
        workstation: str,
        *,
        arrival: datetime | None = None,
        alias: str | None = None,
    ) -> ActionResult:
        """Submit a job stream definition into the current plan (its model id is looked up)."""
        oql = f"{_name_clause('name', stream)} AND {_name_clause('workstationName', workstation)}"
        response = await self.http.request(
            "GET",
            f"{V2}/model/jobstream",
            endpoint="model.jobstream",
            idempotent=True,
            params={"oql": oql},
        )
        _, models = mapping.envelope(json_body(response))
        model_id = mapping.model_id(models[0]) if models else ""
        if not model_id:
            raise TWSNotFound(f"job stream {workstation}#{stream} is not defined")
        body: dict[str, Any] = {}  # without an arrival time the engine uses its own now
        if arrival is not None:
            body["inputArrivalTime"] = _iso(arrival)
        if alias:
            body["alias"] = alias

        async def call() -> httpx.Response:
            return await self.http.request(
                "POST",
                f"{V2}/plan/jobstream/{quote(model_id, safe='')}/submit",
                endpoint="action.submit",
                idempotent=False,
                json=body,
            )

        return await self._act("submit", f"{workstation}#{stream}", call)


def _jobs(response: httpx.Response) -> JobListRead:
    return JobListRead(mapping.jobs(mapping.envelope(json_body(response))[1]))


def _dependencies(response: httpx.Response) -> list[Dependency]:
    return [mapping.dependency(item) for item in mapping.envelope(json_body(response))[1]]
