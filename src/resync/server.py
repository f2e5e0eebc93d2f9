"""Run an app under uvicorn with Resync's logging (never uvicorn's plain-text config), in
one process or several (``workers``), and drain it gracefully on SIGTERM.

On SIGTERM (or SIGINT) a :class:`Drain` runs before uvicorn's own shutdown: readiness
turns to 503 so a load balancer stops sending traffic, its hooks run (the chat closes
every WebSocket with 1001 and a ``reconnect`` frame once its message in flight is
answered) for up to the shutdown timeout; then uvicorn stops accepting, waits up to the
same timeout for HTTP requests in flight, and the lifespan's shutdown flushes what is
buffered (routing decisions). A second signal skips the wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from types import FrameType
from typing import Any

import structlog
import uvicorn
from uvicorn.supervisors import Multiprocess

from resync.observability.logging import configure_logging
from resync.settings import Settings

log = structlog.get_logger(__name__)

APP_FACTORY = "resync.app:create_app_from_env"
SIGNALS = (signal.SIGTERM, signal.SIGINT)

DrainHook = Callable[[], Awaitable[None]]


class Drain:
    """What a shutdown signal does first; installed by the app's lifespan in a server."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.draining = False
        self.hooks: list[DrainHook] = []
        self._previous: dict[int, Any] = {}
        self._task: asyncio.Task[None] | None = None

    def on_drain(self, hook: DrainHook) -> None:
        self.hooks.append(hook)

    def install(self) -> None:
        """Take SIGTERM/SIGINT from uvicorn (whose handlers run once the drain is done)."""
        loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            self._previous[sig] = signal.getsignal(sig)

            def handler(signum: int, frame: FrameType | None) -> None:
                loop.call_soon_threadsafe(self._signalled, signum, frame)

            signal.signal(sig, handler)

    def uninstall(self) -> None:
        for sig, previous in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, previous)
        self._previous.clear()

    def _signalled(self, signum: int, frame: FrameType | None) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._drain(signum, frame))
        else:  # asked again: stop waiting
            self._task.cancel()

    async def _drain(self, signum: int, frame: FrameType | None) -> None:
        self.draining = True
        log.info("server_draining", signal=signal.Signals(signum).name, timeout=self.timeout)
        try:
            async with asyncio.timeout(self.timeout):
                await asyncio.gather(*(hook() for hook in self.hooks))
        except TimeoutError:
            log.warning("server_drain_timed_out", timeout=self.timeout)
        except asyncio.CancelledError:
            log.warning("server_drain_cut_short")
        finally:
            previous = self._previous.get(signum)
            if callable(previous):
                previous(signum, frame)  # uvicorn's own shutdown

    async def check(self) -> dict[str, Any]:
        """A readiness component: down while draining."""
        if self.draining:
            raise RuntimeError("shutting down")
        return {}


def uvicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    return {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": False,
        "log_level": settings.log_level.lower(),
        "ws_max_size": 1 << 20,
        "ws_per_message_deflate": settings.chat_ws_compression,
        "proxy_headers": bool(settings.trusted_proxies.strip()),
        "forwarded_allow_ips": settings.trusted_proxies.strip() or None,
        "timeout_graceful_shutdown": settings.shutdown_timeout,
    }


def run_server(
    app: Any, settings: Settings, *, host: str, port: int, reload: bool = False, workers: int = 1
) -> None:
    """Serve ``app`` here, or (``reload``, ``workers`` > 1) the app the factory builds in
    each worker process, all on one listening socket."""
    configure_logging(settings.log_level, settings.log_format)
    options = uvicorn_options(settings, host, port)
    if reload:
        uvicorn.run(APP_FACTORY, factory=True, reload=True, **options)
    elif workers > 1:
        config = uvicorn.Config(APP_FACTORY, factory=True, workers=workers, **options)
        sock = config.bind_socket()
        log.info("server_workers", workers=workers, host=host, port=port)
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.run(app, **options)
