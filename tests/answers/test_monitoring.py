"""Monitoring answers: the plan's current problems, watches, dashboards."""

from __future__ import annotations

from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.services import Services
from resync.tws.models import JobState
from tests.answers.conftest import ask, column, plan_jobs, table


async def test_active_alerts_are_the_plans_current_problems(services: Services) -> None:
    failed = await plan_jobs(services, JobState.ABEND, JobState.FAIL)
    reply = await ask(services, "quais alertas estão ativos?", intent="monitoring")
    alerts = table(reply)
    objects = column(alerts, "objeto")
    kinds = column(alerts, "tipo")
    assert {o for o, k in zip(objects, kinds, strict=True) if k in ("ABEND", "FAIL")} == {
        f"MDM#{job.job_stream}.{job.name}" for job in failed
    }
    assert [alerts.rows[kinds.index("WORKSTATION")][i] for i in (0, 1)] == [
        "WORKSTATION",
        "AGT_LNX02",
    ]
    assert "PROMPT" in kinds and "STUCK" in kinds
    assert reply.answer.startswith(f"{len(alerts.rows)} alertas ativos agora")
    assert "MONTH_END_02" in reply.answer


async def test_active_alerts_in_english(services: Services) -> None:
    reply = await ask(services, "what alerts are active right now?", intent="monitoring")
    assert " active alerts now" in reply.answer
    assert "unavailable workstations: AGT_LNX02" in reply.answer
    assert table(reply).columns == ["kind", "object", "detail", "time"]


async def test_notify_when_a_job_ends_sets_a_watch_and_says_what_exists_now(
    services: Services,
) -> None:
    ana = AuthenticatedUser(id=7, username="ana", role=Role.operator)
    reply = await ask(
        services, "me avise quando o job CASH_MGMT_01 terminar", user=ana, intent="monitoring"
    )
    assert reply.answer.startswith("Agora: **CASH_MGMT_01**")
    assert "**EXEC**" in reply.answer
    assert "eu aviso aqui no chat quando CASH_MGMT_01 terminar" in reply.answer
    assert [w["job_name"] for w in await services.watches.open("ana")] == ["CASH_MGMT_01"]
    english = await ask(services, "let me know when job CASH_MGMT_01 finishes", user=ana)
    assert "I will tell you here in the chat when CASH_MGMT_01 ends" in english.answer
    anonymous = await ask(services, "me avise quando o job CASH_MGMT_01 terminar")
    assert "Não criei o aviso" in anonymous.answer


async def test_dashboard_points_to_what_exists(services: Services) -> None:
    reply = await ask(services, "abre o dashboard", intent="monitoring")
    assert "/dashboard/realtime" in reply.answer
    assert "/health" in reply.answer and "/metrics" in reply.answer
