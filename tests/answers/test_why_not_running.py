"""'Por que o X não roda?' follows the waits up the chain to what really blocks it."""

from __future__ import annotations

from resync.contract.context import RouteContext
from resync.plan.chains import blocking_roots
from resync.services import Services
from resync.tws.models import JobInstance, JobState


async def _job(services: Services, name: str) -> JobInstance:
    (job,) = [j for j in await services.tws.find_jobs(name) if j.is_last_in_chain]
    return job


async def test_the_root_abend_several_jobs_up(services: Services) -> None:
    month_end = await _job(services, "MONTH_END_02")
    roots = await blocking_roots(services.tws, month_end)
    failed = [r for r in roots if r.kind == "failed"]
    assert [r.job.name for r in failed] == ["PAYROLL_01"]
    assert failed[0].job.state is JobState.ABEND and failed[0].depth >= 3
    # each step of the path is a real predecessor in the engine
    waiting = month_end
    for name in failed[0].path:
        predecessors = await services.tws.predecessors(waiting.id)
        assert name in {p.job_name for p in predecessors}, (waiting.name, name)
        waiting = await _job(services, name)
    result = await services.router.route("por que o MONTH_END_02 não roda?", RouteContext())
    assert "a raiz é **PAYROLL_01** em ABEND, rc 12" in result.answer, result.answer
    assert "Fita de fechamento" in result.answer  # its own prompt is still told


async def test_an_unavailable_workstation_is_named(services: Services) -> None:
    down = [ws.name for ws in await services.tws.list_workstations() if not ws.available]
    assert down == ["AGT_LNX02"]
    result = await services.router.route("por que o job LNX_BATCH_02 não roda?", RouteContext())
    assert "roda na workstation AGT_LNX02, indisponível" in result.answer, result.answer
