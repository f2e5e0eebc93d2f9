"""A job name that names no job of the plan: "did you mean …?", or the candidates.

- a typo (``PAYROL_01``) or a missing suffix gets the nearest job names, and when there is
  one, a yes/no question ("sim" runs the question on it);
- a partial name (``PAYROLL``) lists the jobs it is part of;
- a job stream or a workstation named where a job was meant says so;
- several jobs of the name (one per job stream) list the candidates to choose from.
"""

from __future__ import annotations

from resync.answers.toolbox import Toolbox, zone
from resync.contract.context import Question, asking
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.plan.lookup import FAILED_STATES
from resync.plan.reading import MAX_JOBS
from resync.plan.schemas import JobListResult, JobLookup, JobRow
from resync.plan.similar import MAX_SUGGESTIONS, nearest_names
from resync.plan.text import job_table, join_names


async def missing_job(
    request: HandlerRequest, tools: Toolbox, lookup: JobLookup, action: str | None = None
) -> HandlerReply:
    """The answer for a job lookup that found no single job (``lookup.job`` is None)."""
    if lookup.candidates:
        reply = ambiguous(request, lookup)
        reply.asks = asking(Question.target, action, request.classification.justification)
        return reply
    query = lookup.query.upper()
    short = query.rsplit(".", 1)[-1].rsplit("#", 1)[-1]
    plan: JobListResult = await tools("list_jobs", limit=MAX_JOBS)
    rows = plan.jobs
    not_found = request.say(
        f"Não encontrei o job **{lookup.query}** no plano atual.",
        f"I found no job **{lookup.query}** in the current plan.",
    )
    other = _other_kind(request, rows, short)
    if other:
        reply = HandlerReply(f"{not_found} {other}")
        reply.asks = asking(Question.target, action, request.classification.justification)
        return reply
    nearest = nearest_names(short, {row.name for row in rows}, limit=len(rows))
    if not nearest.names:
        return HandlerReply(
            not_found
            + request.say(
                " Confira o nome (ou use WS#STREAM.JOB).", " Check the name (or use WS#STREAM.JOB)."
            )
        )
    order = {name: index for index, name in enumerate(nearest.names)}
    matching = sorted(
        (row for row in rows if row.name in order), key=lambda r: (*_likely(r), order[r.name])
    )[:MAX_SUGGESTIONS]
    table = job_table(
        matching,
        request.say("Você quis dizer", "Did you mean"),
        request.language,
        zone(plan),
        total=len(matching),
    )
    justification = request.classification.justification
    if not nearest.partial and len(matching) == 1:
        (row,) = matching
        text = request.say(
            f"{not_found} Você quis dizer **{row.full_name}** ({row.state})? (sim/não)",
            f"{not_found} Did you mean **{row.full_name}** ({row.state})? (yes/no)",
        )
        return HandlerReply(
            text,
            [table],
            asks=asking(Question.suggestion, action, justification, target=row.full_name),
        )
    names = [row.full_name for row in matching]
    if nearest.partial:
        text = request.say(
            f"{not_found} {nearest.total} jobs têm **{short}** no nome: "
            f"{join_names(names, 'pt')}. Diga qual.",
            f"{not_found} {nearest.total} jobs have **{short}** in their name: "
            f"{join_names(names, 'en')}. Say which one.",
        )
    else:
        text = request.say(
            f"{not_found} Você quis dizer {join_names(names, 'pt')}? Diga qual.",
            f"{not_found} Did you mean {join_names(names, 'en')}? Say which one.",
        )
    return HandlerReply(text, [table], asks=asking(Question.suggestion, action, justification))


async def missing_stream(
    request: HandlerRequest, tools: Toolbox, stream: str
) -> HandlerReply | None:
    """The answer for a job stream the plan does not have (None when it has it)."""
    wanted = stream.rsplit("#", 1)[-1].upper()
    if "*" in wanted:
        return None
    plan: JobListResult = await tools("list_jobs", limit=MAX_JOBS)
    streams = {row.job_stream for row in plan.jobs}
    if wanted in {name.upper() for name in streams}:
        return None
    not_found = request.say(
        f"Não encontrei o job stream **{wanted}** no plano atual.",
        f"I found no job stream **{wanted}** in the current plan.",
    )
    if any(row.name.upper() == wanted for row in plan.jobs):
        return HandlerReply(
            not_found
            + request.say(
                f" **{wanted}** é um job: pergunte pelo job (ex.: “status do {wanted}”).",
                f" **{wanted}** is a job: ask about the job (e.g. “status of {wanted}”).",
            )
        )
    nearest = nearest_names(wanted, streams)
    if not nearest.names:
        return HandlerReply(not_found + request.say(" Confira o nome.", " Check the name."))
    names = join_names([f"**{name}**" for name in nearest.names], request.language)
    asks = (
        asking(Question.suggestion)
        if len(nearest.names) > 1
        else asking(Question.suggestion, target=nearest.names[0])
    )
    return HandlerReply(
        not_found + request.say(f" Você quis dizer {names}?", f" Did you mean {names}?"),
        asks=asks,
    )


FAILED = {state.value for state in FAILED_STATES}


def _likely(row: JobRow) -> tuple[bool, bool]:
    """Sorts the jobs an operator most likely meant first: the failed, then the running."""
    return row.state not in FAILED, row.state != "EXEC"


def _other_kind(request: HandlerRequest, rows: list[JobRow], name: str) -> str:
    """What ``name`` is when it names a job stream or a workstation instead of a job."""
    in_stream = [row for row in rows if row.job_stream.upper() == name]
    if in_stream:
        ordered = sorted(in_stream, key=lambda r: (*_likely(r), r.name))
        examples = join_names(list(dict.fromkeys(r.name for r in ordered)), request.language, 3)
        return request.say(
            f"**{name}** é um job stream ({len(in_stream)} jobs, por exemplo {examples}), "
            "não um job: diga qual job.",
            f"**{name}** is a job stream ({len(in_stream)} jobs, for example {examples}), "
            "not a job: say which job.",
        )
    on_workstation = [row for row in rows if row.workstation.upper() == name]
    if on_workstation:
        return request.say(
            f"**{name}** é uma workstation ({len(on_workstation)} jobs no plano), não um "
            "job: diga qual job.",
            f"**{name}** is a workstation ({len(on_workstation)} jobs in the plan), not a "
            "job: say which job.",
        )
    return ""


def ambiguous(request: HandlerRequest, lookup: JobLookup) -> HandlerReply:
    """Several jobs of the name (one per job stream): the candidates to choose from."""
    names = [c.full_name + f" ({c.state})" for c in lookup.candidates]
    text = request.say(
        f"Há {len(lookup.candidates)} jobs **{lookup.query}** no plano: "
        f"{join_names(names, 'pt')}. Diga qual (WS#STREAM.JOB).",
        f"There are {len(lookup.candidates)} jobs **{lookup.query}** in the plan: "
        f"{join_names(names, 'en')}. Say which one (WS#STREAM.JOB).",
    )
    table = job_table(
        lookup.candidates,
        request.say("Candidatos", "Candidates"),
        request.language,
        zone(lookup),
        date=True,
    )
    return HandlerReply(text, [table])
