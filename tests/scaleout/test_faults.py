"""Faults a replica must ride out without a restart: Redis stopped (readiness says
degraded, the chat keeps answering, the limits count per process) and back (shared
again, approval frames flow again); PostgreSQL restarted (the pool's pre-ping replaces
the dead connections, the next request works)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.fixtures.cluster import (
    ADMIN,
    Cluster,
    Redis,
    Replica,
    add_user,
    next_frame,
    open_socket,
    restart_postgres,
    wait_for,
)
from tests.fixtures.postgres import PostgresServer

OTTO = ("otto", "otto-Secret-pass-1")


def _health(replica: Replica) -> dict[str, Any]:
    answer = httpx.get(f"{replica.base}/health", auth=ADMIN, timeout=60)
    body: dict[str, Any] = answer.json()
    return body


def _ready(replica: Replica) -> tuple[int, str]:
    answer = httpx.get(f"{replica.base}/health/ready", timeout=60)
    return answer.status_code, answer.json()["status"]


def _chat(replica: Replica) -> httpx.Response:
    return httpx.post(
        f"{replica.base}/api/v1/chat", auth=OTTO, json={"text": "status do TWS"}, timeout=120
    )


def test_redis_down_and_back_then_postgres_restarted(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    redis = Redis(tmp_path)
    redis.start()
    cluster = Cluster(tmp_path, postgres_server.create_database("resync_faults"), redis.url)
    try:
        with cluster.exit:
            cluster.start_simulator()
            server = cluster.start("faults")
            server.wait_ready()
            add_user(server, OTTO)
            assert _ready(server) == (200, "ok")

            with open_socket(server.ws, OTTO) as ws:
                ws.send(json.dumps({"type": "ping"}))
                next_frame(ws, "pong")
                redis.stop()
                wait_for(lambda: _ready(server) == (200, "degraded"), what="readiness degraded")
                assert _health(server)["components"]["event_bus"]["status"] == "down"
                assert _chat(server).status_code == 200  # the chat answers without Redis
                ws.send(json.dumps({"type": "message", "text": "status do TWS"}))
                assert next_frame(ws, "result")["answer"]

                redis.start()
                wait_for(lambda: _ready(server) == (200, "ok"), what="readiness ok again")

                def approval_frame_arrives() -> bool:
                    # The socket's subscription came back by itself: each new request (then
                    # rejected, so the next may be made) is an event that should reach it.
                    created = httpx.post(
                        f"{server.base}/api/v1/approvals",
                        auth=OTTO,
                        json={"action": "rerun", "target": "PAYROLL_01",
                              "justification": "Reprocessar após a correção."},
                        timeout=60,
                    )  # fmt: skip
                    assert created.status_code == 201, created.text
                    request_id = created.json()["id"]
                    try:
                        while next_frame(ws, "approval", timeout=5)["id"] != request_id:
                            pass  # an earlier request's frames
                        return True
                    except TimeoutError:
                        return False
                    finally:
                        httpx.post(f"{server.base}/api/v1/approvals/{request_id}/reject",
                                   auth=OTTO, json={"comment": "teste"}, timeout=60)  # fmt: skip

                wait_for(approval_frame_arrives, 120, "approval frames after Redis came back")
            assert "chat_limits_local" in server.logs()  # counted per process meanwhile

            restart_postgres(postgres_server)
            assert _chat(server).status_code == 200  # the very next request
            assert _ready(server) == (200, "ok")
            assert server.proc.poll() is None
    finally:
        redis.stop()
