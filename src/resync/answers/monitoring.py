"""Monitoring answers: the active alerts (current problems), "tell me when X ends", dashboards."""

from __future__ import annotations

from resync.answers import watches
from resync.answers.status import job_status, overview_problems, stream_finish
from resync.answers.toolbox import Asked, Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import CardPart, Part, TablePart
from resync.plan.names import stream_name
from resync.plan.reading import LATE_FACTOR, LATE_MARGIN_S
from resync.plan.schemas import PlanOverview
from resync.plan.text import duration, plural, when


async def answer_monitoring(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    asked = Asked.of(request)
    watching = "create_watch" in tools.registry
    if watching and asked.mentions("watch_cancel"):
        return await watches.cancel(request, tools, asked)
    if watching and asked.mentions("watch_list"):
        return await watches.listed(request, tools)
    if asked.mentions("notify") and (asked.job or asked.stream):
        if watching:
            return await watches.create(request, tools, asked)
        return await notify_when(request, tools, asked)
    if asked.job:  # "when will X finish?": its status and expected end
        return await job_status(request, tools, asked)
    if asked.stream:  # "when will JS_X finish?": the latest expected end of what is left
        return await stream_finish(request, tools, asked)
    if asked.mentions("dashboard"):
        return dashboards(request)
    return await active_alerts(request, tools)


def alert_channel(request: HandlerRequest, tools: Toolbox) -> str:
    if tools.teams_configured:
        return request.say(
            "Os ABENDs já geram alerta no canal do Teams configurado.",
            "ABENDs already raise an alert in the configured Teams channel.",
        )
    return request.say(
        "Alertas de ABEND no Teams ficam ativos quando RESYNC_TEAMS_WEBHOOK_URL está "
        "configurado (hoje não está).",
        "ABEND alerts go to Teams once RESYNC_TEAMS_WEBHOOK_URL is set (it is not yet).",
    )


async def notify_when(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    current = await job_status(request, tools, asked) if asked.job else None
    honest = (
        request.say(
            "Ainda não consigo criar um aviso sob demanda para um job específico (a vigilância "
            "contínua por job virá com o módulo de monitoramento). ",
            "I cannot yet set up an on-demand notice for one specific job (continuous per-job "
            "watching comes with the monitoring module). ",
        )
        + alert_channel(request, tools)
        + request.say(
            " Enquanto isso, pergunte de novo pelo status quando quiser.",
            " Meanwhile, ask for its status again whenever you like.",
        )
    )
    if current is None:
        return HandlerReply(honest)
    current.answer = request.say("Agora: ", "Now: ") + current.answer + "\n" + honest
    return current


def dashboards(request: HandlerRequest) -> HandlerReply:
    return HandlerReply(
        request.say(
            "O painel de monitoramento em tempo real está em /dashboard/realtime: jobs por "
            "estado, vazão, alertas ativos, deadlines em risco e as workstations. A saúde dos "
            "componentes fica em /health e as métricas (Prometheus/Grafana) em /metrics.",
            "The realtime monitoring dashboard is at /dashboard/realtime: jobs by state, "
            "throughput, active alerts, deadlines at risk and the workstations. Component "
            "health is at /health and metrics (Prometheus/Grafana) at /metrics.",
        ),
        [
            CardPart(
                title="Links",
                fields={
                    "dashboard": "/dashboard/realtime",
                    "health": "/health",
                    "metrics": "/metrics",
                },
            )
        ],
    )


async def active_alerts(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    if "active_alerts" in tools.registry:
        stored = await watches.stored_alerts(request, tools)
        if stored is not None:
            return stored
    overview: PlanOverview = await tools("plan_overview")
    tz = zone(overview)
    problems = overview_problems(request, overview)
    rows: list[list[str]] = []
    for job in overview.failed_jobs:
        rc = f"rc {job.return_code}" if job.return_code is not None else ""
        detail = " ".join(x for x in (rc, job.abend_code or "") if x)
        rows.append([job.state, job.full_name, detail, when(job.end or job.start, tz)])
    for job in overview.late_jobs:
        late = request.say("rodando há ", "running for ") + duration(job.duration_s)
        late += request.say(" (estimado ", " (estimated ") + duration(job.estimated_s) + ")"
        rows.append([request.say("ATRASADO", "LATE"), job.full_name, late, when(job.start, tz)])
    for job in overview.prompts_waiting:
        rows.append(
            ["PROMPT", job.full_name, request.say("prompt sem resposta", "prompt waiting"), ""]
        )
    for stream in overview.stuck_streams:
        counts = ", ".join(f"{n} {s}" for s, n in stream.jobs_by_state.items() if s != "SUCC")
        rows.append(
            ["STUCK", stream_name(stream.workstation, stream.name), counts, when(stream.start, tz)]
        )
    for ws in overview.unavailable_workstations:
        what = (
            request.say("deslinkada", "unlinked")
            if not ws.linked
            else request.say("jobman parado", "jobman stopped")
        )
        rows.append(["WORKSTATION", ws.name, what, ""])
    if not rows:
        text = request.say(
            f"Nenhum alerta ativo agora ({when(overview.now, tz)}): nenhum job em ABEND/FAIL, "
            "nenhum atrasado, nenhum job stream STUCK e todas as workstations linkadas.",
            f"No active alerts now ({when(overview.now, tz)}): no job in ABEND/FAIL, none late, "
            "no STUCK job stream and every workstation linked.",
        )
        return HandlerReply(text)
    text = (
        request.say(
            f"{plural(len(rows), 'alerta ativo', 'alertas ativos')} agora "
            f"({when(overview.now, tz)}, "
            f"{overview.time_zone}): ",
            f"{plural(len(rows), 'active alert', 'active alerts')} now ({when(overview.now, tz)}, "
            f"{overview.time_zone}): ",
        )
        + "; ".join(problems)
        + "."
    )
    if overview.late_jobs:
        text += "\n" + request.say(
            f"Atrasado = rodando há mais de {int((LATE_FACTOR - 1) * 100)}% além do estimado "
            f"(e mais de {int(LATE_MARGIN_S // 60)} min).",
            f"Late = running over {int((LATE_FACTOR - 1) * 100)}% past its estimate "
            f"(and more than {int(LATE_MARGIN_S // 60)} min).",
        )
    table = TablePart(
        title=request.say("Alertas ativos", "Active alerts"),
        columns=[
            request.say("tipo", "kind"),
            request.say("objeto", "object"),
            request.say("detalhe", "detail"),
            request.say("hora", "time"),
        ],
        rows=rows,
    )
    parts: list[Part] = [table]
    return HandlerReply(text, parts)
