"""'Por que o X não roda?' follows the waits up the chain to what really blocks it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from resync.contract.context import RouteContext
from resync.observability.metrics import Metrics
from resync.plan.chains import blocking_roots
from resync.services import Services
from resync.tws.models import JobInstance, JobState
from tests.answers.conftest import plan_settings


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


async def test_a_resource_names_the_running_job_that_holds_it(services: Services) -> None:
    tape_users = [
        j.name
        for j in await services.tws.list_jobs(states=[JobState.EXEC])
        if any(d.kind.value == "resource" and d.detail == "TAPE_DRV" for d in j.dependencies)
    ]
    assert tape_users == ["BACKUP_FULL"]
    result = await services.router.route("por que o BACKUP_02 não roda?", RouteContext())
    assert "recurso TAPE_DRV ocupado por BACKUP_FULL" in result.answer, result.answer
    # BACKUP_FULL runs: its own tape is not what blocks the chain
    assert "TAPE_DRV indisponível" not in result.answer, result.answer


async def test_a_workstation_at_its_limit_names_what_fills_it(tmp_path: Path) -> None:
    # 03:00 in São Paulo, as the scenario evaluation starts: the night the plan was built for
    settings = plan_settings(tmp_path, hwa_sim_start=datetime(2026, 3, 10, 6, 0, tzinfo=UTC))
    services = await Services.start(settings, Metrics())
    try:
        await _the_limit_is_named(services)
    finally:
        await services.close()


async def _the_limit_is_named(services: Services) -> None:
    assert services.simulator is not None
    engine = services.simulator.state.simulator.engine
    engine.clock.advance(3 * 3600)  # the Windows agent fills up later in the night
    engine.sync()
    services.tws.cache.invalidate()
    (agent,) = [ws for ws in await services.tws.list_workstations() if ws.name == "AGT_WIN01"]
    assert agent.limit is not None and agent.running_jobs >= agent.limit
    running = sorted(
        j.name
        for j in await services.tws.list_jobs(states=[JobState.EXEC], workstation="AGT_WIN01")
    )
    waiting = await _job(services, "SAP_FI_36")
    assert waiting.state is JobState.READY and not waiting.pending_dependencies
    result = await services.router.route("por que o SAP_FI_36 não roda?", RouteContext())
    assert "AGT_WIN01 está no limite" in result.answer, result.answer
    for name in running:
        assert name in result.answer, (name, result.answer)
