"""The simulator's clock: real time scaled by a speed factor, plus explicit advances."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class SimulatedClock:
    """``now() = start + elapsed_real_seconds * speed + advanced``.

    ``speed=0`` freezes the clock (tests advance it explicitly); ``speed=60`` makes one
    real second one simulated minute.
    """

    def __init__(self, start: datetime | None = None, speed: float = 1.0) -> None:
        if speed < 0:
            raise ValueError("clock speed must be >= 0")
        self.start = (start or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.speed = speed
        self._real_start = time.monotonic()
        self._advanced = 0.0

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._real_start) * self.speed + self._advanced
        return self.start + timedelta(seconds=elapsed)

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._advanced += seconds
        return self.now()
