"""Conversation repair: when Resync asks something, the next message answers it.

Each conversation goes through the real router, with the history the chat service builds
(the user's text, the answer's text and entities), on the simulator's frozen plan.
"""

from __future__ import annotations

from resync.auth.schemas import AuthenticatedUser
from resync.contract.context import HistoryTurn, RouteContext
from resync.contract.result import ActionPart, RoutingResult, TablePart
from resync.services import Services
from resync.tws.models import JobState
from tests.answers.conftest import column, plan_jobs

PAYROLL = "MDM#JS_PAYROLL.PAYROLL_01"


async def converse(
    services: Services, user: AuthenticatedUser | None, *messages: str
) -> list[RoutingResult]:
    """Each message routed with the turns before it, as the chat service keeps them."""
    history: list[HistoryTurn] = []
    results = []
    for message in messages:
        result = await services.router.route(message, RouteContext(user=user, history=history))
        history = [
            *history,
            HistoryTurn("user", message),
            HistoryTurn("assistant", result.answer, result.entities),
        ]
        results.append(result)
    return results


def action(result: RoutingResult) -> ActionPart:
    (part,) = [p for p in result.parts if isinstance(p, ActionPart)]
    return part


async def test_a_justification_after_the_question_completes_the_request(
    services: Services, operator: AuthenticatedUser
) -> None:
    asked, answered = await converse(
        services, operator, "reexecute o PAYROLL_01", "o arquivo de entrada chegou atrasado"
    )
    assert "qual a justificativa?" in asked.answer and asked.approval is None
    part = action(answered)
    assert part.status == "pending" and part.target == PAYROLL
    assert part.justification == "o arquivo de entrada chegou atrasado"
    (stored,) = await services.approvals.list()
    assert stored.action.value == "rerun" and stored.target == PAYROLL
    assert stored.justification == "o arquivo de entrada chegou atrasado"


async def test_a_reason_introduced_by_pq_or_because_is_taken_as_written(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, pt = await converse(services, operator, "reroda o PAYROLL_01", "pq o arquivo atrasou")
    assert action(pt).justification == "o arquivo atrasou"
    _, en = await converse(
        services, operator, "rerun LOAD_FILES", "because the input file arrived late"
    )
    assert action(en).justification == "the input file arrived late"
    assert en.answer.startswith("Approval request #")
    assert len(await services.approvals.list()) == 2


async def test_no_after_the_question_requests_nothing(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, declined = await converse(services, operator, "reexecute o PAYROLL_01", "não, deixa")
    assert declined.handler == "conversation"
    assert "nenhum pedido de aprovação foi criado" in declined.answer
    assert await services.approvals.list() == []


async def test_a_question_of_its_own_is_not_taken_as_the_justification(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, other = await converse(
        services, operator, "reexecute o PAYROLL_01", "quais jobs abendaram hoje?"
    )
    assert other.intent.value == "status" and other.approval is None
    assert await services.approvals.list() == []


async def test_a_job_named_after_which_job_runs_the_change_on_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    asked, named = await converse(
        services, operator, "reexecute o job porque o arquivo atrasou", "PAYROLL_01"
    )
    assert "Em qual job" in asked.answer
    part = action(named)
    assert part.status == "pending" and part.target == PAYROLL
    assert part.justification == "o arquivo atrasou"


async def test_a_job_named_after_which_job_runs_the_diagnosis_on_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    (failed, *_) = await plan_jobs(services, JobState.ABEND)
    asked, named = await converse(services, operator, "por que o job falhou?", failed.name)
    assert asked.routing_mode.value == "diagnostic" and "Qual job" in asked.answer
    assert named.routing_mode.value == "diagnostic"
    assert named.entities["job_name"] == [failed.name]
    assert failed.name in named.answer and "Qual job" not in named.answer


async def test_yes_to_a_proposed_rerun_asks_for_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    diagnosis, yes, reason = await converse(
        services, operator, "por que o PAYROLL_01 falhou?", "sim", "o fornecedor reenviou"
    )
    assert action(diagnosis).status == "proposed"
    assert action(yes).status == "needs_justification" and yes.approval is None
    assert action(reason).status == "pending" and action(reason).target == PAYROLL
    (stored,) = await services.approvals.list()
    assert stored.justification == "o fornecedor reenviou"


async def test_yes_without_a_question_is_just_a_message(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, yes = await converse(services, operator, "quais jobs abendaram hoje?", "sim")
    assert yes.intent.value == "unknown" and yes.approval is None


async def test_a_new_window_keeps_the_rest_of_the_question(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, week = await converse(services, operator, "quais jobs abendaram hoje?", "e na semana?")
    (alone,) = await converse(services, operator, "quais jobs abendaram na última semana?")
    assert week.intent.value == "status" and week.answer == alone.answer
    (table,) = [p for p in week.parts if isinstance(p, TablePart)]
    assert "ABEND" in column(table, "estado")
    _, hours = await converse(
        services, operator, "quais jobs abendaram hoje?", "e nas últimas 2 horas?"
    )
    (alone,) = await converse(services, operator, "quais jobs abendaram nas últimas 2 horas?")
    assert hours.answer == alone.answer and "ABEND (últimas 2 h)" in hours.answer


async def test_a_new_object_keeps_the_rest_of_the_question(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, other = await converse(services, operator, "por que o PAYROLL_01 falhou?", "e o LOAD_FILES?")
    assert other.routing_mode.value == "diagnostic"
    assert other.entities["job_name"] == ["LOAD_FILES"]
    assert "LOAD_FILES" in other.answer
