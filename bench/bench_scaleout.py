"""Scale-out: the same chat load against one Resync process and against two
(``resync serve --workers 1`` vs ``--workers 2``), both on PostgreSQL and Redis with the
HWA simulator as its own process (``resync tws-sim``), as replicas would run.

100 WebSocket sessions connect first, then each sends 20 messages (deterministic
answers), all at once. Prints, in one run: throughput and p95 latency for each, and the
throughput ratio (two processes over one; target 1.6x on a 2-core machine, p95 no worse).
"""

from __future__ import annotations

import asyncio
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.bench_chat_load import MESSAGES, PASSWORD, host_speed_ms, session
from tests.fixtures.postgres import PostgresServer, postgres_instance
from tests.fixtures.processes import free_port, wait_http
from tests.fixtures.redis_server import redis_server

SESSIONS = 100


async def load(port: int) -> tuple[float, list[float], int]:
    auth = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    url = f"ws://127.0.0.1:{port}/ws/chat"
    latencies: list[float] = []
    start = asyncio.Barrier(SESSIONS + 1)
    tasks = [asyncio.create_task(session(url, auth, i, latencies, start)) for i in range(SESSIONS)]
    await asyncio.wait_for(start.wait(), timeout=120)
    started = time.perf_counter()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.perf_counter() - started
    errors = sum(r if isinstance(r, int) else MESSAGES for r in results)
    return elapsed, latencies, errors


def run(
    workers: int, pg: PostgresServer, redis_url: str, hwa_url: str, tmp: Path
) -> tuple[float, float, str]:
    """Throughput (messages/s), p95 (ms) and a line describing the run."""
    port = free_port()
    env = {
        **os.environ,
        "RESYNC_DATA_DIR": str(tmp / f"w{workers}"),
        "RESYNC_DATABASE_URL": pg.create_database("resync_bench"),
        "RESYNC_REDIS_URL": redis_url,
        "RESYNC_HWA_URL": hwa_url,
        "RESYNC_ADMIN_PASSWORD": PASSWORD,
        "RESYNC_LOG_LEVEL": "INFO",  # each worker logs resync_started: all are serving
        "RESYNC_CHAT_MAX_SESSIONS_PER_USER": str(SESSIONS * 2),
        "RESYNC_CHAT_MESSAGES_PER_MINUTE": str(SESSIONS * MESSAGES * 4),
    }
    command = ["-m", "resync", "serve", "--port", str(port), "--workers", str(workers)]
    log = tmp / f"server-{workers}.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, *command], env=env, stdout=out, stderr=out)
    try:
        wait_http(f"http://127.0.0.1:{port}/health/live", timeout=180, proc=server)
        deadline = time.monotonic() + 300
        while log.read_text(errors="replace").count('"resync_started"') < workers:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the {workers} workers did not all start")
            time.sleep(0.2)
        elapsed, latencies, errors = asyncio.run(load(port))
    finally:
        server.terminate()
        server.wait(60)
    latencies.sort()
    throughput = len(latencies) / elapsed
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    line = f"{throughput:.0f} msg/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {errors}"
    return throughput, p95, line


def main() -> None:
    reference = host_speed_ms()
    with tempfile.TemporaryDirectory() as name, postgres_instance() as pg:
        tmp = Path(name)
        with redis_server(tmp) as redis_url:
            sim_port = free_port()
            simulator = subprocess.Popen(
                [sys.executable, "-m", "resync", "tws-sim", "--port", str(sim_port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            hwa_url = f"http://127.0.0.1:{sim_port}/twsd"
            try:
                wait_http(f"{hwa_url}/api/v2/engine/info", timeout=60, proc=simulator)
                one = run(1, pg, redis_url, hwa_url, tmp)
                two = run(2, pg, redis_url, hwa_url, tmp)
            finally:
                simulator.terminate()
                simulator.wait(20)
    ratio = two[0] / one[0]
    print(
        f"scale-out {SESSIONS}x{MESSAGES} on PostgreSQL+Redis: 1 process {one[2]}; "
        f"2 processes {two[2]}; throughput ratio {ratio:.2f}x, "
        f"p95 {two[1] / one[1]:.2f}x of one process's "
        f"(host speed reference {reference:.0f} ms)"
    )


if __name__ == "__main__":
    main()
