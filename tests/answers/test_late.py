"""'Quais jobs estão atrasados?' names exactly the plan's late jobs, and why when it can."""

from __future__ import annotations

from datetime import timedelta

from resync.contract.context import RouteContext
from resync.contract.result import TablePart
from resync.plan.reading import is_late
from resync.services import Services
from resync.tws.models import JobState


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
    assert expected  # the demo plan has one: a ready job on an unlinked agent
    result = await services.router.route("quais jobs estão atrasados?", RouteContext())
    (table,) = [p for p in result.parts if isinstance(p, TablePart)]
    assert {row[1] for row in table.rows} == expected
    assert "workstation AGT_LNX02 indisponível" in result.answer
