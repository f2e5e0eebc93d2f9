"""The database locked by someone else while Resync serves (a backup tool, a stuck
migration): questions wait for it or get a clear 503 — never a 500 or a traceback — and
are answered again as soon as the lock is gone, without a restart."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixtures.auth_clients import ADMIN, ADMIN_PASSWORD
from tests.fixtures.processes import free_port, python_process, wait_http


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    env = {
        "RESYNC_DATA_DIR": str(tmp_path / "var"),
        "RESYNC_LOG_LEVEL": "WARNING",
        "RESYNC_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    base = f"http://127.0.0.1:{port}"
    args = ["-m", "resync", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with python_process(args, env, tmp_path) as (proc, _out, _err):
        wait_http(f"{base}/health/live", timeout=90.0, proc=proc)
        yield base, tmp_path


def _ask(base: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/chat",
        json={"text": "quais jobs abendaram hoje?"},
        headers=ADMIN,
        timeout=120,
    )


def test_a_locked_database_gets_a_clear_answer_then_recovers(served: tuple[str, Path]) -> None:
    base, tmp = served
    assert _ask(base).status_code == 200  # the conversation tables exist and work
    database = tmp / "var" / "resync.db"
    assert database.exists()
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        other = sqlite3.connect(database, timeout=30)
        other.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(120)
        other.rollback()
        other.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert locked.wait(60)
    try:
        during = _ask(base)
        assert during.status_code in (200, 503), during.text
        if during.status_code == 503:
            assert "Traceback" not in during.text and during.json()["detail"]
    finally:
        release.set()
        holder.join(60)
    deadline = time.monotonic() + 60
    while (after := _ask(base)).status_code != 200:
        assert after.status_code == 503 and time.monotonic() < deadline, after.text
        time.sleep(0.5)
    assert "PAYROLL_01" in after.json()["answer"]
    log = (tmp / "stderr.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-4000:]
