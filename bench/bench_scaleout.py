"""Scale-out: the same chat load against one Resync process and against two, both on
PostgreSQL and Redis with the HWA simulator as its own process (``resync tws-sim``).

Two processes run two ways: as two replicas (two ``resync serve`` on their own ports,
sessions dealt out in turn, as nginx's round robin does) and as ``resync serve --workers
2`` (uvicorn's workers on one shared socket, where the kernel decides which worker
accepts each connection, not always evenly: the line says how the sessions fell).

100 WebSocket sessions connect first, then each sends 20 messages (deterministic
answers), all at once; a first such round warms the processes up and is not timed.
Prints, in one run: throughput and p95 latency for each, and the throughput ratios (two
processes over one; target 1.6x on a 2-core machine, p95 no worse).

Everything runs on the same cores (load generator, simulator, PostgreSQL, Redis), so the
bench also reads the CPU time each part spent per message (Linux ``/proc``) and prints
the ratio those costs allow at most on this machine's cores: a low ratio under a high
ceiling is a scaling defect, a low ceiling is the machine.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.bench_chat_load import MESSAGES, PASSWORD, host_speed_ms, session
from tests.fixtures.postgres import PostgresServer, postgres_instance
from tests.fixtures.processes import free_port, wait_http
from tests.fixtures.redis_server import redis_server

SESSIONS = 100
TICK = os.sysconf("SC_CLK_TCK")


def own_cpu(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def tree(pid: int) -> set[int]:
    """``pid`` and every process below it."""
    found = {pid}
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            for child in task.read_text().split():
                found |= tree(int(child))
        except OSError:
            continue
    return found


def postgres_pids(port: int) -> set[int]:
    """The PostgreSQL server listening on ``port`` (started detached) and its backends."""
    option = f"\0-p\0{port}\0".encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if option in cmdline.read_bytes():
                return tree(int(cmdline.parent.name))
        except (OSError, ValueError):
            continue
    return set()


def cpu_split(servers: list[int], pg_port: int) -> tuple[float, float]:
    """CPU seconds so far of the Resync servers' processes, and of everything else this
    bench runs (itself, the simulator, Redis, PostgreSQL)."""
    resync = set().union(*(tree(server) for server in servers))
    rest = (tree(os.getpid()) | postgres_pids(pg_port)) - resync
    return sum(own_cpu(p) for p in resync), sum(own_cpu(p) for p in rest)


def ceiling(resync_ms: float, rest_ms: float) -> float:
    """The most two processes can gain over one on this machine's cores, if each message
    costs what it cost one process: one process is held to one core."""
    cores = os.cpu_count() or 1
    one = min(1 / resync_ms, cores / (resync_ms + rest_ms))
    two = min(2 / resync_ms, cores / (resync_ms + rest_ms))
    return two / one


async def load(ports: list[int]) -> tuple[float, list[float], int]:
    """Every session on the next port in turn, all talking at once."""
    auth = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    urls = [f"ws://127.0.0.1:{port}/ws/chat" for port in ports]
    latencies: list[float] = []
    start = asyncio.Barrier(SESSIONS + 1)
    tasks = [
        asyncio.create_task(session(urls[i % len(urls)], auth, i, latencies, start))
        for i in range(SESSIONS)
    ]
    await asyncio.wait_for(start.wait(), timeout=120)
    started = time.perf_counter()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.perf_counter() - started
    errors = sum(r if isinstance(r, int) else MESSAGES for r in results)
    return elapsed, latencies, errors


def start_server(
    name: str, workers: int, env: dict[str, str], tmp: Path
) -> tuple[subprocess.Popen[bytes], int, Path]:
    port = free_port()
    command = ["-m", "resync", "serve", "--port", str(port), "--workers", str(workers)]
    log = tmp / f"server-{name}.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, *command], env=env, stdout=out, stderr=out)
    return server, port, log


def wait_started(server: subprocess.Popen[bytes], port: int, log: Path, workers: int) -> None:
    wait_http(f"http://127.0.0.1:{port}/health/live", timeout=180, proc=server)
    deadline = time.monotonic() + 300
    while log.read_text(errors="replace").count('"resync_started"') < workers:
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError(f"the {workers} workers did not all start")
        time.sleep(0.2)


def sessions_by_process(logs: list[Path]) -> str:
    """How the sessions fell on the processes ("64/36")."""
    pids: Counter[int] = Counter()
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            if '"chat_session_opened"' in line:
                pids[int(json.loads(line)["pid"])] += 1
    return "/".join(str(n) for _, n in pids.most_common())


def run(
    name: str, replicas: int, workers: int, pg: PostgresServer, redis_url: str, hwa_url: str,
    tmp: Path,
) -> tuple[float, float, str, float, float]:  # fmt: skip
    """Throughput (messages/s), p95 (ms), a line describing the run, and the CPU ms per
    message spent by Resync and by everything else."""
    env = {
        **os.environ,
        "RESYNC_DATA_DIR": str(tmp / name),
        "RESYNC_DATABASE_URL": pg.create_database("resync_bench"),
        "RESYNC_REDIS_URL": redis_url,
        "RESYNC_HWA_URL": hwa_url,
        "RESYNC_ADMIN_PASSWORD": PASSWORD,
        "RESYNC_LOG_LEVEL": "INFO",  # each process logs resync_started and its sessions
        "RESYNC_CHAT_MAX_SESSIONS_PER_USER": str(SESSIONS * 2),
        "RESYNC_CHAT_MESSAGES_PER_MINUTE": str(SESSIONS * MESSAGES * 4),
    }
    servers = [start_server(f"{name}-{n}", workers, env, tmp) for n in range(replicas)]
    try:
        for server, port, log in servers:
            wait_started(server, port, log, workers)
        # One untimed round first: each process's first answers pay for what it loads
        # once (indexes, compiled patterns, the plan cache), which is not its throughput.
        asyncio.run(load([port for _, port, _ in servers]))
        before = cpu_split([s.pid for s, _, _ in servers], pg.port)
        elapsed, latencies, errors = asyncio.run(load([port for _, port, _ in servers]))
        after = cpu_split([s.pid for s, _, _ in servers], pg.port)
    finally:
        for server, _, _ in servers:
            server.terminate()
        for server, _, _ in servers:
            server.wait(60)
    latencies.sort()
    throughput = len(latencies) / elapsed
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    count = max(1, len(latencies))
    resync_ms, rest_ms = ((a - b) * 1000 / count for a, b in zip(after, before, strict=True))
    spread = sessions_by_process([log for _, _, log in servers])
    line = (
        f"{throughput:.0f} msg/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {errors}, "
        f"sessions {spread}, CPU/msg Resync {resync_ms:.1f} ms + rest {rest_ms:.1f} ms"
    )
    return throughput, p95, line, resync_ms, rest_ms


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
                one = run("one", 1, 1, pg, redis_url, hwa_url, tmp)
                replicas = run("replicas", 2, 1, pg, redis_url, hwa_url, tmp)
                workers = run("workers", 1, 2, pg, redis_url, hwa_url, tmp)
            finally:
                simulator.terminate()
                simulator.wait(20)
    print(
        f"scale-out {SESSIONS}x{MESSAGES} on PostgreSQL+Redis: 1 process {one[2]}; "
        f"2 replicas {replicas[2]}; 2 workers {workers[2]}; "
        f"throughput ratio 2 replicas {replicas[0] / one[0]:.2f}x "
        f"(p95 {replicas[1] / one[1]:.2f}x of one process's), "
        f"2 workers {workers[0] / one[0]:.2f}x (p95 {workers[1] / one[1]:.2f}x); "
        f"ceiling {ceiling(one[3], one[4]):.2f}x on {os.cpu_count()} cores at one process's CPU "
        f"cost per message (host speed reference {reference:.0f} ms)"
    )


if __name__ == "__main__":
    main()
