"""What a shutdown signal does first in a server process: readiness turns to 503 so a load
balancer stops sending traffic, then the drain hooks run (the chat closes every WebSocket
with 1001 and a ``reconnect`` frame once its message in flight is answered) for up to the
shutdown timeout, and only then uvicorn's own shutdown. A second signal skips the wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from types import FrameType
from typing import Any

import structlog

log = structlog.get_logger(__name__)

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
        elif not self._task.done():  # asked again while draining: stop waiting
            self._task.cancel()
        else:  # asked again while uvicorn waits for requests in flight: stop that too
            previous = self._previous.get(signal.SIGINT)
            if callable(previous):
                previous(signal.SIGINT, frame)  # uvicorn forces its exit on a second SIGINT

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
