"""The conversation carries through: a yes with its reason, an answer in the conversation's
language, a typo in a diagnosis, a change the approvals cannot carry out, candidates with
the likely one first. Real router, simulator's frozen plan."""

from __future__ import annotations

from resync.auth.schemas import AuthenticatedUser
from resync.contract.result import TablePart
from resync.services import Services
from tests.answers.test_conversation_repair import PAYROLL, action, converse


async def test_a_yes_with_its_reason_requests_the_proposed_change(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, yes = await converse(
        services, operator, "por que o MORTGAGE_36 falhou?", "sim, pq o disco foi liberado"
    )
    part = action(yes)
    assert part.status == "pending" and part.target == "MDM#JS_MORTGAGE.MORTGAGE_36"
    assert part.justification == "o disco foi liberado"


async def test_a_name_or_a_yes_answers_in_the_conversations_language(
    services: Services, operator: AuthenticatedUser
) -> None:
    asked, named = await converse(
        services, operator, "rerun the job because the database is back", "PAYROLL_01"
    )
    assert asked.language == "en" and named.language == "en"
    assert named.answer.startswith("Approval request #") and action(named).target == PAYROLL
    _, declined = await converse(services, operator, "status of BOLTEO_30", "no")
    assert declined.language == "en" and declined.answer.startswith("All right, not that one")


async def test_a_typo_in_a_diagnosis_asks_did_you_mean_and_yes_diagnoses_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    asked, yes = await converse(services, operator, "why did PAYROL_01 fail?", "yes")
    assert f"Did you mean **{PAYROLL}** (ABEND)? (yes/no)" in asked.answer
    assert yes.intent.value == "troubleshooting" and yes.language == "en"
    assert "db-payroll-01" in yes.answer and "Likely cause" in yes.answer


async def test_a_priority_change_is_refused_with_what_can_be_requested(
    services: Services, operator: AuthenticatedUser
) -> None:
    (pt,) = await converse(services, operator, "sobe a prioridade do PAYROLL_02 pq é urgente")
    assert pt.intent.value == "job_management" and pt.approval is None
    assert "Não consigo pedir para mudar a prioridade (PAYROLL_02)" in pt.answer
    assert "conman altpri" in pt.answer and "reexecutar, cancelar" in pt.answer
    (en,) = await converse(services, operator, "raise the priority of PAYROLL_02 because")
    assert en.answer.startswith("I cannot request to change the priority (PAYROLL_02)")
    assert await services.approvals.list() == []


async def test_a_change_on_a_job_named_like_a_workstation_is_requested(
    services: Services, operator: AuthenticatedUser
) -> None:
    (result,) = await converse(
        services, operator, "cancela o LNX_BATCH_01 pq a AGT_LNX02 está fora do ar"
    )
    part = action(result)
    assert part.action == "cancel" and part.target == "MDM#JS_LNX_BATCH.LNX_BATCH_01"
    assert part.status == "pending" and part.justification == "a AGT_LNX02 está fora do ar"


async def test_candidates_of_a_partial_name_list_the_failed_job_first(
    services: Services, operator: AuthenticatedUser
) -> None:
    (result,) = await converse(services, operator, "reroda o MORTGAGE pq o disco foi liberado")
    (table,) = [p for p in result.parts if isinstance(p, TablePart)]
    assert table.rows[0][0] == "MORTGAGE_36" and "MORTGAGE_36" in result.answer
    assert result.approval is None and result.entities["asked"] == ["suggestion"]


async def test_a_follow_up_since_midnight_keeps_the_question(
    services: Services, operator: AuthenticatedUser
) -> None:
    _, since = await converse(
        services, operator, "quais jobs falharam na última hora?", "e desde a meia-noite?"
    )
    assert since.intent.value == "status"
    assert since.answer.startswith("Desde a meia-noite:") and "MF_FEED_02" in since.answer


async def test_a_workstation_typo_asks_did_you_mean_and_yes_answers_on_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    asked, yes = await converse(services, operator, "a workstation AGT_LNX2 está linkada?", "sim")
    assert asked.answer.endswith("Você quis dizer **AGT_LNX02**?")
    assert yes.entities["workstation"] == ["AGT_LNX02"] and "AGT_LNX02" in yes.answer
    assert "Não encontrei" not in yes.answer


async def test_a_plan_question_for_today_is_the_overview(
    services: Services, operator: AuthenticatedUser
) -> None:
    (result,) = await converse(services, operator, "como tá o plano hj?")
    assert "PAYROLL_01" in result.answer and "LOAD_FILES" in result.answer
