"""How plan times read in answers: the plan's zone, day/month and hour:minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from resync.plan.text import when


def test_times_read_in_the_plans_zone_like_strftime() -> None:
    zone = ZoneInfo("America/New_York")  # a zone with daylight saving changes
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for step in range(0, 366 * 24 * 60, 37):  # a year, every 37 minutes
        moment = start + timedelta(minutes=step)
        local = moment.astimezone(zone)
        assert when(moment, zone) == local.strftime("%H:%M")
        assert when(moment, zone, date=True) == local.strftime("%d/%m %H:%M")


def test_naive_times_are_utc_and_missing_ones_a_dash() -> None:
    zone = ZoneInfo("America/Sao_Paulo")
    assert when(datetime(2026, 3, 10, 7, 4), zone, date=True) == "10/03 04:04"
    assert when(None, zone) == "—"
