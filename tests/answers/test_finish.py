"""'Quando o JS_X termina?': a job stream's expected end from its jobs' own history."""

from __future__ import annotations

from resync.plan.deadlines import DONE
from resync.plan.finish import finish_estimate
from resync.services import Services
from tests.answers.conftest import ask, plan_jobs


async def test_a_streams_end_is_the_latest_predicted_end_of_its_unfinished_jobs(
    services: Services,
) -> None:
    jobs = [job for job in await plan_jobs(services) if job.job_stream == "JS_CASH_MGMT"]
    left = [job for job in jobs if job.state not in DONE]
    assert left
    estimate = await finish_estimate(
        services.tws, "JS_CASH_MGMT", lambda job: job.job_stream == "JS_CASH_MGMT"
    )
    assert (estimate.total, estimate.remaining) == (len(jobs), len(left))
    assert estimate.now is not None and estimate.eta is not None
    assert estimate.earliest is not None and estimate.latest is not None
    assert estimate.now < estimate.earliest <= estimate.eta <= estimate.latest
    assert estimate.last_job is not None and estimate.last_job.name in {j.name for j in left}
    assert estimate.from_history == len(left)  # every job has runs of its own in the demo


async def test_the_answer_gives_the_end_and_what_must_be_fixed_first(services: Services) -> None:
    reply = await ask(services, "qdo o JS_PAYROLL termina?", intent="status")
    assert reply.answer.startswith("Previsão de término do **JS_PAYROLL**: **")
    assert "PAYROLL_01 (ABEND) precisa ser corrigido e reexecutado" in reply.answer
    assert "finish_estimate" in reply.tools_used
    english = await ask(services, "when will the stream JS_PAYROLL finish?")
    assert english.answer.startswith("**JS_PAYROLL** is expected to finish at **")


async def test_a_waiting_job_gets_its_expected_end_and_its_blocker(services: Services) -> None:
    reply = await ask(services, "when will PAYROLL_02 finish?")
    assert "**PAYROLL_02** is expected to finish at **" in reply.answer
    assert "PAYROLL_01 is in ABEND" in reply.answer
