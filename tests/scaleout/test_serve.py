"""``resync serve --workers N`` and a graceful SIGTERM, as real processes: two workers on
PostgreSQL each listen on their own socket and share the chat sessions; a killed worker is
replaced; a port in use is refused; SQLite refuses several workers; a SIGTERM lets the
answer in flight finish, then closes every socket with 1001 after a ``reconnect`` frame,
and the routing decisions reach the database before the process exits."""

from __future__ import annotations

import json
import os
import signal
import socket
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection

from tests.fixtures.cluster import (
    ADMIN,
    Cluster,
    Replica,
    next_frame,
    open_socket,
    query,
    wait_for,
)
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.processes import run_resync

QUESTION = {"type": "message", "text": "quais jobs falharam hoje?"}


def test_several_workers_on_sqlite_are_refused(tmp_path: Path) -> None:
    done = run_resync("serve", "--workers", "2", env={"RESYNC_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert "SQLite" in done.stderr and "RESYNC_DATABASE_URL" in done.stderr
    assert "RESYNC_HWA_URL" in done.stderr  # the embedded simulator cannot be shared either


def _session_pids(text: str) -> Counter[int]:
    """How many chat sessions each process opened, from the log."""
    return Counter(
        int(json.loads(line)["pid"])
        for line in text.splitlines()
        if '"chat_session_opened"' in line
    )


def _event(text: str, name: str) -> dict[str, Any] | None:
    """The last log record of ``name``."""
    found = None
    for line in text.splitlines():
        if f'"{name}"' in line:
            found = json.loads(line)
    return found


def _listening_sockets(port: int) -> int:
    """The TCP sockets in LISTEN on 127.0.0.1:``port`` (every process's, from the kernel)."""
    local = f"0100007F:{port:04X}"
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1] == local and row.split()[3] == "0A")


def _serve_one(server: Replica) -> Counter[int]:
    """Open a chat session, see it answer a ping, close it: the sessions each process has
    opened so far."""
    with open_socket(server.ws, ADMIN) as ws:
        ws.send(json.dumps({"type": "ping"}))
        assert next_frame(ws, "pong")["type"] == "pong"
    return _session_pids(server.logs())


def _ask_slowly(cluster: Cluster, ws: ClientConnection, delay: float) -> None:
    """Send the question with every HWA read of its answer ``delay`` s slow, and return
    once it is reading: the answer is surely in flight at a signal sent next."""
    cluster.sim_call("POST", "/sim/faults", json={"status": 200, "delay": delay, "count": 3})
    before = cluster.sim_call("GET", "/sim/state")["requests"]["total"]
    ws.send(json.dumps(QUESTION))
    wait_for(
        lambda: cluster.sim_call("GET", "/sim/state")["requests"]["total"] > before + 1,
        what="the answer reading HWA",
    )


def _closed_with_1001(ws: ClientConnection) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=60)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001


def _wait_ended(pid: int) -> None:
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), 60, f"worker {pid} ended")


