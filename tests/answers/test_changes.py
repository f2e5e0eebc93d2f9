"""Change requests become approval requests; nothing changes in the plan."""

from __future__ import annotations

from resync.auth.schemas import AuthenticatedUser
from resync.contract.handlers import HandlerReply
from resync.contract.result import ActionPart
from resync.services import Services
from tests.answers.conftest import ask


def action_of(reply: HandlerReply) -> ActionPart:
    parts = [p for p in reply.parts if isinstance(p, ActionPart)]
    assert len(parts) == 1
    return parts[0]


async def payroll_01(services: Services) -> list[tuple[str, str, int]]:
    services.tws.cache.invalidate()
    return [
        (j.id, j.state.value, j.rerun_count) for j in await services.tws.find_jobs("PAYROLL_01")
    ]


async def test_rerun_with_justification_creates_a_pending_approval_only(
    services: Services, operator: AuthenticatedUser
) -> None:
    before = await payroll_01(services)
    reply = await ask(
        services,
        "reexecute o job PAYROLL_01 porque o arquivo chegou atrasado",
        user=operator,
        intent="job_management",
    )
    part = action_of(reply)
    assert part.status == "pending" and part.action == "rerun"
    assert part.justification == "o arquivo chegou atrasado"
    assert part.target == "MDM#JS_PAYROLL.PAYROLL_01"
    assert reply.approval is not None
    assert reply.approval["status"] == "pending"
    assert reply.approval["requester"] == "otto"
    assert reply.approval["plan_id"] == before[0][0]
    assert part.approval_id == str(reply.approval["id"]) and part.risk == reply.approval["risk"]
    assert f"#{part.approval_id}" in reply.answer and "Nada mudou no plano" in reply.answer
    assert reply.tools_used == ["get_job_status", "request_plan_change"]
    stored = await services.approvals.get(int(part.approval_id))
    assert stored.status.value == "pending" and stored.source == "chat"
    assert await payroll_01(services) == before  # still one ABEND instance, no rerun
    assert before[0][1] == "ABEND"


async def test_english_rerun_request(services: Services, operator: AuthenticatedUser) -> None:
    reply = await ask(
        services,
        "please rerun job LOAD_FILES because the input file arrived late",
        user=operator,
        intent="job_management",
    )
    part = action_of(reply)
    assert part.status == "pending"
    assert reply.answer.startswith(f"Approval request #{part.approval_id} created: **rerun**")
    assert "Nothing has changed in the plan yet" in reply.answer


async def test_missing_justification_is_asked_for(
    services: Services, operator: AuthenticatedUser
) -> None:
    reply = await ask(services, "reexecute o job PAYROLL_01", user=operator)
    part = action_of(reply)
    assert part.status == "needs_justification" and part.approval_id is None
    assert "qual a justificativa?" in reply.answer
    assert reply.approval is None
    assert await services.approvals.list() == []


async def test_viewer_and_command_line_cannot_request_changes(
    services: Services, viewer: AuthenticatedUser
) -> None:
    message = "reexecute o job PAYROLL_01 porque o arquivo chegou atrasado"
    refused = await ask(services, message, user=viewer)
    assert action_of(refused).status == "not_allowed"
    assert "Seu perfil (viewer) permite consultar o plano" in refused.answer
    anonymous = await ask(services, message, user=None)
    assert action_of(anonymous).status == "not_allowed"
    assert "não há um usuário identificado" in anonymous.answer
    assert await services.approvals.list() == []


async def test_unknown_target_and_unfit_state(
    services: Services, operator: AuthenticatedUser
) -> None:
    missing = await ask(services, "cancele o job NOPE_99 pois não é mais necessário", user=operator)
    assert action_of(missing).status == "target_not_found"
    assert "Não encontrei o job **NOPE_99**" in missing.answer
    unfit = await ask(
        services, "kill the job PAYROLL_01 because it hangs", user=operator, intent="job_management"
    )
    assert action_of(unfit).status == "not_applicable"
    assert "it is ABEND" in unfit.answer
    assert await services.approvals.list() == []
