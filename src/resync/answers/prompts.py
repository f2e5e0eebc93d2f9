"""'Tem algum prompt esperando resposta?': the prompts waiting, their text, what waits on them.

A prompt is open once its job's start time (``at``) has come; before, it is told apart as
one still to come, with its time.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from resync.answers.toolbox import Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.plan.schemas import JobLookup, PlanOverview, Wait
from resync.plan.text import plural, when


async def prompts_waiting(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    overview: PlanOverview = await tools("plan_overview")
    tz = zone(overview)
    if not overview.prompts_waiting:
        return HandlerReply(
            request.say(
                f"Nenhum prompt esperando resposta agora ({when(overview.now, tz)}).",
                f"No prompt is waiting for a reply now ({when(overview.now, tz)}).",
            )
        )
    lines: list[str] = []
    later: list[str] = []
    rows: list[list[object]] = []
    for job in overview.prompts_waiting:
        lookup: JobLookup = await tools("get_job_status", job=job.id)
        texts = [wait.what for wait in lookup.waits_on if wait.kind == "prompt"]
        others = [
            _wait_text(request, wait, overview.now, tz)
            for wait in lookup.waits_on
            if wait.kind != "prompt"
        ]
        starts = [_moment(wait.what) for wait in lookup.waits_on if wait.kind == "at"]
        upcoming = any(start is not None and start > overview.now for start in starts)
        text = texts[0] if texts else "?"
        line = f"- **{job.name}** ({job.full_name}): «{text}»"
        if others:
            line += request.say(" — também aguarda ", " — also waits for ") + "; ".join(others)
        (later if upcoming else lines).append(line)
        rows.append([job.name, job.full_name, text, job.state, when(job.scheduled, tz, date=True)])
    count = len(lines)
    if lines:
        head = request.say(
            f"{plural(count, 'prompt esperando', 'prompts esperando')} resposta:",
            f"{plural(count, 'prompt is', 'prompts are')} waiting for a reply:",
        )
    else:
        head = request.say(
            f"Nenhum prompt aberto agora ({when(overview.now, tz)}).",
            f"No prompt is open now ({when(overview.now, tz)}).",
        )
    if later:
        lines += [
            request.say(
                f"Ainda por vir ({plural(len(later), 'prompt', 'prompts')}, perguntado quando "
                "chegar o horário de início do job):",
                f"Still to come ({plural(len(later), 'prompt', 'prompts')}, asked once the "
                "job's start time comes):",
            ),
            *later,
        ]
    count = len(overview.prompts_waiting)
    first = overview.prompts_waiting[0].name
    hint = request.say(
        f"Para responder, peça por exemplo “responda sim ao prompt do {first} porque …”: "
        "vira um pedido de aprovação, como as outras mudanças no plano.",
        f"To reply, ask for example “reply yes to the prompt of {first} because …”: it "
        "becomes an approval request, like the other plan changes.",
    )
    table = TablePart(
        title=request.say("Prompts esperando resposta", "Prompts waiting for a reply"),
        columns=[
            "job",
            request.say("nome completo", "full name"),
            "prompt",
            request.say("estado", "state"),
            request.say("previsto", "scheduled"),
        ],
        rows=rows,
        total=count,
    )
    return HandlerReply("\n".join([head, *lines, "", hint]), [table])


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _wait_text(request: HandlerRequest, wait: Wait, now: datetime, tz: ZoneInfo) -> str:
    if wait.kind != "at":
        return wait.what
    moment = _moment(wait.what)
    shown = when(moment, tz, date=moment.date() != now.date()) if moment else wait.what
    return request.say(f"horário de início {shown}", f"start time {shown}")
