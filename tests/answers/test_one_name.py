"""Every path names a job the same way: ``WS#STREAM.JOB`` with the job stream's workstation."""

from __future__ import annotations

from resync.approvals.plan import describe
from resync.auth.schemas import AuthenticatedUser
from resync.contract.context import RouteContext
from resync.contract.result import ActionPart
from resync.plan.names import job_name
from resync.plan.schemas import JobRow
from resync.services import Services

PAYROLL = "MDM#JS_PAYROLL.PAYROLL_01"  # the stream is on MDM, the job runs on FTA01


async def test_every_job_of_the_demo_plan_has_one_name(services: Services) -> None:
    # The oracle is the engine's own job stream objects, not the plan id the code splits.
    streams = {s.id: s for s in await services.tws.list_job_streams(limit=5000)}
    jobs = await services.tws.list_jobs(limit=5000)
    assert len(jobs) > 2000
    elsewhere = 0
    for job in jobs:
        stream = streams[job.job_stream_id]
        expected = f"{stream.workstation}#{stream.name}.{job.name}"
        assert JobRow.of(job).full_name == expected  # status, monitoring, reports, changes
        assert job_name(job) == expected  # diagnosis, waiting
        assert describe(job).startswith(f"{expected} (")  # approvals: candidates, executions
        elsewhere += job.workstation != stream.workstation
    assert elsewhere > len(jobs) // 2  # the case where two names used to differ is common


async def test_status_diagnosis_and_approval_name_payroll_alike(
    services: Services, operator: AuthenticatedUser
) -> None:
    context = RouteContext(user=operator)
    status = await services.router.route("qual o status do PAYROLL_01?", context)
    diagnosis = await services.router.route("por que o PAYROLL_01 falhou?", context)
    change = await services.router.route(
        "reexecute o PAYROLL_01 porque o arquivo de entrada chegou atrasado", context
    )
    assert status.routing_mode.value == "agentic" and diagnosis.routing_mode.value == "diagnostic"
    for result in (status, diagnosis, change):
        assert PAYROLL in result.answer, result.answer
        assert "FTA01#JS_PAYROLL" not in result.answer
    (action,) = [p for p in change.parts if isinstance(p, ActionPart)]
    assert action.target == PAYROLL
    assert change.approval is not None and change.approval["target"] == PAYROLL
    stored = await services.approvals.get(int(action.approval_id or 0))
    assert stored.target == PAYROLL
