"""Asking for a job's log shows the whole log, not its diagnosis again."""

from __future__ import annotations

from resync.contract.context import HistoryTurn, RouteContext
from resync.contract.result import LogPart
from resync.services import Services


async def test_a_log_follow_up_returns_the_whole_log(services: Services) -> None:
    history = [HistoryTurn("user", "por que o PAYROLL_01 falhou?", {"job_name": ["PAYROLL_01"]})]
    result = await services.router.route("e o log dele?", RouteContext(history=history))
    (part,) = [p for p in result.parts if isinstance(p, LogPart)]
    (job,) = [j for j in await services.tws.find_jobs("PAYROLL_01") if j.is_last_in_chain]
    engine = await services.tws.job_log(job.id)
    assert part.lines == engine.lines and part.job_id == job.id
    assert f"{len(engine.lines)} linhas" in result.answer
    assert "Causa provável" not in result.answer


async def test_asking_why_with_the_log_still_diagnoses(services: Services) -> None:
    result = await services.router.route("analise o log do PAYROLL_01", RouteContext())
    assert "Causa provável" in result.answer
