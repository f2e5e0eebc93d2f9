"""'Quais jobs estão atrasados?': jobs running well past their estimate, and jobs ready to
run that have not started at their time."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.plan.names import job_name
from resync.plan.reading import LATE_FACTOR, LATE_MARGIN_S
from resync.plan.schemas import JobListResult, JobRow, PlanOverview
from resync.plan.text import duration, plural, when, zone_of

if TYPE_CHECKING:
    from resync.answers.diagnostic import Steps

START_MARGIN = timedelta(minutes=10)  # ready this long past its time: it should have started


def asks_what_is_late(request: HandlerRequest) -> bool:
    return request.classification.mentions("late")


async def late_jobs(request: HandlerRequest, steps: Steps) -> HandlerReply:
    overview: PlanOverview = await steps.tool("overview", "plan_overview")
    ready: JobListResult = await steps.tool("ready", "list_jobs", state=["READY"], limit=500)
    zone = zone_of(overview.time_zone)
    overdue = [
        job
        for job in ready.jobs
        if job.scheduled is not None and job.scheduled + START_MARGIN < overview.now
    ]
    rows = [
        [
            request.say("demorando", "running long"),
            job.name,
            job_name(job),
            f"{duration(job.duration_s)} / {duration(job.estimated_s)}",
            when(job.start, zone, date=True),
        ]
        for job in overview.late_jobs
    ]
    rows += [
        [
            request.say("não começou", "not started"),
            job.name,
            job_name(job),
            "—",
            when(job.scheduled, zone, date=True),
        ]
        for job in overdue
    ]
    now = when(overview.now, zone)
    if not rows:
        return steps.reply(
            request.say(
                f"Nenhum job atrasado agora ({now}): nenhum rodando além de "
                f"{LATE_FACTOR:.0%} da estimativa (e {LATE_MARGIN_S / 60:.0f} min a mais) e "
                "nenhum pronto (READY) sem começar no horário.",
                f"No job is late now ({now}): none running past {LATE_FACTOR:.0%} of its "
                f"estimate (and {LATE_MARGIN_S / 60:.0f} min more) and none ready (READY) "
                "that missed its start time.",
            )
        )
    long = ", ".join(
        f"{job.name} ({duration(job.duration_s)} / {duration(job.estimated_s)})"
        for job in overview.late_jobs[:10]
    )
    down = {ws.name for ws in overview.unavailable_workstations}

    def why(job: JobRow) -> str:
        if job.workstation in down:
            return request.say(
                f", workstation {job.workstation} indisponível",
                f", workstation {job.workstation} unavailable",
            )
        return ""

    late = ", ".join(f"{job.name} ({when(job.scheduled, zone)}{why(job)})" for job in overdue[:10])
    parts_pt, parts_en = [], []
    if overview.late_jobs:
        parts_pt.append(f"rodando muito além da estimativa (decorrido / estimado): {long}")
        parts_en.append(f"running well past their estimate (elapsed / estimate): {long}")
    if overdue:
        parts_pt.append(f"prontos e sem começar no horário previsto: {late}")
        parts_en.append(f"ready but not started at their time: {late}")
    count = len(rows)
    text = request.say(
        f"{plural(count, 'job atrasado', 'jobs atrasados')} agora ({now}) — "
        + "; ".join(parts_pt)
        + ".",
        f"{plural(count, 'late job', 'late jobs')} now ({now}) — " + "; ".join(parts_en) + ".",
    )
    columns = [
        request.say("atraso", "delay"),
        "job",
        request.say("nome", "name"),
        request.say("decorrido / estimado", "elapsed / estimate"),
        request.say("início/previsto", "start/scheduled"),
    ]
    table = TablePart(
        title=request.say("Jobs atrasados", "Late jobs"), columns=columns, rows=rows, total=count
    )
    return steps.reply(text, [table])
