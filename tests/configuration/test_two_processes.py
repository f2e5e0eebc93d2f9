"""Two Resync servers sharing one database: a change made on one is applied by the other
(by the periodic refresh over SQLite alone; at once through Redis when configured)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from tests.fixtures.auth_clients import ADMIN, ADMIN_PASSWORD
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.processes import free_port, python_process, wait_http
from tests.fixtures.redis_server import redis_server

SETTINGS = "/api/v1/admin/settings"


@contextmanager
def two_servers(tmp: Path, **env: str) -> Iterator[tuple[str, str]]:
    shared = {
        "RESYNC_DATA_DIR": str(tmp / "var"),
        "RESYNC_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RESYNC_LOG_LEVEL": "WARNING",
        "RESYNC_ENVIRONMENT": "development",
        **env,
    }
    bases = []
    with ExitStack() as stack:
        for name in ("a", "b"):  # one after the other: the first one migrates the database
            logs = tmp / name
            logs.mkdir()
            port = free_port()
            args = ["-m", "resync", "serve", "--host", "127.0.0.1", "--port", str(port)]
            proc, _, _ = stack.enter_context(python_process(args, shared, logs))
            base = f"http://127.0.0.1:{port}"
            wait_http(f"{base}/health/live", timeout=90.0, proc=proc)
            bases.append(base)
        yield bases[0], bases[1]


def _value(base: str, key: str) -> object:
    response = httpx.get(base + SETTINGS, headers=ADMIN, timeout=30)
    response.raise_for_status()
    return next(e["value"] for e in response.json()["settings"] if e["key"] == key)


def _change_on_a_seen_on_b(a: str, b: str) -> None:
    assert _value(b, "chat_messages_per_minute") == 30
    body = {"changes": {"chat_messages_per_minute": 2}, "reason": "dois processos"}
    assert httpx.put(a + SETTINGS, headers=ADMIN, json=body, timeout=30).status_code == 200
    deadline = time.monotonic() + 60
    while _value(b, "chat_messages_per_minute") != 2:
        assert time.monotonic() < deadline, "the other process never applied the change"
        time.sleep(0.2)
    # Applied, not only listed: b's own rate limiter now stops the third message.
    codes = [
        httpx.post(b + "/api/v1/chat", headers=ADMIN, json={"text": "oi"}, timeout=60).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_sqlite_file_shared_by_two_processes(tmp_path: Path) -> None:
    with two_servers(tmp_path, RESYNC_SETTINGS_REFRESH_SECONDS="1") as (a, b):
        _change_on_a_seen_on_b(a, b)


def test_redis_announces_the_change_to_the_other_process(tmp_path: Path) -> None:
    with redis_server(tmp_path) as url:
        # A refresh far away: only the event on the bus can carry the change in time.
        env = {"RESYNC_REDIS_URL": url, "RESYNC_SETTINGS_REFRESH_SECONDS": "3600"}
        with two_servers(tmp_path, **env) as (a, b):
            _change_on_a_seen_on_b(a, b)


def test_postgresql_shared_by_two_processes(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    env = {
        "RESYNC_DATABASE_URL": postgres_server.create_database("resync_settings"),
        "RESYNC_SETTINGS_REFRESH_SECONDS": "1",
    }
    with two_servers(tmp_path, **env) as (a, b):
        _change_on_a_seen_on_b(a, b)
