"""HTTP to HWA: hosts with fail-over, auth, timeouts, retries for reads, the breaker.

Only idempotent reads are retried (with jittered exponential backoff, honouring
``Retry-After``). An action is never retried blindly: it may move to the next host only
when the previous one refused the connection (the request never reached an engine).
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import orjson
import structlog

from resync.tws.breaker import BreakerState, CircuitBreaker
from resync.tws.errors import (
    TWSCircuitOpen,
    TWSError,
    TWSProtocolError,
    TWSTimeout,
    TWSUnavailable,
    error_for_status,
)
from resync.tws.mapping import server_messages
from resync.tws.metrics import HWAMetrics

log = structlog.get_logger(__name__)

_RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class HWAConnection:
    """How to reach HWA. ``hosts`` are base URLs ending in ``/twsd``."""

    hosts: tuple[str, ...]
    username: str = "wauser"
    password: str = field(default="", repr=False)
    api_key: str = field(default="", repr=False)
    verify_tls: bool = True
    ca_bundle: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    read_retries: int = 2
    backoff_base: float = 0.2
    backoff_max: float = 2.0
    retry_after_max: float = 10.0
    breaker_threshold: int = 5
    breaker_reset: float = 30.0


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Full jitter: a random delay up to ``base * 2**attempt`` (capped)."""
    return random.uniform(0, min(cap, base * (2**attempt)))


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


