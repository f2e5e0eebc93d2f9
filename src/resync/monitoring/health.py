"""Health components: each long-lived service registers a check here."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog

log = structlog.get_logger(__name__)

CheckResult = dict[str, Any] | None
Check = Callable[[], Awaitable[CheckResult]]


@dataclass
class Component:
    name: str
    check: Check
    core: bool = True
    required: bool = True
    timeout: float = 3.0


class HealthRegistry:
    """Components answer with optional details, or raise when unusable."""

    def __init__(self) -> None:
        self._components: dict[str, Component] = {}

    def register(
        self,
        name: str,
        check: Check,
        *,
        core: bool = True,
        required: bool = True,
        timeout: float = 3.0,
    ) -> None:
        self._components[name] = Component(name, check, core, required, timeout)

    @property
    def names(self) -> list[str]:
        return list(self._components)

    async def _run(self, component: Component) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            details = await asyncio.wait_for(component.check(), component.timeout)
            status = "ok"
            if details and details.get("status") in ("degraded", "disabled"):
                status = str(details.pop("status"))
        except TimeoutError:
            details, status = {"error": f"no answer within {component.timeout:g}s"}, "down"
        except Exception as exc:  # a failing dependency is a status, not a crash
            details, status = {"error": f"{type(exc).__name__}: {exc}"}, "down"
            extra = getattr(exc, "extra", None) or {}
            hosts = extra.get("hosts") or ([extra["host"]] if extra.get("host") else None)
            if hosts:
                details["hosts"] = hosts
            log.warning("health_check_failed", component=component.name, error=str(exc))
        result: dict[str, Any] = {
            "status": status,
            "latency_ms": round((time.perf_counter() - started) * 1000, 2),
            "required": component.required,
        }
        if details:
            result.update(details)
        return result

    async def report(self, *, core_only: bool = False) -> dict[str, Any]:
        chosen = [c for c in self._components.values() if c.core or not core_only]
        results = await asyncio.gather(*(self._run(c) for c in chosen))
        components = {c.name: r for c, r in zip(chosen, results, strict=True)}
        if any(r["status"] == "down" and r["required"] for r in results):
            overall = "down"
        elif any(r["status"] != "ok" for r in results):
            overall = "degraded"
        else:
            overall = "ok"
        return {"status": overall, "components": components}


PUBLIC_FIELDS = ("status", "latency_ms", "required")


def public_view(report: dict[str, Any]) -> dict[str, Any]:
    """The report without details (errors, hosts, engines): what anyone may see."""
    components = {
        name: {key: result[key] for key in PUBLIC_FIELDS if key in result}
        for name, result in report["components"].items()
    }
    return {**report, "components": components}
