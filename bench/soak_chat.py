"""Soak: a steady stream of chat messages against a real Resync server process for half an
hour (by default 20,000 messages at ~11 a second over 10 WebSocket sessions), watching the
server's memory and latency.

Prints one line: the server's RSS growth after warm-up (target < 5 %), the idle RSS, p95
in the first and last quarter of the run (stable: the last no worse than 1.5x the first),
and the errors (target 0). ``--minutes`` and ``--messages`` shorten it for a quick look.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.bench_chat_load import QUESTIONS
from tests.fixtures.processes import free_port, wait_http

PASSWORD = "bench-admin-password"
SESSIONS = 10
WARM_UP = 0.1  # the first tenth of the messages: caches, pools and the plan are built


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def session(
    url: str, auth: str, index: int, count: int, interval: float, latencies: list[float]
) -> int:
    errors = 0
    async with connect(url, additional_headers={"Authorization": auth}, max_size=1 << 22) as ws:
        conversation = None
        next_at = time.monotonic() + index * interval / SESSIONS
        for n in range(count):
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            next_at += interval
            frame = {"type": "message", "text": QUESTIONS[(index + n) % len(QUESTIONS)]}
            if conversation and n % 20:  # a new conversation every 20 messages
                frame["conversation_id"] = conversation
            started = time.perf_counter()
            await ws.send(json.dumps(frame))
            while (reply := json.loads(await ws.recv()))["type"] not in ("result", "error"):
                pass
            latencies.append(time.perf_counter() - started)
            if reply["type"] == "error":
                errors += 1
            else:
                conversation = reply["conversation_id"]
    return errors


async def soak(port: int, messages: int, seconds: float, pid: int) -> dict[str, float]:
    auth = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    url = f"ws://127.0.0.1:{port}/ws/chat"
    per_session = messages // SESSIONS
    interval = seconds / per_session  # each session's pace
    latencies: list[float] = []
    tasks = [
        asyncio.create_task(session(url, auth, i, per_session, interval, latencies))
        for i in range(SESSIONS)
    ]
    warm = int(messages * WARM_UP)
    after_warm_up = float("nan")
    while not all(task.done() for task in tasks):
        await asyncio.sleep(1)
        if after_warm_up != after_warm_up and len(latencies) >= warm:  # NaN: not yet taken
            after_warm_up = rss_mb(pid)
    errors = sum(task.result() for task in tasks)
    quarter = max(1, len(latencies) // 4)

    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[int(0.95 * (len(ordered) - 1))] * 1000

    return {
        "warm": after_warm_up,
        "end": rss_mb(pid),
        "p95_first": p95(latencies[warm : warm + quarter] or latencies[:quarter]),
        "p95_last": p95(latencies[-quarter:]),
        "errors": errors,
        "sent": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000, help="messages in all")
    parser.add_argument("--minutes", type=float, default=30.0, help="length of the run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {
            **os.environ,
            "RESYNC_DATA_DIR": tmp,
            "RESYNC_ADMIN_PASSWORD": PASSWORD,
            "RESYNC_LOG_LEVEL": "WARNING",
            "RESYNC_CHAT_MAX_SESSIONS_PER_USER": str(SESSIONS * 2),
            "RESYNC_CHAT_MESSAGES_PER_MINUTE": str(max(60, args.messages)),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "resync", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_http(f"http://127.0.0.1:{port}/health/live", timeout=90, proc=server)
            time.sleep(2)
            idle = rss_mb(server.pid)
            found = asyncio.run(soak(port, args.messages, args.minutes * 60, server.pid))
        finally:
            server.terminate()
            server.wait(30)
    growth = (found["end"] - found["warm"]) / found["warm"] * 100
    print(
        f"soak {found['sent']:.0f} msgs / {args.minutes:g} min: RSS growth after warm-up "
        f"{growth:+.1f} % ({found['warm']:.0f} → {found['end']:.0f} MB; idle {idle:.0f} MB), "
        f"p95 first/last quarter {found['p95_first']:.0f}/{found['p95_last']:.0f} ms, "
        f"errors {found['errors']:.0f}"
    )


if __name__ == "__main__":
    main()
