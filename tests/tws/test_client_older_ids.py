"""The client against an engine whose v2 answers carry composite ids (``WS;JSID;JOB``).

The simulator answers the Developer's Guide's UUIDs and refuses composite ids on v2
(``test_client_contract.py``); this small engine answers the older composite ones over
real HTTP and records what the client sends back: the ids exactly as it gave them, in
paths and in ``id = '…'`` filters, and the names Resync shows read from the fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from resync.plan.names import instance_target, job_name, parse_target, select_jobs
from tests.tws.conftest import ClientFactory, serve
from tests.tws.test_client_older_shapes import JOB

PREDECESSOR = "MDM;0AAAAAAAAAAAB2C1;OLD_01"
RERUN = "MDM;0AAAAAAAAAAAB2C1;OLD_02;1"
PROMPT = {"id": "PROMPT_7", "status": "ASKED", "jobId": JOB["id"]}


@pytest.fixture
def composite_engine() -> Iterator[tuple[str, list[tuple[str, str, Any]]]]:
    seen: list[tuple[str, str, Any]] = []  # (method, path as sent, oql)

    def record(request: Request) -> None:
        path = request.scope["raw_path"].decode()
        seen.append((request.method, path, request.query_params.get("oql")))

    async def jobs(request: Request) -> Response:
        record(request)
        return JSONResponse({"count": 1, "results": [JOB]})

    async def job(request: Request) -> Response:
        record(request)
        return JSONResponse(JOB)

    async def predecessors(request: Request) -> Response:
        record(request)
        return JSONResponse({"count": 1, "results": JOB["dependencies"][:1]})

    async def joblog(request: Request) -> Response:
        record(request)
        return PlainTextResponse("line 1\nline 2\n", headers={"X-Total-Lines": "2"})

    async def rerun(request: Request) -> Response:
        record(request)
        return JSONResponse({"count": 1, "results": [{"id": JOB["id"], "newId": RERUN}]})

    async def release(request: Request) -> Response:
        record(request)
        return JSONResponse({"count": 1, "results": [{"id": JOB["id"]}]})

    async def prompts(request: Request) -> Response:
        record(request)
        return JSONResponse({"count": 1, "results": [PROMPT]})

    v2 = "/twsd/api/v2/plan"
    app = Starlette(
        routes=[
            Route(f"{v2}/job", jobs),
            Route(f"{v2}/job/joblog", joblog),
            Route(f"{v2}/job/action/rerun", rerun, methods=["PUT"]),
            Route(f"{v2}/job/{{job_id}}", job),
            Route(f"{v2}/job/{{job_id}}/predecessors", predecessors),
            Route(f"{v2}/job/{{job_id}}/action/release", release, methods=["PUT"]),
            Route(f"{v2}/prompt", prompts),
            Route(f"{v2}/prompt/{{prompt_id}}/action/reply", release, methods=["PUT"]),
        ]
    )
    with serve(app) as port:
        yield f"http://127.0.0.1:{port}/twsd", seen


async def test_the_client_sends_back_the_composite_ids_it_was_given(
    composite_engine: tuple[str, list[tuple[str, str, Any]]], make_client: ClientFactory
) -> None:
    url, seen = composite_engine
    client = make_client(url)
    [found] = await client.find_jobs("OLD_02")
    assert found.id == JOB["id"] and found.job_stream_id == JOB["jobStreamId"]
    assert (found.workstation, found.job_stream_workstation) == ("FTA01", "MDM")
    assert job_name(found) == "MDM#JS_OLD.OLD_02"  # conman's selector, unchanged
    assert found.chain_id == JOB["id"]  # on this engine the chain is the first run's id
    assert found.dependencies[0].job_id == PREDECESSOR
    seen.clear()
    await client.get_job(found.id)
    await client.predecessors(found.id)
    await client.job_log(found.id)
    rerun = await client.rerun(found.id)
    await client.release(found.id)
    await client.reply_prompt(found.id)
    assert rerun.new_ids == [RERUN]
    quoted = "MDM%3B0AAAAAAAAAAAB2C1%3BOLD_02"
    oql = f"id = '{JOB['id']}'"
    assert seen == [
        ("GET", f"/twsd/api/v2/plan/job/{quoted}", None),
        ("GET", f"/twsd/api/v2/plan/job/{quoted}/predecessors", None),
        ("GET", "/twsd/api/v2/plan/job/joblog", oql),
        ("PUT", "/twsd/api/v2/plan/job/action/rerun", oql),
        ("PUT", f"/twsd/api/v2/plan/job/{quoted}/action/release", None),
        ("GET", "/twsd/api/v2/plan/prompt", None),
        ("PUT", "/twsd/api/v2/plan/prompt/PROMPT_7/action/reply", None),
    ]


async def test_a_typed_composite_id_selects_the_job_on_either_engine(
    composite_engine: tuple[str, list[tuple[str, str, Any]]], make_client: ClientFactory
) -> None:
    url, _ = composite_engine
    [found] = await make_client(url).find_jobs("OLD_02")
    assert select_jobs([found], parse_target(str(JOB["id"]))) == [found]
    assert select_jobs([found], parse_target("MDM;0AAAAAAAAAAAZZZZ;OLD_02")) == []
    assert select_jobs([found], instance_target(found)) == [found]
    uuid_engine = found.model_copy(
        update={"id": "8284ed60-2aab-3600-95e4-05c47455d16a", "job_stream_id": "63a46e0f"}
    )
    # a UUID engine names no JSID: the job name and the stream's workstation decide
    assert select_jobs([uuid_engine], parse_target("MDM;0AAAAAAAAAAAZZZZ;OLD_02")) == [uuid_engine]
    assert select_jobs([uuid_engine], parse_target("FTA09;0AAAAAAAAAAAB2C1;OLD_02")) == []
