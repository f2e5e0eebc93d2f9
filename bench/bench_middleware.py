"""Cost of Resync's middleware + logging stack against a bare FastAPI app, same endpoint.

Both apps run under uvicorn in their own process (Resync's with its JSON log lines going to
/dev/null, as a production log shipper would read them); one client sends sequential
keep-alive requests to each, alternating rounds. Prints one figure: the ratio of median
per-request times (target <= 1.5). The in-process ratio (no server, no network) follows in
parentheses as the worst case.
"""

from __future__ import annotations

import asyncio
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fixtures.processes import free_port, wait_http

REQUESTS = 300
ROUNDS = 7
PATH = "/health/live"


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get(PATH)
    async def live() -> dict[str, Any]:
        return {"status": "ok", "version": "0.1.0"}

    return app


def serve(kind: str, port: int) -> None:
    import uvicorn

    if kind == "bare":
        uvicorn.run(bare_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    else:
        from resync.app import create_app
        from resync.server import run_server
        from resync.settings import Settings

        settings = Settings()
        run_server(create_app(settings), settings, host="127.0.0.1", port=port)


def per_request_http(client: httpx.Client) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(PATH).raise_for_status()
    return (time.perf_counter() - started) / REQUESTS


async def per_request_asgi(app: Any) -> float:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        started = time.perf_counter()
        for _ in range(REQUESTS):
            await client.get(PATH)
        return (time.perf_counter() - started) / REQUESTS


def over_http(tmp: str) -> float:
    ports = {"bare": free_port(), "resync": free_port()}
    env = {**os.environ, "RESYNC_DATA_DIR": tmp}
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--serve", kind, str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for kind, port in ports.items()
    ]
    try:
        times: dict[str, list[float]] = {"bare": [], "resync": []}
        clients = {k: httpx.Client(base_url=f"http://127.0.0.1:{p}") for k, p in ports.items()}
        for kind, port in ports.items():
            wait_http(f"http://127.0.0.1:{port}{PATH}")
            per_request_http(clients[kind])  # warm up
        for _ in range(ROUNDS):
            for kind in ports:
                times[kind].append(per_request_http(clients[kind]))
        return statistics.median(times["resync"]) / statistics.median(times["bare"])
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)


def in_process(tmp: str) -> float:
    from resync.app import create_app
    from resync.observability.logging import configure_logging
    from resync.settings import Settings

    resync = create_app(Settings(data_dir=Path(tmp), _env_file=None))  # type: ignore[call-arg]
    configure_logging("INFO", "json", stream=io.StringIO())
    bare, resync_times, bare_times = bare_app(), [], []
    for _ in range(ROUNDS):
        bare_times.append(asyncio.run(per_request_asgi(bare)))
        resync_times.append(asyncio.run(per_request_asgi(resync)))
    return statistics.median(resync_times) / statistics.median(bare_times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        http_ratio = over_http(tmp)
        asgi_ratio = in_process(tmp)
    print(
        f"middleware+logging overhead ratio: {http_ratio:.2f}x over HTTP "
        f"({asgi_ratio:.2f}x in-process, no server)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        main()
