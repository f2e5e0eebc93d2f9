"""Two Resync processes on one PostgreSQL and one Redis, as two replicas behind a load
balancer: a plan change requested on one and approved on the other runs once and reaches
the requester's socket on the first; two approvals at once give one success; the chat
limits hold across both; a disabled user, a changed password, a revoked token lock the
user out of the other process at once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.fixtures.cluster import (
    ADMIN,
    SIM_AUTH,
    Cluster,
    Replica,
    add_user,
    next_frame,
    open_socket,
    wait_for,
)
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.redis_server import redis_server

OTTO = ("otto", "otto-Secret-pass-1")
OLGA = ("olga", "olga-Secret-pass-2")
JUSTIFICATION = "Reprocessar após correção do arquivo de entrada."
PER_MINUTE, SESSIONS = 6, 2


class Pair:
    def __init__(self, cluster: Cluster, a: Replica, b: Replica) -> None:
        self.cluster, self.a, self.b = cluster, a, b

    def plan_instances(self, name: str) -> int:
        found = httpx.get(
            f"{self.cluster.sim}/api/v2/plan/job",
            params={"oql": f"name = '{name}'"},
            auth=SIM_AUTH,
            timeout=30,
        )
        found.raise_for_status()
        return len(found.json()["results"])

    def request(self, replica: Replica, target: str) -> dict[str, Any]:
        created = httpx.post(
            f"{replica.base}/api/v1/approvals",
            auth=OTTO,
            json={"action": "rerun", "target": target, "justification": JUSTIFICATION},
            timeout=120,
        )
        assert created.status_code == 201, created.text
        body: dict[str, Any] = created.json()
        return body


@pytest.fixture(scope="module")
def pair(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: PostgresServer
) -> Iterator[Pair]:
    tmp = tmp_path_factory.mktemp("pair")
    with redis_server(tmp) as redis_url:
        cluster = Cluster(tmp, postgres_server.create_database("resync_pair"), redis_url)
        with cluster.exit:
            cluster.start_simulator()
            limits = {
                "RESYNC_CHAT_MESSAGES_PER_MINUTE": str(PER_MINUTE),
                "RESYNC_CHAT_MAX_SESSIONS_PER_USER": str(SESSIONS),
            }
            a, b = cluster.start("a", **limits), cluster.start("b", **limits)
            a.wait_ready()
            b.wait_ready()
            for user in (OTTO, OLGA):
                add_user(a, user)
            yield Pair(cluster, a, b)


def test_requested_on_one_approved_on_the_other_runs_once_and_reaches_the_socket(
    pair: Pair,
) -> None:
    before = pair.plan_instances("PAYROLL_01")
    with open_socket(pair.a.ws, OTTO) as requester:
        requester.send(json.dumps({"type": "ping"}))
        next_frame(requester, "pong")  # subscribed to approvals once the session runs
        request = pair.request(pair.a, "PAYROLL_01")
        approved = httpx.post(
            f"{pair.b.base}/api/v1/approvals/{request['id']}/approve",
            auth=OLGA,
            json={"comment": "ok"},
            timeout=120,
        )
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "succeeded"

        def succeeded() -> bool:
            frame = next_frame(requester, "approval")
            return frame["id"] == request["id"] and frame["status"] == "succeeded"

        wait_for(succeeded, 120, "the approval frame on the requester's process")
    assert pair.plan_instances("PAYROLL_01") == before + 1


def test_simultaneous_approvals_on_two_processes_run_once(pair: Pair) -> None:
    before = pair.plan_instances("CARD_SETTLE_03")
    request = pair.request(pair.a, "CARD_SETTLE_03")
    answers: list[httpx.Response] = []
    barrier = threading.Barrier(2)

    def approve(replica: Replica) -> None:
        barrier.wait()
        answers.append(
            httpx.post(
                f"{replica.base}/api/v1/approvals/{request['id']}/approve",
                auth=OLGA,
                json={"comment": "go"},
                timeout=120,
            )
        )

    racers = [threading.Thread(target=approve, args=(r,)) for r in (pair.a, pair.b)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(180)
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert pair.plan_instances("CARD_SETTLE_03") == before + 1  # one rerun reached HWA


def test_the_message_rate_holds_across_processes(pair: Pair) -> None:
    user = ("rita", "rita-Secret-pass-3")
    add_user(pair.a, user)
    codes = []
    for i in range(PER_MINUTE + 2):
        replica = (pair.a, pair.b)[i % 2]
        answer = httpx.post(
            f"{replica.base}/api/v1/chat", auth=user, json={"text": "status do TWS"}, timeout=120
        )
        codes.append(answer.status_code)
    assert codes == [200] * PER_MINUTE + [429, 429]


def test_the_session_limit_holds_across_processes(pair: Pair) -> None:
    user = ("sara", "sara-Secret-pass-4")
    add_user(pair.a, user)
    on_a, on_b = open_socket(pair.a.ws, user), open_socket(pair.b.ws, user)
    with on_a:
        with on_b:
            for ws in (on_a, on_b):
                ws.send(json.dumps({"type": "ping"}))
                next_frame(ws, "pong")
            with pytest.raises(InvalidStatus) as refused, open_socket(pair.a.ws, user):
                pass
            assert refused.value.response.status_code == 403

        def third_allowed() -> bool:  # once b's session is released
            try:
                with open_socket(pair.a.ws, user):
                    pass
            except InvalidStatus:
                return False
            return True

        wait_for(third_allowed, 60, "a session freed on the other process")


def _me(replica: Replica, **kwargs: Any) -> int:
    return httpx.get(f"{replica.base}/api/v1/auth/me", timeout=60, **kwargs).status_code


def test_disabling_a_user_on_one_process_locks_them_out_of_the_other(pair: Pair) -> None:
    user = ("tina", "tina-Secret-pass-5")
    add_user(pair.a, user)
    assert _me(pair.b, auth=user) == 200  # b has verified and remembered the login
    with open_socket(pair.b.ws, user) as ws:
        ws.send(json.dumps({"type": "ping"}))
        next_frame(ws, "pong")
        disabled = httpx.patch(
            f"{pair.a.base}/api/v1/users/{user[0]}", auth=ADMIN, json={"disabled": True}
        )
        assert disabled.status_code == 200, disabled.text
        assert _me(pair.b, auth=user) == 401  # the very next request
        ws.send(json.dumps({"type": "message", "text": "status do TWS"}))
        assert next_frame(ws, "error")["code"] == "session_revoked"
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=60)


def test_a_changed_password_and_a_revoked_token_apply_on_the_other_process(pair: Pair) -> None:
    user = ("vera", "vera-Secret-pass-6")
    add_user(pair.a, user)
    assert _me(pair.b, auth=user) == 200
    token = httpx.post(
        f"{pair.a.base}/api/v1/auth/tokens", auth=user, json={"name": "ci"}, timeout=60
    ).json()
    bearer = {"Authorization": f"Bearer {token['token']}"}
    assert _me(pair.b, headers=bearer) == 200

    changed = httpx.patch(
        f"{pair.a.base}/api/v1/users/{user[0]}", auth=ADMIN, json={"password": "vera-New-pass-7"}
    )
    assert changed.status_code == 200, changed.text
    assert _me(pair.b, auth=user) == 401
    assert _me(pair.b, auth=(user[0], "vera-New-pass-7")) == 200

    revoked = httpx.delete(
        f"{pair.a.base}/api/v1/auth/tokens/{token['id']}", auth=(user[0], "vera-New-pass-7")
    )
    assert revoked.status_code == 204, revoked.text
    assert _me(pair.b, headers=bearer) == 401
