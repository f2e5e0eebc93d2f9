"""The real server, as a process: every output line is JSON with a trace_id, one per request."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from tests.fixtures.processes import free_port, python_process, wait_http

VALID_ID = "op-night-2026.11.28:001"
INVALID_ID = "bad id<script>"


@pytest.fixture(scope="module")
def server_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("server")
    port = free_port()
    env = {"RESYNC_DATA_DIR": str(tmp / "var"), "RESYNC_LOG_LEVEL": "INFO"}
    base = f"http://127.0.0.1:{port}"
    with python_process(["-m", "tests.fixtures.server_app", str(port)], env, tmp) as (
        proc,
        out,
        err,
    ):
        wait_http(f"{base}/health/live", proc=proc)
        with httpx.Client(base_url=base) as http:
            responses = {
                "ok": http.get("/health"),
                "missing": http.get("/no/such/page"),
                "invalid": http.get("/test/items/not-a-number"),
                "boom": http.get("/test/boom"),
                "reused": http.get("/health/live", headers={"X-Correlation-ID": VALID_ID}),
                "replaced": http.get("/health/live", headers={"X-Correlation-ID": INVALID_ID}),
            }
        with connect(f"ws://127.0.0.1:{port}/test/ws") as ws:
            ws.send("ping")
            assert ws.recv() == "ping"
            ws_correlation = ws.response.headers["x-correlation-id"]
        proc.terminate()
        proc.wait(10)
    lines = out.read_text().splitlines() + err.read_text().splitlines()
    return {"responses": responses, "lines": lines, "ws_correlation": ws_correlation}


def _records(run: dict[str, object]) -> list[dict[str, object]]:
    lines = run["lines"]
    assert isinstance(lines, list)
    return [json.loads(line) for line in lines if line.strip()]


def test_every_line_is_json_with_a_trace_id(server_run: dict[str, object]) -> None:
    lines = server_run["lines"]
    assert isinstance(lines, list) and len(lines) > 10
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)  # raises on any plain-text line
        assert record.get("trace_id"), line


def test_lines_of_a_request_share_the_response_correlation_id(
    server_run: dict[str, object],
) -> None:
    responses = server_run["responses"]
    assert isinstance(responses, dict)
    records = _records(server_run)
    for name, response in responses.items():
        correlation = response.headers["x-correlation-id"]
        mine = [r for r in records if r["trace_id"] == correlation]
        assert any(r["event"] == "http_request" for r in mine), name
        assert response.json().get("trace_id", correlation) == correlation


def test_status_codes_and_error_bodies(server_run: dict[str, object]) -> None:
    responses = server_run["responses"]
    assert isinstance(responses, dict)
    assert responses["ok"].status_code == 200
    assert responses["missing"].status_code == 404
    assert responses["missing"].json()["error"] == "not_found"
    assert responses["invalid"].status_code == 422
    assert responses["invalid"].json()["error"] == "validation_error"
    boom = responses["boom"]
    assert boom.status_code == 500
    assert boom.json()["error"] == "internal_error"
    assert "exploded" not in boom.text  # no internals leak to the user


def test_handler_exception_is_logged_in_the_request_trace(server_run: dict[str, object]) -> None:
    responses = server_run["responses"]
    assert isinstance(responses, dict)
    trace = responses["boom"].headers["x-correlation-id"]
    errors = [r for r in _records(server_run) if r["event"] == "unhandled_error"]
    assert len(errors) == 1
    assert errors[0]["trace_id"] == trace
    assert errors[0]["level"] == "error"
    assert "exception" in errors[0]  # a structured traceback, not plain text


def test_tracebacks_carry_no_locals_and_lines_are_capped(server_run: dict[str, object]) -> None:
    from resync.observability.logging import MAX_LINE_CHARS

    errors = [r for r in _records(server_run) if r["event"] == "unhandled_error"]
    frames = [frame for error in errors for exc in error["exception"] for frame in exc["frames"]]
    assert frames and all("locals" not in frame for frame in frames)
    lines = server_run["lines"]
    assert isinstance(lines, list)
    assert max(len(line) for line in lines) <= MAX_LINE_CHARS


def test_valid_correlation_id_is_reused(server_run: dict[str, object]) -> None:
    responses = server_run["responses"]
    assert isinstance(responses, dict)
    assert responses["reused"].headers["x-correlation-id"] == VALID_ID
    assert any(r["trace_id"] == VALID_ID for r in _records(server_run))


def test_invalid_correlation_id_is_replaced_and_never_logged(
    server_run: dict[str, object],
) -> None:
    responses = server_run["responses"]
    assert isinstance(responses, dict)
    replaced = responses["replaced"].headers["x-correlation-id"]
    assert replaced != INVALID_ID
    lines = server_run["lines"]
    assert isinstance(lines, list)
    assert not any("bad id" in line for line in lines)


def test_websocket_connect_gets_a_correlation_id(server_run: dict[str, object]) -> None:
    ws_id = server_run["ws_correlation"]
    assert isinstance(ws_id, str) and len(ws_id) == 32


def test_no_duplicate_lines(server_run: dict[str, object]) -> None:
    lines = [line for line in server_run["lines"] if line.strip()]  # type: ignore[attr-defined]
    started = [line for line in lines if "resync_started" in line]
    assert len(started) == 1
    assert len(lines) == len(set(lines))


def test_serve_refuses_production_defaults(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "resync", "serve", "--port", "1"],
        env={"RESYNC_ENVIRONMENT": "production", "RESYNC_DATA_DIR": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "RESYNC_ADMIN_PASSWORD" in result.stderr
    assert "RESYNC_SECRET_KEY" in result.stderr
