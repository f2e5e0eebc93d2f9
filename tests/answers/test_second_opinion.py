"""A second opinion on each plan change, from the simulator's plan at that moment: in the
chat answer and stored on the approval request (for the approver's card)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.contract.context import RouteContext
from resync.contract.result import ActionPart, RoutingResult
from resync.observability.metrics import Metrics
from resync.plan.names import job_name
from resync.services import Services
from resync.tws.models import DependencyKind, JobInstance, JobState
from tests.answers.conftest import add_person, plan_settings
from tests.answers.test_conversation_repair import converse


async def unique_jobs(services: Services, state: JobState) -> list[JobInstance]:
    """Jobs in ``state`` whose name is unique in the plan (so a bare name is one target)."""
    services.tws.cache.invalidate()
    jobs = [j for j in await services.tws.list_jobs(limit=5000) if j.is_last_in_chain]
    names = Counter(j.name for j in jobs)
    return [j for j in jobs if j.state is state and names[j.name] == 1]


def action(result: RoutingResult) -> ActionPart:
    (part,) = [p for p in result.parts if isinstance(p, ActionPart)]
    return part


async def request(services: Services, user: AuthenticatedUser, message: str) -> RoutingResult:
    return await services.router.route(message, RouteContext(user=user))


async def test_rerun_of_a_succeeded_job_on_a_critical_stream_warns_of_paying_twice(
    tmp_path: Path,
) -> None:
    services = await Services.start(
        plan_settings(tmp_path, approvals_critical_streams="JS_NIGHTLY"), Metrics()
    )
    try:
        operator = await add_person(services, "otto", Role.operator)
        succeeded = await unique_jobs(services, JobState.SUCC)
        critical = next(j for j in succeeded if j.job_stream == "JS_NIGHTLY")
        other = next(j for j in succeeded if j.job_stream != "JS_NIGHTLY")
        result = await request(
            services, operator, f"reexecute o {critical.name} porque os dados vieram errados"
        )
        part = action(result)
        assert part.status == "pending"
        assert "risco de pagamento em duplicidade" in result.answer
        assert part.warnings and "risco de pagamento em duplicidade" in part.warnings[0]
        stored = await services.approvals.get(int(part.approval_id or 0))
        (warning,) = stored.warnings
        assert warning["code"] == "rerun_after_success_critical"
        assert warning["severity"] == "high" and "duplicate payment" in warning["en"]
        plain = await request(services, operator, f"rerun {other.name} because the data was wrong")
        (plain_warning,) = (
            await services.approvals.get(int(action(plain).approval_id or 0))
        ).warnings
        assert plain_warning["code"] == "rerun_after_success"
        assert "already succeeded" in plain.answer and "duplicate" not in plain.answer
    finally:
        await services.close()


async def test_rerun_of_a_failed_job_has_no_concern(
    services: Services, operator: AuthenticatedUser
) -> None:
    result = await request(services, operator, "reexecute o PAYROLL_01 porque o arquivo atrasou")
    assert action(result).warnings == [] and "Segunda opinião" not in result.answer
    assert (await services.approvals.get(int(action(result).approval_id or 0))).warnings == []


async def test_release_over_unfinished_predecessors_names_them(
    services: Services, operator: AuthenticatedUser
) -> None:
    held = await unique_jobs(services, JobState.HOLD)
    job = next(
        j
        for j in held
        if any(d.kind is DependencyKind.FOLLOWS for d in j.pending_dependencies)
        and not any(d.kind is DependencyKind.PROMPT for d in j.pending_dependencies)
    )
    waits = [d for d in job.pending_dependencies if d.kind is DependencyKind.FOLLOWS]
    result = await request(services, operator, f"libere o {job.name} pois o lote foi conferido")
    part = action(result)
    assert part.status == "pending" and part.target == job_name(job)
    stored = await services.approvals.get(int(part.approval_id or 0))
    (warning,) = stored.warnings
    assert warning["code"] == "release_over_predecessors"
    assert f"{waits[0].job_stream}.{waits[0].job_name}" in warning["pt"]
    assert "passa por cima de predecessores" in result.answer


async def test_release_held_by_a_prompt_offers_the_prompt_reply(
    services: Services, operator: AuthenticatedUser
) -> None:
    services.tws.cache.invalidate()
    jobs = await services.tws.list_jobs(limit=5000)
    job = next(
        j
        for j in jobs
        if j.is_last_in_chain
        and not j.state.is_final
        and any(d.kind is DependencyKind.PROMPT for d in j.pending_dependencies)
    )
    (prompt,) = [d for d in job.pending_dependencies if d.kind is DependencyKind.PROMPT]
    result = await request(services, operator, f"release {job_name(job)} because it was checked")
    stored = await services.approvals.get(int(action(result).approval_id or 0))
    codes = [w["code"] for w in stored.warnings]
    assert "release_prompt" in codes
    expected = f"unanswered prompt «{prompt.detail}»: reply to the prompt instead"
    assert expected in result.answer


async def test_kill_of_a_job_within_its_normal_duration_warns(
    services: Services, operator: AuthenticatedUser
) -> None:
    running = await unique_jobs(services, JobState.EXEC)
    job = next(
        j
        for j in running
        if j.estimated_duration and j.duration is not None and j.duration <= j.estimated_duration
    )
    asked, result = await converse(services, operator, f"mate o {job.name}", "está travado")
    # The concern comes with the question, before anything is requested …
    assert "qual a justificativa?" in asked.answer and asked.approval is None
    assert f"há {round(job.duration / 60)} min" in asked.answer
    assert action(asked).warnings and "dentro da duração normal" in action(asked).warnings[0]
    # … and again on the request, stored for the approver's card.
    stored = await services.approvals.get(int(action(result).approval_id or 0))
    (warning,) = stored.warnings
    assert warning["code"] == "stop_within_duration" and stored.justification == "está travado"
    assert f"há {round(job.duration / 60)} min" in result.answer


async def test_a_duplicate_of_a_pending_request_points_to_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    other = await add_person(services, "olga", Role.operator)
    first = await request(services, operator, "reexecute o PAYROLL_01 porque o arquivo atrasou")
    again = await request(services, other, "reroda o PAYROLL_01 pq o arquivo chegou")
    first_id = action(first).approval_id
    assert action(again).status == "duplicate" and action(again).approval_id == first_id
    assert f"#{first_id} pendente" in again.answer and "otto" in again.answer
    assert again.approval is None
    assert [a.id for a in await services.approvals.list()] == [int(first_id or 0)]


async def test_a_refusal_reaches_the_chat_in_the_language_of_the_question(
    services: Services, operator: AuthenticatedUser
) -> None:
    streams = {s.name for s in await services.tws.list_job_streams(limit=5000)}
    assert "JS_NOPE" not in streams
    english = await request(services, operator, "submit job stream JS_NOPE because of month end")
    assert action(english).status == "refused"
    assert "was not created: give the job stream's workstation: WS#JS_NOPE" in english.answer
    portuguese = await request(services, operator, "submeta o job stream JS_NOPE pois é fim de mês")
    assert "não foi criado: diga a workstation do job stream: WS#JS_NOPE" in portuguese.answer
