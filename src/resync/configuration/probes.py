"""The connection tests of the admin console: each a named check that answers with what it
found (latency, versions, state) or a clear error, never a traceback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from resync.errors import NotFound, ResyncError

log = structlog.get_logger(__name__)

Probe = Callable[[], Awaitable[dict[str, Any]]]
PROBE_TIMEOUT = 20.0


class NotConfigured(Exception):
    """The thing to test is not configured (an empty URL): said plainly, not as a failure
    of the thing itself."""


class Probes:
    def __init__(self) -> None:
        self.probes: dict[str, Probe] = {}

    def register(self, name: str, probe: Probe) -> None:
        self.probes[name] = probe

    def names(self) -> list[str]:
        return list(self.probes)

    async def run(self, name: str) -> dict[str, Any]:
        probe = self.probes.get(name)
        if probe is None:
            raise NotFound(f"teste desconhecido: {name} (há: {', '.join(self.probes)})")
        started = time.perf_counter()
        try:
            result = await asyncio.wait_for(probe(), PROBE_TIMEOUT)
        except NotConfigured as exc:
            return {"target": name, "ok": False, "configured": False, "error": str(exc)}
        except TimeoutError:
            error = f"sem resposta em {PROBE_TIMEOUT:.0f} s"
            return self._failed(name, started, error)
        except ResyncError as exc:
            return self._failed(name, started, exc.detail)
        except Exception as exc:
            return self._failed(name, started, f"{type(exc).__name__}: {exc}"[:500])
        latency = round((time.perf_counter() - started) * 1000, 1)
        return {"target": name, "ok": True, "configured": True, "latency_ms": latency, **result}

    def _failed(self, name: str, started: float, error: str) -> dict[str, Any]:
        latency = round((time.perf_counter() - started) * 1000, 1)
        log.info("config_test_failed", target=name, error=error)
        return {
            "target": name,
            "ok": False,
            "configured": True,
            "latency_ms": latency,
            "error": error,
        }
