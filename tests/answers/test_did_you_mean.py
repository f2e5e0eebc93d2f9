"""A name that names no job gets the plan's nearest names; an ambiguous change target
lists the candidates; the next message ("sim", the full name) picks one."""

from __future__ import annotations

from collections import Counter

from resync.auth.schemas import AuthenticatedUser
from resync.contract.result import TablePart
from resync.services import Services
from tests.answers.test_conversation_repair import PAYROLL, action, converse


async def plan_names(services: Services) -> Counter[str]:
    services.tws.cache.invalidate()
    return Counter(j.name for j in await services.tws.list_jobs(limit=5000) if j.is_last_in_chain)


async def test_a_typo_asks_did_you_mean_and_yes_answers_on_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    (job,) = await services.tws.find_jobs("PAYROLL_01")
    asked, yes = await converse(services, operator, "qual o status do PAYROL_01?", "sim")
    assert "Não encontrei o job **PAYROL_01**" in asked.answer
    assert f"Você quis dizer **{PAYROLL}** ({job.state.value})?" in asked.answer
    assert yes.intent.value == "status" and yes.entities["job_name"] == [PAYROLL]
    assert PAYROLL in yes.answer and job.state.value in yes.answer
    assert "Não encontrei" not in yes.answer


async def test_a_partial_name_lists_every_job_it_is_part_of(
    services: Services, operator: AuthenticatedUser
) -> None:
    names = await plan_names(services)
    expected = sorted(n for n in names if "PAYROLL" in n)
    result, chosen = await converse(services, operator, "status do PAYROLL", "PAYROLL_07")
    assert f"{len(expected)} jobs têm **PAYROLL** no nome" in result.answer
    (table,) = [p for p in result.parts if isinstance(p, TablePart)]
    assert [row[0] for row in table.rows] == expected[: len(table.rows)]
    (job,) = await services.tws.find_jobs("PAYROLL_07")
    assert chosen.intent.value == "status" and "MDM#JS_PAYROLL.PAYROLL_07" in chosen.answer
    assert job.state.value in chosen.answer


async def test_a_stream_named_where_a_job_was_meant_says_so(
    services: Services, operator: AuthenticatedUser
) -> None:
    jobs = [j for j in await services.tws.list_jobs(limit=5000) if j.job_stream == "JS_PAYROLL"]
    (result,) = await converse(
        services, operator, "reexecute o JS_PAYROLL porque o arquivo atrasou"
    )
    assert f"**JS_PAYROLL** é um job stream ({len(jobs)} jobs" in result.answer
    assert action(result).status == "target_not_found" and result.approval is None
    assert await services.approvals.list() == []


async def test_a_change_with_a_typo_is_requested_on_yes(
    services: Services, operator: AuthenticatedUser
) -> None:
    asked, yes = await converse(
        services, operator, "reexecute o PAYROL_01 porque o arquivo atrasou", "sim"
    )
    assert "Você quis dizer" in asked.answer and asked.approval is None
    assert action(yes).status == "pending" and action(yes).target == PAYROLL
    (stored,) = await services.approvals.list()
    assert stored.target == PAYROLL and stored.justification == "o arquivo atrasou"


async def test_an_ambiguous_change_target_lists_the_candidates_to_choose_from(
    services: Services, operator: AuthenticatedUser
) -> None:
    await services.tws.submit_job_stream("JS_PAYROLL", "MDM")  # a second PAYROLL_30
    services.tws.cache.invalidate()
    same = [j for j in await services.tws.find_jobs("PAYROLL_30") if j.is_last_in_chain]
    assert len(same) == 2
    (asked,) = await converse(services, operator, "segura o PAYROLL_30 porque vai haver manutenção")
    assert action(asked).status == "ambiguous" and asked.approval is None
    assert "Há 2 jobs **PAYROLL_30** no plano" in asked.answer
    (table,) = [p for p in asked.parts if isinstance(p, TablePart)]
    assert len(table.rows) == 2
    # The turn records the question, so the next message can answer it.
    assert asked.entities["asked"] == ["target"] and asked.entities["asked_action"] == ["hold"]
    assert asked.entities["asked_justification"] == ["vai haver manutenção"]
    assert await services.approvals.list() == []


async def test_a_stream_with_a_typo_gets_the_nearest_stream_and_yes_lists_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    services.tws.cache.invalidate()
    held = [
        j
        for j in await services.tws.list_jobs(limit=5000)
        if j.job_stream == "JS_PAYROLL" and j.is_last_in_chain and j.state.value == "HOLD"
    ]
    asked, yes = await converse(
        services, operator, "quais jobs do stream JS_PAYRLL estão em HOLD?", "sim"
    )
    assert "Não encontrei o job stream **JS_PAYRLL**" in asked.answer
    assert "Você quis dizer **JS_PAYROLL**?" in asked.answer
    assert yes.entities["job_stream"] == ["JS_PAYROLL"]
    assert f"{len(held)} jobs" in yes.answer
    (job_asked,) = await converse(services, operator, "jobs do stream PAYROLL_01")
    assert "**PAYROLL_01** é um job" in job_asked.answer