class HWATransport:
    def __init__(
        self,
        connection: HWAConnection,
        metrics: HWAMetrics,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not connection.hosts:
            raise ValueError("at least one HWA host is needed")
        self.connection = connection
        self.metrics = metrics
        self.breaker = CircuitBreaker(connection.breaker_threshold, connection.breaker_reset)
        verify: Any = connection.verify_tls
        if connection.verify_tls and connection.ca_bundle:
            verify = connection.ca_bundle
        auth: httpx.Auth | None = None
        headers = {"Accept": "application/json"}
        if connection.api_key:
            headers["Authorization"] = f"Bearer {connection.api_key}"
        else:
            auth = httpx.BasicAuth(connection.username, connection.password)
        self._client = httpx.AsyncClient(
            transport=transport,
            verify=verify,
            auth=auth,
            headers=headers,
            timeout=httpx.Timeout(connection.read_timeout, connect=connection.connect_timeout),
        )
        self._host = 0

    def reconfigure(
        self,
        *,
        connect_timeout: float,
        read_timeout: float,
        read_retries: int,
        breaker_threshold: int,
        breaker_reset: float,
    ) -> None:
        """New timeouts, retries and breaker limits (the settings manager changed them);
        hosts, credentials and the breaker's current state are kept."""
        self.connection = replace(
            self.connection,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            read_retries=read_retries,
            breaker_threshold=breaker_threshold,
            breaker_reset=breaker_reset,
        )
        self.breaker.failure_threshold = breaker_threshold
        self.breaker.reset_timeout = breaker_reset
        self._client.timeout = httpx.Timeout(read_timeout, connect=connect_timeout)

    @property
    def current_host(self) -> str:
        return self.connection.hosts[self._host]

    async def aclose(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        endpoint: str,
        idempotent: bool,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        if not self.breaker.allow():
            self.metrics.breaker_open.set(1)
            raise TWSCircuitOpen(
                f"HWA calls are suspended after repeated failures; retrying in "
                f"{self.breaker.retry_in():.0f}s"
            )
        attempts = 1 + (self.connection.read_retries if idempotent else 0)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = await self._send(
                    method, path, endpoint, idempotent, params, json, headers
                )
            except TWSUnavailable:
                if last:
                    self._failed()
                    raise
                await asyncio.sleep(
                    backoff_delay(
                        attempt, self.connection.backoff_base, self.connection.backoff_max
                    )
                )
                continue
            if response.status_code in _RETRY_STATUSES and not last and idempotent:
                wait = retry_after_seconds(response)
                if wait is None:
                    wait = backoff_delay(
                        attempt, self.connection.backoff_base, self.connection.backoff_max
                    )
                await asyncio.sleep(min(wait, self.connection.retry_after_max))
                continue
            if response.status_code >= 500 or response.status_code == 429:
                self._failed()
            else:
                self._succeeded()
            if response.status_code >= 400:
                raise self._error(response)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _failed(self) -> None:
        before = self.breaker.state
        self.breaker.record_failure()
        if self.breaker.state is not BreakerState.CLOSED:
            self.metrics.breaker_open.set(1)
            if before is BreakerState.CLOSED:
                log.warning("hwa_circuit_opened", failures=self.breaker.failures)

    def _succeeded(self) -> None:
        if self.breaker.state is not BreakerState.CLOSED or self.breaker.failures:
            log.info("hwa_circuit_closed")
        self.breaker.record_success()
        self.metrics.breaker_open.set(0)

    async def _send(
        self,
        method: str,
        path: str,
        endpoint: str,
        idempotent: bool,
        params: dict[str, Any] | None,
        json: Any,
        headers: dict[str, str] | None,
    ) -> httpx.Response:
        hosts = self.connection.hosts
        errors: list[str] = []
        for offset in range(len(hosts)):
            index = (self._host + offset) % len(hosts)
            url = hosts[index].rstrip("/") + path
            request_headers = {"Request-Id": str(uuid.uuid4()), **(headers or {})}
            started = time.perf_counter()
            try:
                response = await self._client.request(
                    method, url, params=params, json=json, headers=request_headers
                )
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                self._observe(endpoint, "connect_error", started)
                errors.append(f"host {index + 1}: {type(exc).__name__}")
                log.warning(
                    "hwa_host_unreachable",
                    host=hosts[index],
                    endpoint=endpoint,
                    error=type(exc).__name__,
                )
                continue  # never reached an engine: the next host is safe even for actions
            except httpx.TimeoutException as exc:
                self._observe(endpoint, "timeout", started)
                raise TWSTimeout(
                    f"HWA did not answer {endpoint} in time", host=hosts[index]
                ) from exc
            except httpx.TransportError as exc:
                self._observe(endpoint, "transport_error", started)
                if idempotent:
                    errors.append(f"host {index + 1}: {type(exc).__name__}")
                    continue
                raise TWSUnavailable(
                    f"HWA connection failed during {endpoint}: {type(exc).__name__}",
                    host=hosts[index],
                ) from exc
            self._observe(endpoint, str(response.status_code), started)
            if index != self._host:
                self.metrics.failovers.inc()
                log.warning("hwa_failover", host=hosts[index], previous=hosts[self._host])
                self._host = index
            return response
        # The hosts' URLs stay out of the text (users see it in answers); logs have them.
        raise TWSUnavailable("no HWA host answered: " + "; ".join(errors), hosts=list(hosts))

    def _observe(self, endpoint: str, outcome: str, started: float) -> None:
        self.metrics.requests.labels(endpoint, outcome).inc()
        self.metrics.latency.labels(endpoint).observe(time.perf_counter() - started)

    def _error(self, response: httpx.Response) -> TWSError:
        try:
            messages = server_messages(response.json())
        except ValueError:
            messages = [response.text[:300]] if response.text else []
        kind = error_for_status(response.status_code)
        detail = "; ".join(messages) or f"HWA answered HTTP {response.status_code}"
        log.info(
            "hwa_error_response",
            status=response.status_code,
            error=kind.__name__,
            path=response.request.url.path,
        )
        return kind(
            detail,
            messages=messages,
            upstream_status=response.status_code,
            host=str(response.request.url.copy_with(path="/", query=None)),
        )


def json_body(response: httpx.Response) -> Any:
    """The parsed JSON body, read by orjson (a job list runs to a megabyte).

    What only the standard parser accepts (``NaN``, a byte order mark, UTF-16…) it still
    reads. One difference: orjson reads an integer beyond 64 bits as a float.
    """
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        pass
    try:
        return response.json()
    except ValueError as exc:
        raise TWSProtocolError("HWA answered something that is not JSON") from exc
