"""'Tem algum prompt esperando resposta?': the prompts waiting, their text, what waits on them."""

from __future__ import annotations

from resync.answers.toolbox import Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.plan.schemas import JobLookup, PlanOverview
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
    lines, rows = [], []
    for job in overview.prompts_waiting:
        lookup: JobLookup = await tools("get_job_status", job=job.id)
        texts = [wait.what for wait in lookup.waits_on if wait.kind == "prompt"]
        others = [wait.what for wait in lookup.waits_on if wait.kind != "prompt"]
        text = texts[0] if texts else "?"
        line = f"- **{job.name}** ({job.full_name}): «{text}»"
        if others:
            line += request.say(" — também aguarda ", " — also waits for ") + "; ".join(others)
        lines.append(line)
        rows.append([job.name, job.full_name, text, job.state, when(job.scheduled, tz, date=True)])
    count = len(overview.prompts_waiting)
    head = request.say(
        f"{plural(count, 'prompt esperando', 'prompts esperando')} resposta:",
        f"{plural(count, 'prompt is', 'prompts are')} waiting for a reply:",
    )
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
