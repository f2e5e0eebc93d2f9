"""Time windows operators name ("hoje", "ontem", "última hora", "last 24 hours") as plan times.

"Today" is the current production day of the plan (``planStart``..``planEnd`` from the
engine), not the calendar day: a night shift's 02:00 abend belongs to "hoje". "Now" is the
engine's clock when it reports one (the simulator does), else the machine's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from resync.tws.models import EngineInfo

WindowName = Literal[
    "plan",
    "today",
    "yesterday",
    "last_hour",
    "last_24_hours",
    "shift",
    "this_week",
    "last_7_days",
    "last_30_days",
]

WINDOW_NAMES: tuple[str, ...] = WindowName.__args__  # type: ignore[attr-defined]
WINDOW_HELP = (
    ", ".join(WINDOW_NAMES) + ", since_midnight, since_<H>h, last_<N>_minutes or last_<N>_hours"
)
SHIFT_HOURS = 8
_LAST_HOURS = re.compile(r"last_(\d{1,3})_hours")
_LAST_MINUTES = re.compile(r"last_(\d{1,4})_minutes")
_SINCE = re.compile(r"since_midnight|since_(\d{1,2})h")


@dataclass(frozen=True)
class PlanClock:
    """The plan day and the engine's "now", in UTC, plus the zone answers are shown in."""

    plan_start: datetime
    plan_end: datetime
    now: datetime
    zone: ZoneInfo

    @classmethod
    def from_engine(cls, info: EngineInfo) -> PlanClock:
        now = info.current_time or datetime.now(UTC)
        start = info.plan_start or now.replace(hour=0, minute=0, second=0, microsecond=0)
        end = info.plan_end or start + timedelta(days=1)
        try:
            zone = ZoneInfo(info.time_zone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        return cls(start, end, now, zone)

    def local(self, value: datetime) -> datetime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(self.zone)


@dataclass(frozen=True)
class TimeWindow:
    name: str
    start: datetime | None  # None with "plan": the whole current plan, no time filter
    end: datetime | None
    label_pt: str
    label_en: str

    @property
    def whole_current_plan(self) -> bool:
        return self.name in ("plan", "today")

    def reaches_before(self, moment: datetime) -> bool:
        return self.start is not None and self.start < moment

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_pt

    def contains(self, moment: datetime | None) -> bool:
        if moment is None or self.start is None or self.end is None:
            return False
        return self.start <= moment <= self.end  # a window ending now holds what just ended


def window_for(name: str | None, clock: PlanClock) -> TimeWindow:
    """The window called ``name`` (one of :data:`WINDOW_NAMES`; None: the current plan)."""
    day = clock.plan_start.astimezone(clock.zone).strftime("%d/%m")
    now = clock.now
    hours = _LAST_HOURS.fullmatch(name or "")
    if hours:
        count = max(1, int(hours.group(1)))
        start = now - timedelta(hours=count)
        return TimeWindow(hours.group(0), start, now, f"últimas {count} h", f"last {count} h")
    minutes = _LAST_MINUTES.fullmatch(name or "")
    if minutes:
        count = max(1, int(minutes.group(1)))
        start = now - timedelta(minutes=count)
        return TimeWindow(minutes.group(0), start, now, f"últimos {count} min", f"last {count} min")
    since = _SINCE.fullmatch(name or "")
    if since:
        return _since(since.group(0), int(since.group(1) or 0), clock)
    if name and name not in WINDOW_NAMES:
        raise ValueError(f"unknown time window {name!r}; use {WINDOW_HELP}")
    match name or "plan":
        case "today":
            return TimeWindow("today", clock.plan_start, clock.plan_end, f"hoje ({day})", "today")
        case "yesterday":
            start = clock.plan_start - timedelta(days=1)
            label = start.astimezone(clock.zone).strftime("%d/%m")
            return TimeWindow("yesterday", start, clock.plan_start, f"ontem ({label})", "yesterday")
        case "last_hour":
            return TimeWindow(
                "last_hour", now - timedelta(hours=1), now, "última hora", "last hour"
            )
        case "last_24_hours":
            return TimeWindow(
                "last_24_hours",
                now - timedelta(hours=24),
                now,
                "últimas 24 horas",
                "last 24 hours",
            )
        case "shift":
            start = now - timedelta(hours=SHIFT_HOURS)
            return TimeWindow(
                "shift",
                start,
                now,
                f"turno (últimas {SHIFT_HOURS} h)",
                f"shift (last {SHIFT_HOURS} h)",
            )
        case "this_week" | "last_7_days":
            start = clock.plan_start - timedelta(days=7)
            return TimeWindow(
                name or "last_7_days",
                start,
                clock.plan_end,
                "últimos 7 dias de plano",
                "last 7 plan days",
            )
        case "last_30_days":
            start = clock.plan_start - timedelta(days=30)
            return TimeWindow(
                "last_30_days", start, clock.plan_end, "últimos 30 dias", "last 30 days"
            )
        case _:
            return TimeWindow("plan", None, None, "plano atual", "current plan")


def _since(name: str, hour: int, clock: PlanClock) -> TimeWindow:
    """From the last ``hour``:00 of the plan's zone before now ("desde meia-noite" at 03:00
    is three hours; "desde as 22h" at 03:00 starts yesterday at 22:00) until now."""
    if hour > 23:
        raise ValueError(f"unknown time window {name!r}; use {WINDOW_HELP}")
    local_now = clock.local(clock.now)
    start = local_now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start > local_now:
        start -= timedelta(days=1)
    shown = "meia-noite" if hour == 0 else f"{hour:02d}h"
    return TimeWindow(
        name,
        start.astimezone(UTC),
        clock.now,
        f"desde {'a ' if hour == 0 else 'as '}{shown}",
        "since midnight" if hour == 0 else f"since {hour:02d}:00",
    )
