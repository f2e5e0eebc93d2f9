"""A job rerun successfully is no current failure anywhere, and its diagnosis tells the history."""

from __future__ import annotations

import re

from resync.contract.context import RouteContext
from resync.contract.result import TablePart
from resync.services import Services
from resync.tws.models import JobState

FAILURE_QUESTIONS = [
    "quais jobs falharam hoje?",  # status list
    "por que falhou?",  # the diagnosis asks which failed job
    "como está o plano?",  # the overview's problems
    "alertas ativos",  # monitoring
    "resumo do turno",  # the shift summary's open failures
]


async def _failures_named(services: Services, question: str) -> set[str]:
    """The failed jobs an answer names, from its text and its tables' job column."""
    result = await services.router.route(question, RouteContext())
    names = set(re.findall(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", result.answer))
    for part in result.parts:
        if isinstance(part, TablePart) and "job" in part.columns:
            names |= {str(row[part.columns.index("job")]) for row in part.rows}
    return names


async def test_a_rerun_that_succeeded_leaves_every_failure_list(services: Services) -> None:
    (abended,) = [j for j in await services.tws.find_jobs("PAYROLL_01")]
    assert abended.state is JobState.ABEND
    before = {q: await _failures_named(services, q) for q in FAILURE_QUESTIONS}
    assert all("PAYROLL_01" in named for named in before.values()), before

    await services.tws.rerun(abended.id)
    services.tws.cache.invalidate()
    rerun = next(j for j in await services.tws.find_jobs("PAYROLL_01") if j.is_last_in_chain)
    await services.tws.confirm(rerun.id, "SUCC")
    services.tws.cache.invalidate()

    current = {
        j.name
        for j in await services.tws.list_jobs(states=[JobState.ABEND, JobState.FAIL])
        if j.is_last_in_chain
    }
    assert "PAYROLL_01" not in current
    for question in FAILURE_QUESTIONS:
        named = await _failures_named(services, question)
        assert "PAYROLL_01" not in named, (question, named)
        assert named >= {"LOAD_FILES", "CRM_SYNC_05"}, (question, named)  # still failed

    diagnosis = await services.router.route("por que o PAYROLL_01 falhou?", RouteContext())
    assert "SUCC" in diagnosis.answer
    assert "Reexecutado 1 vez; antes: ABEND, rc 12" in diagnosis.answer, diagnosis.answer
