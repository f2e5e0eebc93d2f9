"""The diagnosis names the cause the job's own log shows, and advice aimed at its object."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from resync.contract.context import RouteContext
from resync.observability.metrics import Metrics
from resync.services import Services
from resync.tws.models import JobState
from tests.answers.conftest import plan_settings

# job → (what the log names and the cause must repeat, what must not be offered as cause)
CASES = {
    "PAYROLL_01": ("db-payroll-01:50000", "banco de dados do HWA recusada"),
    "LOAD_FILES": ("BCO_EXT", "SPACE"),
    "MORTGAGE_36": ("/data/work/mortgage", "SPACE"),
    "CRM_SYNC_05": ("bcrm", "senha do usuário payrun"),
    "MF_FEED_02": ("PRD.MFFEED.KSDS", "Abend de usuário 16 -"),
    "BOLETO_30": ("java.lang.NullPointerException", "dados de entrada e os recursos"),
    "AML_SCAN_37": ("SQL0911N", "dados de entrada e os recursos"),
    "PIX_RECON_04": ("/data/out/pix/", "dados de entrada e os recursos"),
}


def _section(answer: str, title: str) -> str:
    for paragraph in answer.split("\n\n"):
        if paragraph.startswith(f"**{title}"):
            return paragraph
    raise AssertionError(f"no {title!r} section in:\n{answer}")


@pytest.mark.parametrize("job", sorted(CASES))
async def test_the_cause_is_the_logs(services: Services, job: str) -> None:
    named, wrong = CASES[job]
    (instance,) = [j for j in await services.tws.find_jobs(job) if j.is_last_in_chain]
    log = "\n".join((await services.tws.job_log(instance.id)).lines)
    assert named in log  # the engine's log at this moment says it
    result = await services.router.route(f"por que o {job} falhou?", RouteContext())
    cause = _section(result.answer, "Causa provável")
    steps = _section(result.answer, "Próximos passos")
    assert named in cause, cause
    assert wrong not in cause and wrong not in steps, result.answer
    assert named.rstrip("/") in steps, steps  # the advice is about that object


async def test_an_incident_of_another_kind_is_not_cited(services: Services) -> None:
    # The incident memory holds a LOAD_FILES case of a z/OS data set out of space; today's
    # LOAD_FILES is a Linux job whose input file did not arrive.
    result = await services.router.route("por que o LOAD_FILES falhou?", RouteContext())
    assert "Incidentes parecidos" not in result.answer
    assert "CYL" not in result.answer


async def test_an_incident_that_agrees_still_supports(services: Services) -> None:
    # CARD_SETTLE_03's log shows S0C4 and nothing more specific: the catalogue and the
    # past S0C4 on z/OS both apply.
    result = await services.router.route("por que o CARD_SETTLE_03 falhou?", RouteContext())
    assert "S0C4" in _section(result.answer, "Causa provável")
    assert "BILLING_CALC" in result.answer


async def test_the_same_failure_elsewhere_today_is_linked(tmp_path: Path) -> None:
    settings = plan_settings(
        tmp_path,
        hwa_sim_start=datetime(2026, 3, 10, 6, 0, tzinfo=UTC),
        monitoring_enabled=False,
    )
    services = await Services.start(settings, Metrics())
    try:
        assert services.simulator is not None
        engine = services.simulator.state.simulator.engine
        for _ in range(36):  # RISK_VAR_03 abends later in the night
            engine.clock.advance(600)
            engine.sync()
            services.tws.cache.invalidate()
            if any(j.state is JobState.ABEND for j in await services.tws.find_jobs("RISK_VAR_03")):
                break
        else:
            raise AssertionError("RISK_VAR_03 never abended")
        asked = await services.router.route("por que o RISK_VAR_03 falhou?", RouteContext())
        same = _section(asked.answer, "Mesma falha hoje")
        assert "java.lang.NullPointerException" in same and "**BOLETO_30**" in same, same
        # a failure of another kind is not linked
        other = await services.router.route("por que o PAYROLL_01 falhou?", RouteContext())
        assert "Mesma falha hoje" not in other.answer, other.answer
    finally:
        await services.close()


async def test_a_job_killed_on_request_is_not_blamed_on_memory(services: Services) -> None:
    running = [j for j in await services.tws.list_jobs(limit=5000) if j.state is JobState.EXEC]
    job = sorted(running, key=lambda j: j.name)[0]
    await services.tws.kill(job.id)
    services.tws.cache.invalidate()
    result = await services.router.route(f"por que o {job.name} abendou?", RouteContext())
    cause = _section(result.answer, "Causa provável")
    steps = _section(result.answer, "Próximos passos")
    assert "pedido de kill" in cause and "auditoria" in steps, result.answer
    assert "memória" not in cause and "memória" not in steps, result.answer