def test_two_workers_each_listen_and_share_the_sessions(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    cluster = Cluster(tmp_path, postgres_server.create_database("resync_workers"))
    with cluster.exit:
        cluster.start_simulator()
        server = cluster.start("workers", "--workers", "2", RESYNC_CHAT_MAX_SESSIONS_PER_USER="50")
        server.wait_ready()
        started = wait_for(lambda: _event(server.logs(), "server_workers"), what="workers")
        assert len(started["pids"]) == 2 and started["sockets"] == 2
        # One listening socket per worker, so the kernel, not a race between the workers
        # to accept, decides who serves a connection.
        assert _listening_sockets(int(server.base.rsplit(":", 1)[1])) == 2
        # Both must be serving before the count starts: the second may still be starting.
        wait_for(lambda: len(_serve_one(server)) == 2, 120, "sockets served by both workers")
        before = _session_pids(server.logs())
        for _ in range(100):
            _serve_one(server)
        opened = _session_pids(server.logs()) - before
        assert sorted(opened) == sorted(started["pids"])
        # The kernel deals connections to the sockets by a hash of their addresses: an even
        # share, below 25 of 100 for one of them once in millions of runs.
        assert min(opened.values()) >= 25, opened

        with open_socket(server.ws, ADMIN) as ws:
            ws.send(json.dumps(QUESTION))
            assert next_frame(ws, "result")["answer"]
        chat = httpx.post(
            f"{server.base}/api/v1/chat", auth=ADMIN, json={"text": "status do TWS"}, timeout=120
        )
        assert chat.status_code == 200, chat.text


def test_a_dead_worker_is_replaced_and_a_hangup_stops_them_all(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    cluster = Cluster(tmp_path, postgres_server.create_database("resync_respawn"))
    with cluster.exit:
        cluster.start_simulator()
        server = cluster.start("respawn", "--workers", "2")
        server.wait_ready()
        started = wait_for(lambda: _event(server.logs(), "server_workers"), what="workers")
        victim, other = started["pids"]
        os.kill(victim, signal.SIGKILL)
        replaced = wait_for(lambda: _event(server.logs(), "server_worker_replaced"), 120,
                            "the dead worker replaced")  # fmt: skip
        assert replaced["pid"] == victim and replaced["exit_code"] == -signal.SIGKILL
        # The replacement takes over the dead worker's socket: its sessions are served again.
        newcomer = replaced["replacement"]
        wait_for(lambda: newcomer in _serve_one(server), 120, "sessions served by the replacement")
        server.proc.send_signal(signal.SIGHUP)  # a hangup stops it as SIGTERM does
        assert server.proc.wait(120) == 0
        for pid in (newcomer, other):
            _wait_ended(pid)
        logs = server.logs()
        assert logs.count('"services_stopped"') == 2  # each worker drained and stopped
        assert "Traceback" not in logs, logs


def test_sigterm_to_workers_lets_the_idle_one_go_while_the_busy_one_answers(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    cluster = Cluster(tmp_path, postgres_server.create_database("resync_workers_drain"))
    with cluster.exit:
        cluster.start_simulator()
        server = cluster.start(
            "workers-drain",
            "--workers",
            "2",
            RESYNC_SHUTDOWN_TIMEOUT="120",
            RESYNC_MONITORING_ENABLED="false",  # no poller to take the slow HWA answers
        )
        server.wait_ready()
        port = int(server.base.rsplit(":", 1)[1])
        with open_socket(server.ws, ADMIN) as busy:
            busy.send(json.dumps({"type": "ping"}))
            next_frame(busy, "pong")
            _ask_slowly(cluster, busy, delay=20)
            server.proc.send_signal(signal.SIGTERM)
            # The worker with nothing in flight stops listening at once: its port no longer
            # takes connections that nobody would read, while the other finishes its answer.
            wait_for(lambda: _listening_sockets(port) == 1, 60, "the idle worker's socket closed")
            assert next_frame(busy, "result")["answer"]
            assert next_frame(busy, "reconnect")["type"] == "reconnect"
            _closed_with_1001(busy)
        assert server.proc.wait(120) == 0
        assert _listening_sockets(port) == 0
        assert "Traceback" not in server.logs(), server.logs()


def test_a_port_in_use_is_refused_before_any_worker_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "RESYNC_DATA_DIR": str(tmp_path),
            "RESYNC_DATABASE_URL": "postgresql+asyncpg://resync:unused@127.0.0.1:9/resync",
            "RESYNC_HWA_URL": "http://127.0.0.1:9/twsd",
            "RESYNC_ADMIN_PASSWORD": ADMIN[1],
        }
        args = ("serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port))
        done = run_resync(*args, env=env)
    output = done.stdout + done.stderr
    assert done.returncode == 3, output
    refused = _event(output, "server_bind_failed")
    assert refused is not None and f"127.0.0.1:{port}" in refused["error"]
    assert _event(output, "server_workers") is None  # no worker was started


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
            _ask_slowly(cluster, busy, delay=6)
            server.proc.send_signal(signal.SIGTERM)

            reconnect = next_frame(idle, "reconnect")  # idle: told at once
            assert reconnect["retry_after_ms"] > 0
            _closed_with_1001(idle)
            wait_for(
                lambda: httpx.get(f"{server.base}/health/ready", timeout=10).status_code == 503,
                what="readiness down while draining",
            )

            result = next_frame(busy, "result")  # busy: its answer first …
            assert result["answer"]
            assert next_frame(busy, "reconnect")["type"] == "reconnect"  # … then the hint
            _closed_with_1001(busy)

        server.proc.wait(120)
        logs = server.logs()
        assert "chat_sessions_drained" in logs and "services_stopped" in logs
        assert "Traceback" not in logs, logs
        decided = query(postgres_server, url, "SELECT count(*) FROM routing_decisions")
        assert int(decided[0]) >= 1  # the buffered decision of the last answer was written
