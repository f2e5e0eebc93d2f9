"""Status answers against the demo plan: lists by state and window, one job, waits, the plan."""

from __future__ import annotations

from resync.agents.tools import ToolContext
from resync.services import Services
from resync.tws.models import JobState
from tests.answers.conftest import ask, column, plan_jobs, table


async def test_abends_of_today_are_exactly_the_plans_abend_jobs(services: Services) -> None:
    expected = {job.name for job in await plan_jobs(services, JobState.ABEND)}
    assert len(expected) >= 5
    reply = await ask(services, "quais jobs abendaram hoje?", intent="status")
    listed = table(reply)
    assert set(column(listed, "job")) == expected
    assert set(column(listed, "estado")) == {"ABEND"}
    assert listed.total == len(expected)
    assert f"{len(expected)} jobs em ABEND" in reply.answer
    assert all(name in reply.answer for name in expected)
    failed = {job.name for job in await plan_jobs(services, JobState.FAIL)}
    assert all(name in reply.answer for name in failed)  # named apart, not as abends
    assert reply.tools_used == ["list_jobs"]
    assert not reply.degraded


async def test_abends_in_english(services: Services) -> None:
    expected = {job.name for job in await plan_jobs(services, JobState.ABEND)}
    reply = await ask(services, "which jobs abended today?", intent="status")
    assert set(column(table(reply), "job")) == expected
    assert reply.answer.startswith("Today:")
    assert f"{len(expected)} jobs in ABEND" in reply.answer
    assert table(reply).columns[3] == "state"


async def test_what_is_running_on_a_workstation(services: Services) -> None:
    running = [j for j in await plan_jobs(services, JobState.EXEC) if j.workstation == "AGT01"]
    assert running
    reply = await ask(services, "o que está rodando no AGT01", intent="status")
    assert set(column(table(reply), "job")) == {job.name for job in running}
    assert "EXEC no AGT01" in reply.answer


async def test_held_jobs_of_a_stream(services: Services) -> None:
    held = [j for j in await plan_jobs(services, JobState.HOLD) if j.job_stream == "JS_MONTH_END"]
    assert held
    reply = await ask(services, "jobs em HOLD no JS_MONTH_END", intent="status")
    assert set(column(table(reply), "job")) == {job.name for job in held}
    empty = await ask(services, "jobs em HOLD no JS_NIGHTLY", intent="status")
    assert empty.answer.startswith("Nenhum job em HOLD no JS_NIGHTLY")
    assert not empty.parts


async def test_one_job_status(services: Services) -> None:
    reply = await ask(services, "qual o status do job PAYROLL_01?", intent="status")
    assert (
        "**PAYROLL_01** (MDM#JS_PAYROLL.PAYROLL_01, workstation FTA01): **ABEND**" in reply.answer
    )
    assert "rc 12" in reply.answer
    english = await ask(services, "what is the status of job CARD_SETTLE_03?")
    assert "**ABEND**" in english.answer and "abend S0C4" in english.answer
    assert "started" in english.answer


async def test_what_a_job_waits_for_and_what_depends_on_it(services: Services) -> None:
    reply = await ask(services, "o que o MONTH_END_02 está esperando?", intent="status")
    assert "prompt sem resposta «Fita de fechamento montada no drive TAPE01? (y/n)»" in reply.answer
    assert "predecessor JS_MONTH_END.MONTH_END_01 (HOLD)" in reply.answer
    assert "Dependem dele: JS_MONTH_END.MONTH_END_03" in reply.answer
    english = await ask(services, "what is MONTH_END_02 waiting for?")
    assert "unanswered prompt" in english.answer
    assert english.tools_used == ["get_job_dependencies"]


async def test_unknown_job_says_so(services: Services) -> None:
    reply = await ask(services, "qual o status do job NOPE_99?")
    assert "Não encontrei o job **NOPE_99** no plano atual" in reply.answer


async def test_plan_overview_counts_by_state(services: Services) -> None:
    jobs = await plan_jobs(services)
    reply = await ask(services, "qual o status do plano?", intent="status")
    assert f"{len(jobs)} jobs" in reply.answer
    abends = sum(1 for job in jobs if job.state is JobState.ABEND)
    assert f"{abends} ABEND" in reply.answer
    assert "AGT_LNX02" in reply.answer  # the unlinked workstation


async def test_a_plan_change_shows_in_the_next_answer(services: Services) -> None:
    first = await ask(services, "quais jobs abendaram hoje?", intent="status")
    again = await ask(services, "quais jobs abendaram hoje?", intent="status")
    assert table(again).rows == table(first).rows  # the same cached read, the same answer
    assert "PAYROLL_01" in column(table(first), "job")
    payroll = [j for j in await plan_jobs(services, JobState.ABEND) if j.name == "PAYROLL_01"]
    await services.tws.rerun(payroll[0].id)
    after = await ask(services, "quais jobs abendaram hoje?", intent="status")
    assert "PAYROLL_01" not in column(table(after), "job")
    assert table(after).total == table(first).total - 1


async def test_rows_follow_the_asked_limit_on_one_cached_read(services: Services) -> None:
    context = ToolContext()
    answers = [
        await services.tools.invoke("list_jobs", context, state=["HOLD"], limit=limit)
        for limit in (3, 150, 1, 200)
    ]
    services.tws.cache.invalidate()  # a fresh read, its rows built at once
    held = await services.tools.invoke("list_jobs", context, state=["HOLD"], limit=500)
    assert held.total > 200
    for limit, answer in zip((3, 150, 1, 200), answers, strict=True):
        assert answer.total == held.total and answer.by_state == held.by_state
        assert answer.jobs == held.jobs[:limit]


async def test_the_plan_overview_shows_a_plan_change_at_once(services: Services) -> None:
    context = ToolContext()
    before = await services.tools.invoke("plan_overview", context)
    again = await services.tools.invoke("plan_overview", context)
    assert again == before
    failed = [row for row in before.failed_jobs if row.name == "PAYROLL_01"]
    assert failed
    await services.tws.rerun(failed[0].id)
    after = await services.tools.invoke("plan_overview", context)
    assert "PAYROLL_01" not in {row.name for row in after.failed_jobs}
    assert after.total_jobs == before.total_jobs  # the rerun replaces the chain's last
