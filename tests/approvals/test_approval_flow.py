"""Plan changes through approvals against the embedded simulator (``services.tws``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.errors import ResyncError
from tests.approvals.helpers import (
    JUSTIFICATION,
    OLGA,
    OTTO,
    VERA,
    add_people,
    plan_jobs,
    request_change,
    services_of,
)
from tests.fixtures.auth_clients import ADMIN


def test_a_rerun_goes_from_request_to_a_new_instance_once(api: TestClient) -> None:
    add_people(api)
    original = plan_jobs(api, "PAYROLL_01")
    assert [job.state.value for job in original] == ["ABEND"]
    services = services_of(api)
    events: list[dict[str, Any]] = []

    async def listen(ready: asyncio.Event) -> None:
        async with services.bus.subscribe("approvals") as subscription:
            ready.set()
            async for payload in subscription:
                events.append(payload)
                if payload["status"] in ("succeeded", "failed"):
                    return

    async def start_listening() -> asyncio.Task[None]:
        ready = asyncio.Event()
        task = asyncio.create_task(listen(ready))
        await ready.wait()
        return task

    assert api.portal is not None
    listener = api.portal.call(start_listening)

    request = request_change(api, "rerun", "PAYROLL_01")
    assert request["status"] == "pending" and request["requester"] == "otto"
    assert request["plan_id"] == original[0].id and request["target_state"] == "ABEND"
    assert request["snapshot"]["return_code"] == 12
    assert request["risk"] == "high"  # JS_PAYROLL is a critical stream
    assert plan_jobs(api, "PAYROLL_01")[0].id == original[0].id  # nothing happened yet

    pending = api.get("/api/v1/approvals", headers=VERA, params={"status": "pending"}).json()
    assert [r["id"] for r in pending] == [request["id"]]

    done = api.post(
        f"/api/v1/approvals/{request['id']}/approve", headers=OLGA, json={"comment": "ok"}
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "succeeded" and body["decided_by"] == "olga"
    instances = plan_jobs(api, "PAYROLL_01")
    assert body["result"]["new_ids"] == [instances[0].id]  # the id the engine returned
    assert [job.id for job in instances][1:] == [original[0].id]
    assert instances[0].is_last_in_chain and instances[0].rerun_count == 1
    assert instances[0].chain_id == original[0].chain_id

    again = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=OLGA, json={})
    assert again.status_code == 409
    assert len(plan_jobs(api, "PAYROLL_01")) == 2

    api.portal.call(asyncio.wait_for, listener, 5)
    statuses = [e["status"] for e in events]
    assert statuses == ["pending", "approved", "executing", "succeeded"]
    assert all(e["requester"] == "otto" and e["id"] == request["id"] for e in events)

    audit = api.get("/api/v1/audit", headers=ADMIN, params={"limit": 50}).json()
    trail = [(e["action"], e["actor"]) for e in audit if e["target"] == f"approval:{request['id']}"]
    assert trail == [
        ("approval.outcome", "olga"),
        ("approval.approve", "olga"),
        ("approval.request", "otto"),
    ]


def test_two_concurrent_approvals_execute_once(api: TestClient) -> None:
    add_people(api)
    request = request_change(api, "rerun", "PAYROLL_01")
    services = services_of(api)
    approvers = [
        AuthenticatedUser(id=2, username="otto", role=Role.operator),
        AuthenticatedUser(id=3, username="olga", role=Role.operator),
    ]

    async def race() -> list[Any]:
        return await asyncio.gather(
            *(services.approvals.approve(request["id"], who, "go") for who in approvers),
            return_exceptions=True,
        )

    assert api.portal is not None
    outcomes = api.portal.call(race)
    winners = [o for o in outcomes if not isinstance(o, BaseException)]
    losers = [o for o in outcomes if isinstance(o, ResyncError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert winners[0].status.value == "succeeded"
    assert losers[0].status_code == 409 and "já está" in losers[0].detail
    instances = plan_jobs(api, "PAYROLL_01")
    assert len(instances) == 2 and instances[0].rerun_count == 1


def test_a_target_that_changed_meanwhile_is_refused_with_the_reason(api: TestClient) -> None:
    add_people(api)
    request = request_change(api, "rerun", "PAYROLL_01")
    job_id = request["plan_id"]
    services = services_of(api)
    assert api.portal is not None
    api.portal.call(services.tws.rerun, job_id)  # someone reran it from the console

    answer = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=OLGA, json={})
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "failed"
    assert "já foi reexecutado" in body["reason"] and body["result"]["sent"] is False
    assert len(plan_jobs(api, "PAYROLL_01")) == 2  # no second rerun


def test_a_viewer_can_read_but_not_request_or_approve(api: TestClient) -> None:
    add_people(api)
    request = request_change(api, "rerun", "PAYROLL_01")
    denied = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=VERA, json={})
    assert denied.status_code == 403
    assert (
        api.post(
            "/api/v1/approvals",
            headers=VERA,
            json={"action": "rerun", "target": "PAYROLL_01", "justification": JUSTIFICATION},
        ).status_code
        == 403
    )
    assert api.get(f"/api/v1/approvals/{request['id']}", headers=VERA).json()["status"] == (
        "pending"
    )
    services = services_of(api)
    viewer = AuthenticatedUser(id=4, username="vera", role=Role.viewer)
    assert api.portal is not None
    try:
        api.portal.call(services.approvals.approve, request["id"], viewer, "")
    except ResyncError as exc:
        assert exc.status_code == 403
    else:
        raise AssertionError("the service let a viewer approve")
    assert len(plan_jobs(api, "PAYROLL_01")) == 1


def test_four_eyes_needs_a_second_person(make_client: Callable[..., TestClient]) -> None:
    api = make_client(approvals_four_eyes=True)
    add_people(api)
    request = request_change(api, "rerun", "PAYROLL_01")
    own = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=OTTO, json={})
    assert own.status_code == 403 and own.json()["error"] == "four_eyes_required"
    assert len(plan_jobs(api, "PAYROLL_01")) == 1
    other = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=OLGA, json={})
    assert other.json()["status"] == "succeeded"


def test_without_four_eyes_the_requester_may_approve(api: TestClient) -> None:
    add_people(api)
    request = request_change(api, "rerun", "PAYROLL_01")
    own = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=OTTO, json={})
    assert own.json()["status"] == "succeeded"


def test_an_expired_request_cannot_be_approved(make_client: Callable[..., TestClient]) -> None:
    api = make_client(approvals_ttl_seconds=0.5)
    add_people(api)
    request = request_change(api, "rerun", "PAYROLL_01")
    time.sleep(0.7)
    late = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=OLGA, json={})
    assert late.status_code == 409 and "expirou" in late.json()["detail"]
    assert api.get(f"/api/v1/approvals/{request['id']}", headers=OLGA).json()["status"] == (
        "expired"
    )
    assert len(plan_jobs(api, "PAYROLL_01")) == 1


def test_a_rejection_needs_a_comment_and_ends_the_request(api: TestClient) -> None:
    add_people(api)
    request = request_change(api, "rerun", "PAYROLL_01")
    url = f"/api/v1/approvals/{request['id']}"
    assert api.post(url + "/reject", headers=OLGA, json={"comment": " "}).status_code == 400
    rejected = api.post(url + "/reject", headers=OLGA, json={"comment": "arquivo ainda errado"})
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["decision_comment"] == "arquivo ainda errado"
    assert api.post(url + "/approve", headers=OLGA, json={}).status_code == 409
    assert len(plan_jobs(api, "PAYROLL_01")) == 1


def test_requests_need_a_justification_and_a_fitting_target(api: TestClient) -> None:
    add_people(api)

    def ask(action: str, target: str, justification: str = JUSTIFICATION) -> Any:
        return api.post(
            "/api/v1/approvals",
            headers=OTTO,
            json={"action": action, "target": target, "justification": justification},
        )

    assert ask("rerun", "PAYROLL_01", "  ").status_code == 400
    assert ask("explode", "PAYROLL_01").json()["error"] == "invalid_action"
    assert ask("rerun", "NO_SUCH_JOB").json()["error"] == "target_not_found"
    unfit = ask("kill", "PAYROLL_01")  # it is not running
    assert unfit.status_code == 409 and "ABEND" in unfit.json()["detail"]
    by_path = ask("rerun", "MDM#JS_PAYROLL.PAYROLL_01").json()
    assert by_path["plan_id"] == plan_jobs(api, "PAYROLL_01")[0].id
    # The same change by plan id is the same job: the pending request is pointed to.
    by_id = ask("rerun", by_path["plan_id"])
    assert by_id.status_code == 409 and by_id.json()["error"] == "duplicate_request"
    assert by_id.json()["existing"] == by_path["id"]
    assert ask("cancel", by_path["plan_id"]).status_code == 201  # another action: no duplicate
    assert ask("rerun", "OTHER#JS_PAYROLL.PAYROLL_01").json()["error"] == "target_not_found"


def test_an_ambiguous_name_lists_the_candidates(api: TestClient) -> None:
    add_people(api)
    services = services_of(api)
    assert api.portal is not None
    # A second instance of JS_PAYROLL in the plan makes PAYROLL_01 ambiguous.
    api.portal.call(services.tws.submit_job_stream, "JS_PAYROLL", "MDM")
    answer = api.post(
        "/api/v1/approvals",
        headers=OTTO,
        json={"action": "hold", "target": "PAYROLL_01", "justification": JUSTIFICATION},
    )
    assert answer.status_code == 409 and answer.json()["error"] == "ambiguous_target"
    assert len(answer.json()["candidates"]) == 2
    assert "MDM#JS_PAYROLL.PAYROLL_01" in answer.json()["detail"]


def test_hold_and_submit_are_executed_too(api: TestClient) -> None:
    add_people(api)
    waiting = next(job for job in plan_jobs(api, "PAYROLL_30") if job.state.value == "HOLD")
    hold = request_change(api, "hold", waiting.id)
    assert hold["risk"] == "medium"  # low, raised on a critical stream
    held = api.post(f"/api/v1/approvals/{hold['id']}/approve", headers=OLGA, json={}).json()
    assert held["status"] == "succeeded" and plan_jobs(api, "PAYROLL_30")[0].held

    submit = request_change(api, "submit", "JS_PAYROLL")
    assert submit["target"] == "MDM#JS_PAYROLL" and submit["risk"] == "high"
    done = api.post(f"/api/v1/approvals/{submit['id']}/approve", headers=OLGA, json={}).json()
    assert done["status"] == "succeeded" and done["result"]["new_ids"]
    assert len(plan_jobs(api, "PAYROLL_01")) == 2


def test_a_prompt_reply_is_an_approved_change_answered_once(api: TestClient) -> None:
    add_people(api)
    [job] = plan_jobs(api, "MONTH_END_02")
    assert any(d.kind.value == "prompt" for d in job.pending_dependencies)
    request = request_change(api, "reply_prompt", "MONTH_END_02")
    assert request["status"] == "pending" and request["action"] == "reply_prompt"
    assert any(
        d.kind.value == "prompt" for d in plan_jobs(api, "MONTH_END_02")[0].pending_dependencies
    )

    done = api.post(f"/api/v1/approvals/{request['id']}/approve", headers=OLGA, json={}).json()
    assert done["status"] == "succeeded", done
    [after] = plan_jobs(api, "MONTH_END_02")
    assert not any(d.kind.value == "prompt" for d in after.pending_dependencies)

    # Answered: a second request finds nothing to reply to, and says so.
    again = api.post(
        "/api/v1/approvals",
        headers=OTTO,
        json={"action": "reply_prompt", "target": "MONTH_END_02", "justification": JUSTIFICATION},
    )
    assert again.status_code == 409, again.text
    assert "prompt" in again.json()["detail"]


def test_a_prompt_reply_needs_a_job_that_waits_on_one(api: TestClient) -> None:
    add_people(api)
    refused = api.post(
        "/api/v1/approvals",
        headers=OTTO,
        json={"action": "reply_prompt_no", "target": "PAYROLL_30", "justification": JUSTIFICATION},
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["message"] == "no_prompt"
