"""Analysis from run history: one job's durations, the jobs that got slower."""

from __future__ import annotations

import statistics
from datetime import timedelta

from resync.plan.text import duration
from resync.services import Services
from tests.answers.conftest import ask, column, table


async def test_average_duration_of_a_job_last_week(services: Services) -> None:
    info = await services.tws.engine_info()
    assert info.plan_start is not None
    runs = await services.tws.job_history(
        "PAYROLL_04", since=info.plan_start - timedelta(days=7), until=info.plan_end
    )
    durations = [run.duration for run in runs if run.duration is not None]
    assert len(durations) >= 5
    reply = await ask(
        services, "qual a duração média do job PAYROLL_04 na última semana?", intent="analysis"
    )
    assert f"{len(durations)} execuções" in reply.answer
    assert f"duração média **{duration(statistics.fmean(durations))}**" in reply.answer
    assert "ficando mais lento" in reply.answer  # PAYROLL_04 slows down every day
    assert len(table(reply).rows) == len(durations)
    assert reply.tools_used == ["get_job_status", "job_history"]  # running now? then history


async def test_average_duration_in_english(services: Services) -> None:
    reply = await ask(
        services, "what is the average duration of PAYROLL_04 this week?", intent="analysis"
    )
    assert "average duration **" in reply.answer and "getting slower" in reply.answer


async def test_which_jobs_got_slower(services: Services) -> None:
    reply = await ask(services, "which jobs got slower this month?", intent="analysis")
    slower = column(table(reply), "job")
    assert {"DW_LOAD_05", "PAYROLL_04"} <= set(slower)  # the demo's slowing jobs
    changes = column(table(reply), "change")
    assert all(change.startswith("+") for change in changes)
    assert "7 plan days of history" in reply.answer
    portuguese = await ask(services, "quais jobs ficaram mais lentos esta semana?")
    assert portuguese.answer.startswith("Jobs que mais ficaram lentos")
    assert column(table(portuguese), "job") == slower
