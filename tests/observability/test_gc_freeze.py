"""``resync serve`` freezes what it built at startup for the garbage collector; an app
embedded in a test or a tool does not (frozen objects are never freed)."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from fastapi.testclient import TestClient

from resync.app import create_app
from resync.settings import Settings
from tests.fixtures.processes import free_port, python_process, wait_http


def test_the_server_freezes_its_startup_objects(tmp_path: Path) -> None:
    port = free_port()
    env = {"RESYNC_DATA_DIR": str(tmp_path / "var"), "RESYNC_LOG_LEVEL": "INFO"}
    args = ["-m", "resync", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with python_process(args, env, tmp_path) as (proc, out, _err):
        wait_http(f"http://127.0.0.1:{port}/health/live", timeout=60.0, proc=proc)
        proc.terminate()
        proc.wait(20)
    records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    started = [r for r in records if r.get("event") == "resync_started"]
    assert len(started) == 1, records[-5:]
    # The embedded simulator's plan and history alone are hundreds of thousands of objects.
    assert started[0]["gc_frozen"] > 100_000


def test_an_embedded_app_leaves_the_collector_alone(settings: Settings) -> None:
    before = gc.get_freeze_count()
    with TestClient(create_app(settings)) as client:
        assert client.get("/health/live").status_code == 200
    assert gc.get_freeze_count() == before
