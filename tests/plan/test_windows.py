"""Time windows an operator names, read from the message and placed on the plan's clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from resync.classifier.text import fold
from resync.classifier.topics import window_name
from resync.plan.windows import PlanClock, window_for

# 03:00 in São Paulo on the plan day that started at 00:00 local (03:00 UTC).
CLOCK = PlanClock(
    plan_start=datetime(2026, 3, 10, 3, 0, tzinfo=UTC),
    plan_end=datetime(2026, 3, 11, 3, 0, tzinfo=UTC),
    now=datetime(2026, 3, 10, 6, 0, tzinfo=UTC),
    zone=ZoneInfo("America/Sao_Paulo"),
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("quais jobs abendaram desde meia-noite?", "since_midnight"),
        ("o que falhou desde a meia noite", "since_midnight"),
        ("what failed since midnight?", "since_midnight"),
        ("falhas desde as 22h", "since_22h"),
        ("falhas desde 22:00", "since_22h"),
        ("which jobs failed since 10pm?", "since_22h"),
        ("which jobs failed since 1am?", "since_1h"),
        ("e nas últimas 2 horas?", "last_2_hours"),
        ("o que abendou ontem?", "yesterday"),
        ("quais jobs abendaram hoje?", "today"),
    ],
)
def test_the_window_a_message_names(text: str, name: str) -> None:
    assert window_name(fold(text)) == name


def test_since_midnight_runs_from_local_midnight_to_now_inclusive() -> None:
    window = window_for("since_midnight", CLOCK)
    assert window.start == datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    assert window.end == CLOCK.now
    assert window.contains(CLOCK.now)  # a job that ended just now is inside
    assert not window.contains(datetime(2026, 3, 10, 2, 59, tzinfo=UTC))
    assert window.label("pt") == "desde a meia-noite"


def test_since_an_hour_later_than_now_starts_the_day_before() -> None:
    window = window_for("since_22h", CLOCK)  # 22:00 local yesterday = 01:00 UTC today
    assert window.start == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    assert window_for("since_2h", CLOCK).start == datetime(2026, 3, 10, 5, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="unknown time window"):
        window_for("since_25h", CLOCK)
