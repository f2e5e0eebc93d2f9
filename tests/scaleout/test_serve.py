"""``resync serve --workers N`` and a graceful SIGTERM, as real processes: two workers on
PostgreSQL both serve chat sockets; SQLite refuses several workers; a SIGTERM lets the
answer in flight finish, then closes every socket with 1001 after a ``reconnect`` frame,
and the routing decisions reach the database before the process exits."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.fixtures.cluster import ADMIN, Cluster, next_frame, open_socket, query, wait_for
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.processes import run_resync

QUESTION = {"type": "message", "text": "quais jobs falharam hoje?"}


def test_several_workers_on_sqlite_are_refused(tmp_path: Path) -> None:
    done = run_resync("serve", "--workers", "2", env={"RESYNC_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert "SQLite" in done.stderr and "RESYNC_DATABASE_URL" in done.stderr
    assert "RESYNC_HWA_URL" in done.stderr  # the embedded simulator cannot be shared either


def _session_pids(text: str) -> set[int]:
    pids = set()
    for line in text.splitlines():
        if '"chat_session_opened"' in line:
            pids.add(int(json.loads(line)["pid"]))
    return pids


def test_two_workers_on_postgres_serve_chat_from_both(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    cluster = Cluster(tmp_path, postgres_server.create_database("resync_workers"))
    with cluster.exit:
        cluster.start_simulator()
        server = cluster.start("workers", "--workers", "2", RESYNC_CHAT_MAX_SESSIONS_PER_USER="50")
        server.wait_ready()
        answered = 0

        def both_workers_answered() -> bool:
            nonlocal answered
            with open_socket(server.ws, ADMIN) as ws:
                ws.send(json.dumps({"type": "ping"}))
                assert next_frame(ws, "pong")["type"] == "pong"
                answered += 1
            return len(_session_pids(server.logs())) == 2

        wait_for(both_workers_answered, 120, "sockets served by both workers")
        with open_socket(server.ws, ADMIN) as ws:
            ws.send(json.dumps(QUESTION))
            assert next_frame(ws, "result")["answer"]
        chat = httpx.post(
            f"{server.base}/api/v1/chat", auth=ADMIN, json={"text": "status do TWS"}, timeout=120
        )
        assert chat.status_code == 200, chat.text


def test_sigterm_finishes_the_answer_in_flight_then_closes_with_1001(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    url = postgres_server.create_database("resync_drain")
    cluster = Cluster(tmp_path, url)
    with cluster.exit:
        cluster.start_simulator()
        server = cluster.start("drain", RESYNC_SHUTDOWN_TIMEOUT="90")
        server.wait_ready()
        busy, idle = open_socket(server.ws, ADMIN), open_socket(server.ws, ADMIN)
        with busy, idle:
            for ws in (busy, idle):
                ws.send(json.dumps({"type": "ping"}))
                next_frame(ws, "pong")
            # Every HWA read of the answer waits: it is surely in flight at the SIGTERM.
            cluster.sim_call("POST", "/sim/faults", json={"status": 200, "delay": 6, "count": 3})
            before = cluster.sim_call("GET", "/sim/state")["requests"]["total"]
            busy.send(json.dumps(QUESTION))
            wait_for(
                lambda: cluster.sim_call("GET", "/sim/state")["requests"]["total"] > before + 1,
                what="the answer reading HWA",
            )
            server.proc.send_signal(signal.SIGTERM)

            reconnect = next_frame(idle, "reconnect")  # idle: told at once
            assert reconnect["retry_after_ms"] > 0
            with pytest.raises(ConnectionClosed) as closed:
                idle.recv(timeout=60)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
            wait_for(
                lambda: httpx.get(f"{server.base}/health/ready", timeout=10).status_code == 503,
                what="readiness down while draining",
            )

            result = next_frame(busy, "result")  # busy: its answer first …
            assert result["answer"]
            assert next_frame(busy, "reconnect")["type"] == "reconnect"  # … then the hint
            with pytest.raises(ConnectionClosed) as closed:
                busy.recv(timeout=60)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001

        server.proc.wait(120)
        logs = server.logs()
        assert "chat_sessions_drained" in logs and "services_stopped" in logs
        assert "Traceback" not in logs, logs
        decided = query(postgres_server, url, "SELECT count(*) FROM routing_decisions")
        assert int(decided[0]) >= 1  # the buffered decision of the last answer was written
