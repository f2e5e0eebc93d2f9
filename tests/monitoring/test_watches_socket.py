"""A watch set in the chat over a real WebSocket fires a ``notification`` frame on every
open socket of its owner when the job ends, and the notice is kept in the conversation."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.fixtures.processes import free_port, python_process, wait_http

ADMIN = ("admin", "watch-Admin-pass-1")
HEADERS = {"Authorization": "Basic " + base64.b64encode(":".join(ADMIN).encode()).decode()}


def _frame_of(ws: ClientConnection, kind: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {kind} frame in time")
        frame: dict[str, Any] = json.loads(ws.recv(timeout=left))
        if frame["type"] == kind or frame["type"] == "error":
            return frame


def _ask(ws: ClientConnection, text: str, **extra: Any) -> dict[str, Any]:
    ws.send(json.dumps({"type": "message", "text": text, **extra}))
    return _frame_of(ws, "result")


@pytest.mark.timeout(600)
def test_a_watch_fires_a_notification_on_every_socket_when_the_job_ends(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "RESYNC_DATA_DIR": str(tmp_path / "var"),
        "RESYNC_ADMIN_PASSWORD": ADMIN[1],
        "RESYNC_HWA_SIM_CLOCK_SPEED": "0",
        "RESYNC_HWA_SIM_START": "2026-03-10T20:00:00Z",
        "RESYNC_HWA_CACHE_TTL": "0",
        "RESYNC_MONITORING_POLL_SECONDS": "1",
    }
    args = ["-m", "resync", "serve", "--port", str(port)]
    with python_process(args, env, tmp_path) as (proc, _, _):
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/health/live", proc=proc, timeout=90)
        url = f"ws://127.0.0.1:{port}/ws/chat"
        with (
            connect(url, additional_headers=HEADERS) as first,
            connect(url, additional_headers=HEADERS) as second,
        ):
            set_up = _ask(first, "me avise quando o CASH_MGMT_01 terminar")
            assert set_up["type"] == "result", set_up
            assert "CASH_MGMT_01" in set_up["answer"] and "terminar" in set_up["answer"]
            listed = _ask(
                first, "quais avisos eu tenho?", conversation_id=set_up["conversation_id"]
            )
            assert "CASH_MGMT_01" in listed["answer"]
            moved = httpx.post(
                f"{base}/twsd/sim/clock/advance",
                json={"seconds": 4 * 3600},
                auth=("wauser", "wapassword"),
                timeout=60,
            )
            assert moved.status_code == 200, moved.text
            notices = [_frame_of(ws, "notification") for ws in (first, second)]
        for notice in notices:
            assert notice["type"] == "notification", notice
            assert notice["job_name"] == "CASH_MGMT_01" and notice["state"] in ("SUCC", "ABEND")
        conversation = set_up["conversation_id"]
        stored = httpx.get(
            f"{base}/api/v1/conversations/{conversation}/messages", auth=ADMIN, timeout=30
        ).json()
        assert stored[-1]["role"] == "assistant" and stored[-1]["text"] == notices[0]["text"]
        with connect(url, additional_headers=HEADERS) as third:
            after = _ask(third, "quais avisos eu tenho?")
        assert "CASH_MGMT_01" not in after["answer"]  # it fired once and closed
