"""'Quais jobs estão atrasados?' names exactly the plan's late jobs, and why when it can."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from resync.contract.context import RouteContext
from resync.contract.result import TablePart
from resync.observability.metrics import Metrics
from resync.plan.reading import is_late
from resync.services import Services
from resync.tws.models import JobState
from tests.answers.conftest import plan_settings


async def test_late_jobs_are_the_engines(services: Services) -> None:
    jobs = [j for j in await services.tws.list_jobs(limit=5000) if j.is_last_in_chain]
    now = (await services.tws.engine_info()).current_time
    assert now is not None
    expected = {j.name for j in jobs if is_late(j)}
    expected |= {
        j.name
        for j in jobs
        if j.state is JobState.READY
        and j.scheduled_time is not None
        and j.scheduled_time + timedelta(minutes=10) < now
    }
    expected |= {
        j.name
        for j in jobs
        if (j.latest_start is not None and j.start_time is None and now > j.latest_start)
        or (j.deadline is not None and j.end_time is None and now > j.deadline)
    }
    assert expected  # the demo plan has one: a ready job on an unlinked agent
    result = await services.router.route("quais jobs estão atrasados?", RouteContext())
    (table,) = [p for p in result.parts if isinstance(p, TablePart)]
    assert {row[1] for row in table.rows} == expected
    assert "workstation AGT_LNX02 indisponível" in result.answer


async def test_a_deadline_at_risk_is_told_while_there_is_time_to_act(tmp_path: Path) -> None:
    settings = plan_settings(
        tmp_path,
        hwa_sim_start=datetime(2026, 3, 10, 6, 0, tzinfo=UTC),
        monitoring_enabled=False,
    )
    services = await Services.start(settings, Metrics())
    try:
        assert services.simulator is not None
        engine = services.simulator.state.simulator.engine
        (job,) = [j for j in await services.tws.find_jobs("DW_LOAD_02") if j.is_last_in_chain]
        assert job.deadline is not None
        for _ in range(48):  # DW_FULL_LOAD runs long tonight and holds DW_LOAD_02 up
            result = await services.router.route("algum job vai perder o deadline?", RouteContext())
            if "DW_LOAD_02 deve terminar por volta de" in result.answer:
                break
            engine.clock.advance(600)
            engine.sync()
            services.tws.cache.invalidate()
        else:
            raise AssertionError("DW_LOAD_02 was never told to be at risk")
        assert engine.clock.now() < job.deadline  # told before the deadline passed
        assert "por causa de DW_FULL_LOAD" in result.answer, result.answer
        (table,) = [p for p in result.parts if isinstance(p, TablePart)]
        assert any(row[1] == "DW_LOAD_02" for row in table.rows)
    finally:
        await services.close()
