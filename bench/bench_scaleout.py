"""Scale-out: the same chat load against one Resync process and against two, both on
PostgreSQL and Redis with the HWA simulator as its own process (``resync tws-sim``).

Two processes run two ways: as two replicas (two ``resync serve`` on their own ports,
sessions dealt out in turn, as nginx's round robin does) and as ``resync serve --workers
2`` (each worker listening on its own socket of the one port, the kernel dealing the
connections out by a hash of their addresses: the line says how the sessions fell).

The three are started together. 100 WebSocket sessions connect first, then each sends 20
messages (deterministic answers), all at once; a first such round warms each up and is
not timed. Then five timed rounds go to each in turn. Prints, in one run: throughput and
p95 latency for each, and the throughput ratios (two processes over one, the median of
the rounds' ratios; target 1.6x on a 2-core machine, p95 no worse).

Everything runs on the same cores (load generator, simulator, PostgreSQL, Redis, and the
kernel carrying every frame over loopback), so the bench also reads the CPU time each
part spent per message (Linux ``/proc``: Resync's processes, the bench's others, and the
whole machine, which also counts the kernel's work no process is charged with) and
prints the ratio those costs allow at most on this machine's cores: a low ratio under a
high ceiling is a scaling defect, a low ceiling is the machine.
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
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.bench_chat_load import MESSAGES, PASSWORD, host_speed_ms, session
from tests.fixtures.postgres import PostgresServer, postgres_instance
from tests.fixtures.processes import free_port, wait_http
from tests.fixtures.redis_server import redis_server

SESSIONS = 100
ROUNDS = 5
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


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (every core, all but idle and I/O wait)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / TICK


def cpu_split(servers: list[int], pg_port: int) -> tuple[float, float, float]:
    """CPU seconds so far of the Resync servers' processes, of everything else this bench
    runs (itself, the simulator, Redis, PostgreSQL), and of the whole machine (which also
    counts what no process is charged with, such as the kernel's loopback network work)."""
    resync = set().union(*(tree(server) for server in servers))
    rest = (tree(os.getpid()) | postgres_pids(pg_port)) - resync
    return sum(own_cpu(p) for p in resync), sum(own_cpu(p) for p in rest), machine_busy()


def ceiling(resync_ms: float, machine_ms: float) -> float:
    """The most two processes can gain over one on this machine's cores, if each message
    costs what it cost one process: one process is held to one core, and every message
    takes the machine's CPU per message from the cores there are."""
    cores = os.cpu_count() or 1
    one = min(1 / resync_ms, cores / machine_ms)
    two = min(2 / resync_ms, cores / machine_ms)
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


class Round(NamedTuple):
    """One timed round of one setup: messages/s, p95 (ms), and CPU ms per message."""

    throughput: float
    p95: float
    resync_ms: float
    rest_ms: float
    machine_ms: float


@dataclass
class Setup:
    """One way of running Resync: its server processes, started once."""

    name: str
    servers: list[tuple[subprocess.Popen[bytes], int, Path]]
    runs: list[Round] = field(default_factory=list)

    @property
    def ports(self) -> list[int]:
        return [port for _, port, _ in self.servers]

    def measure(self, pg_port: int) -> None:
        """One timed round: throughput (messages/s), p95 (ms), and the CPU ms per message
        spent by Resync, by the bench's other processes and by the whole machine."""
        before = cpu_split([s.pid for s, _, _ in self.servers], pg_port)
        elapsed, latencies, errors = asyncio.run(load(self.ports))
        after = cpu_split([s.pid for s, _, _ in self.servers], pg_port)
        if errors:
            raise RuntimeError(f"{self.name}: {errors} messages without an answer")
        latencies.sort()
        count = len(latencies)
        resync_ms, rest_ms, machine_ms = (
            (a - b) * 1000 / count for a, b in zip(after, before, strict=True)
        )
        p95 = latencies[int(0.95 * (count - 1))] * 1000
        self.runs.append(Round(count / elapsed, p95, resync_ms, rest_ms, machine_ms))

    def median(self, figure: str) -> float:
        return statistics.median(getattr(run, figure) for run in self.runs)

    def line(self) -> str:
        spread = sessions_by_process([log for _, _, log in self.servers])
        return (
            f"{self.median('throughput'):.0f} msg/s, p95 {self.median('p95'):.0f} ms, "
            f"sessions {spread}, CPU/msg Resync {self.median('resync_ms'):.1f} ms + rest "
            f"{self.median('rest_ms'):.1f} ms, whole machine {self.median('machine_ms'):.1f} ms"
        )


def start(
    name: str, replicas: int, workers: int, pg: PostgresServer, redis_url: str, hwa_url: str,
    tmp: Path,
) -> Setup:  # fmt: skip
    """``replicas`` servers of ``workers`` workers each on a database of their own, ready
    and warmed up by one untimed round: each process's first answers pay for what it
    loads once (indexes, compiled patterns, the plan cache), which is not its throughput."""
    env = {
        **os.environ,
        "RESYNC_DATA_DIR": str(tmp / name),
        "RESYNC_DATABASE_URL": pg.create_database(f"resync_bench_{name}"),
        "RESYNC_REDIS_URL": redis_url,
        "RESYNC_HWA_URL": hwa_url,
        "RESYNC_ADMIN_PASSWORD": PASSWORD,
        "RESYNC_LOG_LEVEL": "INFO",  # each process logs resync_started and its sessions
        "RESYNC_CHAT_MAX_SESSIONS_PER_USER": str(SESSIONS * 2),
        "RESYNC_CHAT_MESSAGES_PER_MINUTE": str(SESSIONS * MESSAGES * (ROUNDS + 1) * 4),
    }
    setup = Setup(name, [start_server(f"{name}-{n}", workers, env, tmp) for n in range(replicas)])
    for server, port, log in setup.servers:
        wait_started(server, port, log, workers)
    asyncio.run(load(setup.ports))
    return setup


def ratio(two: Setup, one: Setup, figure: str) -> float:
    """The median over the rounds of two's figure over one's in the same round."""
    pairs = zip(one.runs, two.runs, strict=True)
    return statistics.median(getattr(b, figure) / getattr(a, figure) for a, b in pairs)


def main() -> None:
    reference = host_speed_ms()
    with tempfile.TemporaryDirectory() as name, postgres_instance() as pg, ExitStack() as stop:
        tmp = Path(name)
        redis_url = stop.enter_context(redis_server(tmp))
        sim_port = free_port()
        simulator = subprocess.Popen(
            [sys.executable, "-m", "resync", "tws-sim", "--port", str(sim_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stop.callback(stopped, [simulator])
        hwa_url = f"http://127.0.0.1:{sim_port}/twsd"
        wait_http(f"{hwa_url}/api/v2/engine/info", timeout=60, proc=simulator)
        setups = []
        for label, count, each in (("one", 1, 1), ("replicas", 2, 1), ("workers", 1, 2)):
            setup = start(label, count, each, pg, redis_url, hwa_url, tmp)
            stop.callback(stopped, [server for server, _, _ in setup.servers])
            setups.append(setup)
        # The rounds take turns, so a neighbour's burst on a shared machine slows one
        # round of each, not all of one; the ratios are each round's, then the median.
        for _ in range(ROUNDS):
            for setup in setups:
                setup.measure(pg.port)
        one, replicas, workers = setups
        print(report(one, replicas, workers, reference))


def report(one: Setup, replicas: Setup, workers: Setup, reference: float) -> str:
    """The bench's line (read while the servers' logs are still there)."""
    return (
        f"scale-out {SESSIONS}x{MESSAGES}, median of {ROUNDS} alternating rounds, on "
        f"PostgreSQL+Redis: 1 process {one.line()}; 2 replicas {replicas.line()}; "
        f"2 workers {workers.line()}; throughput ratio 2 replicas "
        f"{ratio(replicas, one, 'throughput'):.2f}x (p95 {ratio(replicas, one, 'p95'):.2f}x of "
        f"one process's), 2 workers {ratio(workers, one, 'throughput'):.2f}x "
        f"(p95 {ratio(workers, one, 'p95'):.2f}x); per round {rounds(replicas, one)} and "
        f"{rounds(workers, one)}; ceiling "
        f"{ceiling(one.median('resync_ms'), one.median('machine_ms')):.2f}x on "
        f"{os.cpu_count()} cores at one process's CPU "
        f"cost per message (host speed reference {reference:.0f} ms)"
    )


def rounds(two: Setup, one: Setup) -> str:
    """Each round's throughput ratio, two over one."""
    pairs = zip(one.runs, two.runs, strict=True)
    return "/".join(f"{b.throughput / a.throughput:.2f}" for a, b in pairs)


def stopped(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(60)


if __name__ == "__main__":
    main()
