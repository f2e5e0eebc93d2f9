"""The real server, as ``resync serve`` runs it, for the attacker-review regression tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtures.auth_clients import ADMIN_PASSWORD
from tests.fixtures.processes import free_port, python_process, wait_http


@dataclass
class Server:
    base: str
    port: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("server")
    port = free_port()
    env = {
        "RESYNC_DATA_DIR": str(tmp / "var"),
        "RESYNC_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RESYNC_KNOWLEDGE_MAX_DOCUMENT_BYTES": str(512 * 1024),
        "RESYNC_METRICS_TOKEN": "metrics-Secret-123",
        "RESYNC_LOG_LEVEL": "INFO",
    }
    base = f"http://127.0.0.1:{port}"
    args = ["-m", "resync", "serve", "--port", str(port)]
    with python_process(args, env, tmp) as (proc, out, _):
        wait_http(f"{base}/health/live", timeout=90, proc=proc)
        yield Server(base, port, out)
