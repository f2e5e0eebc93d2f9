"""``resync serve --workers N``: N worker processes, each with its own listening socket on
the one port (``SO_REUSEPORT``), so the kernel deals new connections out evenly. uvicorn's
own supervisor hands every worker one shared socket, and whichever worker wakes first
takes the connection: in the scale-out bench one of two workers took about two thirds of
the sessions.

The supervisor binds every socket itself, after checking that nothing listens on the port
yet (a socket with ``SO_REUSEPORT`` would otherwise join a forgotten server's group and
share its traffic). A worker that dies leaves its socket bound, so the connections the
kernel queued on it wait for the replacement. Workers run in their own process group: a
Ctrl-C or a hangup at a terminal reaches the supervisor alone, which passes each signal
on to every worker once, so a first signal drains each worker and a second one skips the
wait, as in one process. On the first signal the supervisor also lets go of its copies of
the sockets, so a port stops taking connections as soon as its worker stops listening,
and it kills the workers still running once both phases of the shutdown are overdue. A
worker that stops answering its health check is replaced; one that cannot start at all
(bad settings, a broken database) stops the whole server with its code.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import sys
import time
from types import FrameType

import structlog
import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Process

from resync.server.drain import SIGNALS

log = structlog.get_logger(__name__)

PR_SET_PDEATHSIG = 1
TICK = 0.5  # how often the supervisor looks at its workers and its signals
STOP_SIGNALS = (*SIGNALS, signal.SIGHUP)
OVERDUE = 10.0  # seconds past the two phases of a worker's shutdown before it is killed


class PortInUse(OSError):
    """Something already listens on the port asked for."""


def bind_sockets(host: str, port: int, count: int, backlog: int) -> list[socket.socket]:
    """One listening socket per worker on ``host:port`` (the same socket ``count`` times
    where the platform has no ``SO_REUSEPORT``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    port = _free_port(family, host, port)
    separate = hasattr(socket, "SO_REUSEPORT")
    sockets: list[socket.socket] = []
    try:
        for _ in range(count if separate else 1):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if separate:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            sock.listen(backlog)
            sock.set_inheritable(True)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets if separate else sockets * count


def _free_port(family: socket.AddressFamily, host: str, port: int) -> int:
    """The port to bind (the one the system picks for 0), refused if anything listens."""
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortInUse(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from exc
        return int(probe.getsockname()[1])


class Worker(Process):
    """A uvicorn worker process in its own process group that ends with its supervisor."""

    def __init__(self, config: uvicorn.Config, sock: socket.socket) -> None:
        self.supervisor = os.getpid()
        self.socket = sock
        super().__init__(config, [sock])

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # in the worker
        if hasattr(os, "setpgrp"):
            os.setpgrp()
            # Out of the terminal's foreground group: writing to it must not stop the worker.
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        _end_with(self.supervisor)
        super().target(sockets)


def _end_with(supervisor: int) -> None:
    """Have the kernel send this process SIGTERM when its supervisor dies (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no C library to load
            if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
                log.warning("server_worker_orphan_guard_failed", errno=ctypes.get_errno())
    if os.getppid() != supervisor:  # it died before that was set
        os.kill(os.getpid(), signal.SIGTERM)


class Workers:
    """Start ``config.workers`` workers, keep them running, stop them on a signal."""

    def __init__(self, config: uvicorn.Config) -> None:
        self.config = config
        self.processes: list[Worker] = []
        self.signals: list[int] = []
        self.sockets: list[socket.socket] = []
        self.stopping = False
        self.deadline = float("inf")  # when workers still running are killed
        self.exit_code = 0

    def run(self) -> int:
        """Serve until a signal (or a worker that cannot start); the exit code."""
        config = self.config
        try:
            sockets = bind_sockets(config.host, config.port, config.workers, config.backlog)
        except OSError as exc:
            log.error("server_bind_failed", host=config.host, port=config.port, error=str(exc))
            return STARTUP_FAILURE
        self.sockets = sockets
        port = sockets[0].getsockname()[1]
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._queue)
        self.processes = [self._start(sock) for sock in sockets]
        log.info(
            "server_workers",
            workers=len(self.processes),
            sockets=len({id(sock) for sock in sockets}),
            host=config.host,
            port=port,
            pids=[worker.pid for worker in self.processes],
        )
        last_check = time.monotonic()
        while not self.stopping or any(w.process.is_alive() for w in self.processes):
            time.sleep(TICK)
            self._handle_signals()
            if not self.stopping:
                checked = time.monotonic() - last_check >= config.timeout_worker_healthcheck
                self._keep_alive(ping=checked)
                last_check = time.monotonic() if checked else last_check
            elif time.monotonic() > self.deadline:
                self._kill_all()
        self._let_go()
        log.info("server_workers_stopped", exit_code=self.exit_code)
        return self.exit_code

    def _start(self, sock: socket.socket) -> Worker:
        worker = Worker(self.config, sock)
        worker.start()
        return worker

    def _queue(self, signum: int, frame: FrameType | None) -> None:
        self.signals.append(signum)

    def _handle_signals(self) -> None:
        while self.signals:
            signum = self.signals.pop(0)
            log.info("server_workers_signalled", signal=signal.Signals(signum).name)
            self._stop(again=self.stopping)

    def _stop(self, *, again: bool = False) -> None:
        """Signal every worker still running: SIGTERM drains it; SIGINT, the next time,
        cuts the drain or the wait for requests in flight short."""
        if not self.stopping:
            self.stopping = True
            self._let_go()
            grace = self.config.timeout_graceful_shutdown or 30
            self.deadline = time.monotonic() + 2 * grace + OVERDUE
        for worker in self.processes:
            if worker.process.is_alive() and worker.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGINT if again else signal.SIGTERM)

    def _let_go(self) -> None:
        """Close the supervisor's copies of the sockets (each worker holds its own)."""
        for sock in self.sockets:
            sock.close()

    def _kill_all(self) -> None:
        for worker in self.processes:
            if worker.process.is_alive():
                log.error("server_worker_killed", pid=worker.pid, reason="shutdown overdue")
                worker.process.kill()
                self.exit_code = self.exit_code or 1  # the shutdown did not finish cleanly
        self.deadline = float("inf")

    def _keep_alive(self, *, ping: bool) -> None:
        for index, worker in enumerate(self.processes):
            alive = worker.process.is_alive()
            if alive and (not ping or worker.ping(self.config.timeout_worker_healthcheck)):
                continue
            if alive:
                log.warning("server_worker_unresponsive", pid=worker.pid)
            worker.kill()
            worker.process.join()
            if worker.exitcode == STARTUP_FAILURE:
                log.error("server_worker_failed_to_start", pid=worker.pid)
                self.exit_code = STARTUP_FAILURE
                self._stop()
                return
            replacement = self._start(worker.socket)
            log.warning(
                "server_worker_replaced",
                pid=worker.pid,
                exit_code=worker.exitcode,
                replacement=replacement.pid,
            )
            self.processes[index] = replacement
