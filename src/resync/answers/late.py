"""'Quais jobs estão atrasados?': jobs running well past their estimate, jobs ready to run
that have not started at their time, jobs past their latest start or deadline, and jobs
whose predicted end (along their predecessors) passes a deadline still ahead."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.plan.deadlines import DeadlineRisk
from resync.plan.names import job_name
from resync.plan.outlook import deadline_outlook
from resync.plan.reading import LATE_FACTOR, LATE_MARGIN_S
from resync.plan.schemas import JobListResult, JobRow, PlanOverview
from resync.plan.text import duration, plural, when, zone_of

if TYPE_CHECKING:
    from resync.answers.steps import Steps

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
    outlook = await steps.run("deadlines", lambda: deadline_outlook(steps.tws))
    listed = {row[1] for row in rows}
    missed_start = [job for job in outlook.late_start if job.name not in listed]
    rows += [
        [
            request.say("passou do limite de início", "past its latest start"),
            job.name,
            job_name(job),
            job.state.value,
            when(job.latest_start, zone, date=True),
        ]
        for job in missed_start
    ]
    rows += [
        [
            request.say("passou do deadline", "past its deadline"),
            job.name,
            job_name(job),
            job.state.value,
            when(job.deadline, zone, date=True),
        ]
        for job in outlook.late_end
    ]
    rows += [
        [
            request.say("vai perder o deadline", "will miss its deadline"),
            risk.job.name,
            job_name(risk.job),
            request.say(
                f"previsto {when(risk.predicted_end, zone)}",
                f"expected {when(risk.predicted_end, zone)}",
            ),
            when(risk.deadline, zone, date=True),
        ]
        for risk in outlook.at_risk
    ]
    now = when(overview.now, zone)
    if not rows:
        return steps.reply(
            request.say(
                f"Nenhum job atrasado agora ({now}): nenhum rodando além de "
                f"{LATE_FACTOR:.0%} da estimativa (e {LATE_MARGIN_S / 60:.0f} min a mais), "
                "nenhum pronto (READY) sem começar no horário, nenhum além do limite de início "
                "ou do deadline e nenhum previsto para perder o deadline.",
                f"No job is late now ({now}): none running past {LATE_FACTOR:.0%} of its "
                f"estimate (and {LATE_MARGIN_S / 60:.0f} min more), none ready (READY) that "
                "missed its start time, none past its latest start or deadline and none "
                "expected to miss its deadline.",
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
    if missed_start:
        names = ", ".join(
            f"{job.name} ({request.say('até', 'by')} {when(job.latest_start, zone)})"
            for job in missed_start[:10]
        )
        parts_pt.append(f"sem começar até o limite de início: {names}")
        parts_en.append(f"not started by their latest start: {names}")
    if outlook.late_end:
        names = ", ".join(
            f"{job.name} ({request.say('deadline', 'deadline')} {when(job.deadline, zone)})"
            for job in outlook.late_end[:10]
        )
        parts_pt.append(f"sem terminar no deadline: {names}")
        parts_en.append(f"not ended by their deadline: {names}")
    for risk in outlook.at_risk[:5]:
        parts_pt.append(_risk_pt(risk, outlook.now, zone))
        parts_en.append(_risk_en(risk, outlook.now, zone))
    count = len(rows)
    text = request.say(
        f"{plural(count, 'job atrasado ou em risco', 'jobs atrasados ou em risco')} agora "
        f"({now}) — " + "; ".join(parts_pt) + ".",
        f"{plural(count, 'job late or at risk', 'jobs late or at risk')} now ({now}) — "
        + "; ".join(parts_en)
        + ".",
    )
    columns = [
        request.say("atraso", "delay"),
        "job",
        request.say("nome", "name"),
        request.say("decorrido / estimado · estado", "elapsed / estimate · state"),
        request.say("início/previsto/limite", "start/scheduled/limit"),
    ]
    table = TablePart(
        title=request.say("Jobs atrasados ou em risco", "Jobs late or at risk"),
        columns=columns,
        rows=rows,
        total=count,
    )
    return steps.reply(text, [table])


def _left(risk: DeadlineRisk, now: datetime) -> str:
    return duration((risk.deadline - now).total_seconds())


def _risk_pt(risk: DeadlineRisk, now: datetime, zone: ZoneInfo) -> str:
    why = "" if risk.cause.id == risk.job.id else f", por causa de {risk.cause.name}"
    return (
        f"{risk.job.name} deve terminar por volta de {when(risk.predicted_end, zone)}, depois "
        f"do deadline {when(risk.deadline, zone)} (faltam {_left(risk, now)}{why}): ainda dá "
        "para agir"
    )


def _risk_en(risk: DeadlineRisk, now: datetime, zone: ZoneInfo) -> str:
    why = "" if risk.cause.id == risk.job.id else f", because of {risk.cause.name}"
    return (
        f"{risk.job.name} should end around {when(risk.predicted_end, zone)}, past its "
        f"deadline {when(risk.deadline, zone)} ({_left(risk, now)} left{why}): there is still "
        "time to act"
    )
