"""The client against an engine answering the older (pre-documented) v2 shapes.

The simulator answers the Developer's Guide's shapes; this small engine answers the
flat ones (``workstationName``, a model's top-level ``id``, dependencies with ``type``),
over real HTTP, so both are read by the same client code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from resync.tws.models import DependencyKind, JobState
from tests.tws.conftest import ClientFactory, serve

STREAM = {
    "id": "MDM;0AAAAAAAAAAAB2C1",
    "name": "JS_OLD",
    "workstationName": "MDM",
    "status": "EXEC",
    "commonStatus": "RUNNING",
    "startTime": "2026-03-10T06:00:00Z",
}
JOB = {
    "id": "MDM;0AAAAAAAAAAAB2C1;OLD_02",
    "name": "OLD_02",
    "jobStreamName": "JS_OLD",
    "jobStreamId": "MDM;0AAAAAAAAAAAB2C1",
    "workstationName": "FTA01",
    "status": "HOLD",
    "dependencies": [
        {
            "type": "follows",
            "jobId": "MDM;0AAAAAAAAAAAB2C1;OLD_01",
            "jobName": "OLD_01",
            "jobStreamName": "JS_OLD",
            "workstationName": "FTA01",
            "status": "ABEND",
            "satisfied": False,
        },
        {"type": "resource", "name": "TAPE_DRV", "satisfied": True},
    ],
}
MODEL = {"id": "JS00421234", "key": {"name": "JS_OLD", "workstationName": "MDM"}}


@pytest.fixture
def older_engine() -> Iterator[tuple[str, list[Any]]]:
    submitted: list[Any] = []

    async def streams(request: Request) -> Response:
        return JSONResponse({"count": 1, "results": [STREAM]})

    async def job(request: Request) -> Response:
        return JSONResponse(JOB)

    async def models(request: Request) -> Response:
        return JSONResponse({"count": 1, "results": [MODEL]})

    async def submit(request: Request) -> Response:
        submitted.append((request.path_params["model_id"], await request.json()))
        return JSONResponse({"count": 1, "results": [{"id": "MDM;0AAAAAAAAAAAB2C9"}]})

    v2 = "/twsd/api/v2"
    app = Starlette(
        routes=[
            Route(f"{v2}/plan/jobstream", streams),
            Route(f"{v2}/plan/job/{{job_id}}", job),
            Route(f"{v2}/model/jobstream", models),
            Route(f"{v2}/plan/jobstream/{{model_id}}/submit", submit, methods=["POST"]),
        ]
    )
    with serve(app) as port:
        yield f"http://127.0.0.1:{port}/twsd", submitted


async def test_the_client_reads_the_older_shapes(
    older_engine: tuple[str, list[Any]], make_client: ClientFactory
) -> None:
    url, submitted = older_engine
    client = make_client(url)
    [stream] = await client.list_job_streams()
    assert (stream.name, stream.workstation) == ("JS_OLD", "MDM")
    job = await client.get_job(JOB["id"])  # type: ignore[arg-type]
    assert job.workstation == "FTA01" and job.state is JobState.HOLD
    kinds = [(d.kind, d.satisfied, d.state) for d in job.dependencies]
    assert kinds == [
        (DependencyKind.FOLLOWS, False, JobState.ABEND),
        (DependencyKind.RESOURCE, True, None),
    ]
    result = await client.submit_job_stream("JS_OLD", "MDM")
    assert result.new_ids == ["MDM;0AAAAAAAAAAAB2C9"]
    assert submitted == [("JS00421234", {})]  # the model's top-level id; no arrival sent
