"""A circuit breaker: after repeated failures calls fail fast until a probe succeeds."""

from __future__ import annotations

import time
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """``failure_threshold`` consecutive failures open the circuit for ``reset_timeout``
    seconds; then one probe is let through (half-open): success closes it, failure
    opens it again.
    """

    def __init__(self, failure_threshold: int = 5, reset_timeout: float = 30.0) -> None:
        self.failure_threshold = failure_threshold
        self.reset_timeout = reset_timeout
        self.failures = 0
        self._opened_at: float | None = None
        self._probe_started: float | None = None

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if time.monotonic() - self._opened_at >= self.reset_timeout:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def retry_in(self) -> float:
        if self._opened_at is None:
            return 0.0
        return max(0.0, self.reset_timeout - (time.monotonic() - self._opened_at))

    def allow(self) -> bool:
        """May a call go upstream now? In half-open state only one probe at a time."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self._probing:
            self._probe_started = time.monotonic()
            return True
        return False

    @property
    def _probing(self) -> bool:
        # A probe that never reported back (cancelled) stops counting after reset_timeout.
        started = self._probe_started
        return started is not None and time.monotonic() - started < self.reset_timeout

    def record_success(self) -> None:
        self.failures = 0
        self._opened_at = None
        self._probe_started = None

    def record_failure(self) -> None:
        self.failures += 1
        if self._probe_started is not None or self.failures >= self.failure_threshold:
            self._opened_at = time.monotonic()
        self._probe_started = None
