"""'O agente está unlinked, o que faço?': the knowledge base's procedure with the plan's
live state of the workstation named (or of every unavailable one), and the jobs it keeps
waiting."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from resync.answers.knowledge import citation, format_extract, select_sections
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import CitationsPart, Part
from resync.plan.schemas import JobListResult, WorkstationRow
from resync.plan.text import join_names, plural

if TYPE_CHECKING:
    from resync.answers.steps import Steps

SEARCH_LIMIT = 6
# A knowledge section about workstations, not whatever else the words found
_ABOUT_WORKSTATIONS = re.compile(
    r"(?i)unlink|\blink\b|netman|agente|agent|workstation|esta[cç][aã]o"
)
WAITING = ["READY", "HOLD"]


def asks_about_a_workstation(request: HandlerRequest) -> bool:
    """A question about a workstation (or agents) that is not a failure list."""
    classification = request.classification
    if classification.mentions("failures") or classification.mentions("abends"):
        return False
    return bool(request.entity("workstation")) or classification.mentions("workstations")


def _state(request: HandlerRequest, ws: WorkstationRow) -> str:
    link = request.say("LINKED", "LINKED") if ws.linked else "UNLINKED"
    jobman = (
        request.say("jobman rodando", "jobman running")
        if ws.jobman_running
        else request.say("jobman parado", "jobman stopped")
    )
    return f"**{ws.name}** ({ws.type}{', ' + ws.os if ws.os else ''}): {link}, {jobman}"


def _commands(request: HandlerRequest, ws: WorkstationRow) -> str:
    steps = []
    if not ws.linked:
        steps.append(f'`conman "link {ws.name}"`')
    if not ws.jobman_running:
        steps.append(f'`conman "start {ws.name}"`')
    if not steps:
        return ""
    return request.say(
        f"Para {ws.name}, depois de conferir o servidor e o netman: {' e '.join(steps)}.",
        f"For {ws.name}, once its server and netman are checked: {' and '.join(steps)}.",
    )


async def workstation_procedure(request: HandlerRequest, steps: Steps) -> HandlerReply:
    named = request.entity("workstation")
    listed: list[WorkstationRow] = await steps.tool(
        "workstations", "list_workstations", **({"name": named.upper()} if named else {})
    )
    shown = listed if named else [ws for ws in listed if not ws.available]
    lines = []
    for ws in shown:
        waiting: JobListResult = await steps.tool(
            "waiting", "list_jobs", workstation=ws.name, state=WAITING, limit=10
        )
        line = "- " + _state(request, ws)
        if not ws.available and waiting.total:
            names = join_names([job.name for job in waiting.jobs], request.language)
            line += request.say(
                f"; {plural(waiting.total, 'job espera', 'jobs esperam')} por ela: {names}",
                f"; {plural(waiting.total, 'job waits', 'jobs wait')} on it: {names}",
            )
        lines.append(line + ".")
        commands = _commands(request, ws)
        if commands:
            lines.append("  " + commands)
    if shown:
        now = request.say("No plano agora:", "In the plan now:") + "\n" + "\n".join(lines)
    elif named:
        now = request.say(
            f"Não encontrei a workstation {named.upper()} no plano.",
            f"I found no workstation {named.upper()} in the plan.",
        )
    else:
        now = request.say(
            "No plano agora nenhuma workstation está indisponível.",
            "No workstation is unavailable in the plan now.",
        )
    results: list[dict[str, Any]] = await steps.tool(
        "knowledge",
        "search_knowledge",
        query=request.message,
        limit=SEARCH_LIMIT,
        language=request.language,
    )
    chosen = [
        r
        for r in select_sections(results)
        if r["kind"] != "catalogue" and _ABOUT_WORKSTATIONS.search(r["text"])
    ]
    parts: list[Part] = []
    text = now
    if chosen:
        text += "\n\n" + format_extract(request, chosen)
        parts.append(CitationsPart(items=[citation(result) for result in chosen]))
    return steps.reply(text, parts)
