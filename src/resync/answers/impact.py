"""'O que o abend do PAYROLL_01 está travando?': what a job holds up downstream, whole."""

from __future__ import annotations

from resync.answers.names import missing_job
from resync.answers.toolbox import Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import ExportPart, Part, TablePart
from resync.plan.schemas import ImpactResult
from resync.plan.text import MAX_ROWS_IN_TABLE, csv_text, join_names, plural, when

SHOWN_NAMES = 8  # held-up jobs named in the text, nearest first


def asks_impact(request: HandlerRequest) -> bool:
    return request.classification.mentions("impact")


async def job_impact(request: HandlerRequest, tools: Toolbox, job: str) -> HandlerReply:
    result: ImpactResult = await tools(
        "job_impact", job=job, job_stream=request.entity("job_stream"), limit=1000
    )
    row = result.lookup.job
    if row is None:
        return await missing_job(request, tools, result.lookup)
    head = f"**{row.name}** ({row.full_name}, **{row.state}**)"
    if not result.total:
        return HandlerReply(
            request.say(
                f"{head}: 0 jobs ainda por rodar dependem dele — não segura nada no plano.",
                f"{head}: 0 jobs still to run depend on it — it holds nothing up in the plan.",
            )
        )
    jobs = plural(result.total, "job", "jobs")
    streams = ", ".join(f"{count} {name}" for name, count in result.by_stream.items())
    direct = [b.name for b in result.blocked if b.direct]
    if row.state in ("ABEND", "FAIL"):
        lead = request.say(
            f"O {row.state} de {head} segura **{jobs}** que ainda não rodaram",
            f"The {row.state} of {head} holds up **{jobs}** that have not run yet",
        )
    else:
        lead = request.say(
            f"{head}: **{jobs}** ainda por rodar esperam por ele",
            f"{head}: **{jobs}** still to run wait for it",
        )
    text = f"{lead} ({streams})."
    text += "\n" + request.say("Esperam diretamente: ", "Waiting on it directly: ")
    text += join_names(direct, request.language, SHOWN_NAMES) + "."
    further = [b.name for b in result.blocked if not b.direct]
    if further:
        text += "\n" + request.say("Mais adiante na cadeia: ", "Further down the chain: ")
        text += join_names(further, request.language, SHOWN_NAMES) + "."
    if result.deadlines:
        tz = zone(result.lookup)
        dated = [f"{d.name} ({when(d.deadline, tz, date=True)})" for d in result.deadlines]
        text += "\n" + request.say(
            f"Prazos em risco enquanto ele não for resolvido ({len(dated)}): ",
            f"Deadlines at risk while it is not fixed ({len(dated)}): ",
        )
        text += join_names(dated, request.language, SHOWN_NAMES) + "."
    if not result.complete:
        text += "\n" + request.say(
            f"(Parei de seguir a cadeia em {result.total} jobs: pode haver mais.)",
            f"(I stopped following the chain at {result.total} jobs: there may be more.)",
        )
    columns = ["job", "job stream", "workstation", request.say("estado", "state")]
    columns.append(request.say("espera direto", "waits directly"))
    rows = [
        [
            b.name,
            b.job_stream,
            b.workstation,
            b.state,
            request.say("sim", "yes") if b.direct else "",
        ]
        for b in result.blocked
    ]
    title = request.say(f"Jobs presos pelo {row.name}", f"Jobs held up by {row.name}")
    parts: list[Part] = [
        TablePart(title=title, columns=columns, rows=rows[:MAX_ROWS_IN_TABLE], total=result.total),
        ExportPart(
            format="csv",
            filename=f"impact_{row.name.lower()}.csv",
            media_type="text/csv",
            content=csv_text(columns, rows),
        ),
    ]
    return HandlerReply(text, parts)
