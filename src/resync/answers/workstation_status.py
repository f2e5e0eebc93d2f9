"""One workstation's state and what runs on it, and the workstations at a glance."""

from __future__ import annotations

from resync.answers.toolbox import Asked, Toolbox, zone
from resync.contract.context import Question, asking
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import CardPart, TablePart
from resync.plan.schemas import JobListResult, WorkstationRow
from resync.plan.similar import nearest_names
from resync.plan.text import job_table, join_names, plural


def workstation_sentence(request: HandlerRequest, ws: WorkstationRow) -> str:
    link = (
        request.say("linkada", "linked")
        if ws.linked
        else request.say("**DESLINKADA**", "**UNLINKED**")
    )
    jobman = "" if ws.jobman_running else request.say(", jobman parado", ", jobman stopped")
    members = (
        f" ({request.say('membros', 'members')}: {', '.join(ws.members)})" if ws.members else ""
    )
    return request.say(
        f"**{ws.name}** ({ws.type}{members}): {link}{jobman}, "
        + plural(ws.running_jobs, "job rodando", "jobs rodando"),
        f"**{ws.name}** ({ws.type}{members}): {link}{jobman}, {ws.running_jobs} running",
    )


async def workstation_status(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    name = asked.workstation or ""
    found: list[WorkstationRow] = await tools("list_workstations", name=name)
    if not found:  # a job of that name was taken as the subject before (answer_status)
        every: list[WorkstationRow] = await tools("list_workstations")
        nearest = nearest_names(name, [w.name for w in every])
        text = request.say(
            f"Não encontrei a workstation {name}. Existem: ",
            f"I found no workstation {name}. The plan has: ",
        ) + ", ".join(w.name for w in every)
        if len(nearest.names) != 1:
            return HandlerReply(text + ".")
        (near,) = nearest.names
        return HandlerReply(
            text + request.say(f". Você quis dizer **{near}**?", f". Did you mean **{near}**?"),
            asks=asking(Question.suggestion, target=near),
        )
    ws = found[0]
    running: JobListResult = await tools("list_jobs", state=["EXEC"], workstation=name, limit=100)
    text = workstation_sentence(request, ws) + "."
    parts: list[CardPart | TablePart] = [
        CardPart(
            title=ws.name,
            fields={
                "type": ws.type,
                "linked": ws.linked,
                "jobman": ws.jobman_running,
                "running": ws.running_jobs,
                "limit": ws.limit,
                "members": ws.members,
            },
            tone="ok" if ws.available else "error",
        )
    ]
    if running.total:
        text += (
            " "
            + request.say("Em execução: ", "Running: ")
            + join_names([j.name for j in running.jobs], request.language)
            + "."
        )
        parts.append(job_table(running.jobs, f"EXEC — {ws.name}", request.language, zone(running)))
    return HandlerReply(text, list(parts))


async def workstations_overview(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    found: list[WorkstationRow] = await tools("list_workstations")
    down = [w for w in found if not w.available]
    text = request.say(
        f"{plural(len(found), 'workstation', 'workstations')} no plano; ",
        f"{plural(len(found), 'workstation', 'workstations')} in the plan; ",
    )
    if down:
        text += (
            request.say("indisponíveis: ", "unavailable: ")
            + "; ".join(workstation_sentence(request, w) for w in down)
            + "."
        )
    else:
        text += request.say("todas linkadas.", "all linked.")
    table = TablePart(
        title="Workstations",
        columns=["workstation", "type", "linked", "jobman", request.say("rodando", "running")],
        rows=[[w.name, w.type, w.linked, w.jobman_running, w.running_jobs] for w in found],
    )
    return HandlerReply(text, [table])
