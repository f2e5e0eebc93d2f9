"""Rankings over the plan: the jobs that failed most in a window, the runs going on longest."""

from __future__ import annotations

from collections import Counter

from resync.answers.eta import expectation_sentence, running_expectation
from resync.answers.toolbox import Asked, Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.plan.schemas import JobListResult, JobLookup
from resync.plan.text import duration, job_table, plural

SHOWN = 5  # ranked jobs named in the text
EXPLAINED = 3  # longest runs told against their history


def asks_ranking(request: HandlerRequest) -> bool:
    return request.classification.mentions("most_failures") or request.classification.mentions(
        "longest_running"
    )


async def answer_ranking(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    asked = Asked.of(request)
    if asked.mentions("longest_running"):
        return await longest_running(request, tools)
    return await most_failures(request, tools, asked)


async def most_failures(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    """'Quais jobs mais falharam na última semana?': failures per job over the window."""
    window = asked.window if asked.window not in (None, "plan", "today") else "last_7_days"
    failed: JobListResult = await tools(
        "list_jobs", state=["FAILED"], workstation=asked.workstation, window=window, limit=5000
    )
    counts = Counter(job.name for job in failed.jobs)
    label = failed.window.label
    if not counts:
        return HandlerReply(
            request.say(f"Nenhum job falhou ({label}).", f"No job failed ({label}).")
        )
    ranked = counts.most_common()
    named = ", ".join(
        f"{name} ({plural(count, 'falha', 'falhas')})"
        if request.language != "en"
        else f"{name} ({plural(count, 'failure', 'failures')})"
        for name, count in ranked[:SHOWN]
    )
    text = request.say(
        f"Jobs que mais falharam ({label}; {plural(failed.total, 'falha', 'falhas')} em "
        f"{plural(len(counts), 'job', 'jobs')}): {named}.",
        f"Jobs that failed most ({label}; {plural(failed.total, 'failure', 'failures')} over "
        f"{plural(len(counts), 'job', 'jobs')}): {named}.",
    )
    table = TablePart(
        title=request.say(f"Falhas por job — {label}", f"Failures per job — {label}"),
        columns=["job", request.say("falhas", "failures")],
        rows=[[name, count] for name, count in ranked],
    )
    return HandlerReply(text, [table])


async def longest_running(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    """'What's been running the longest?': the runs in progress, longest first, the
    longest told against their estimate and history."""
    running: JobListResult = await tools("list_jobs", state=["EXEC"], limit=500)
    jobs = sorted((j for j in running.jobs if j.start), key=lambda j: j.start or j.id)
    lookup: JobLookup | None = None
    if jobs:  # the plan's own time, read with the longest run
        lookup = await tools("get_job_status", job=jobs[0].id)
    if lookup is None or lookup.now is None:
        return HandlerReply(
            request.say("Nenhum job em execução agora.", "No job is running right now.")
        )
    now, tz = lookup.now, zone(running)
    named = ", ".join(
        f"**{j.name}** ({duration((now - j.start).total_seconds())})"
        for j in jobs[:SHOWN]
        if j.start
    )
    lines = [
        request.say(
            f"{plural(running.total, 'job', 'jobs')} em execução; há mais tempo: {named}.",
            f"{plural(running.total, 'job', 'jobs')} running; longest first: {named}.",
        )
    ]
    for job in jobs[:EXPLAINED]:
        expected = await running_expectation(tools, job, now)
        if expected is not None:
            lines.append(f"- {job.name}: " + expectation_sentence(request, job, expected, tz))
    title = request.say("Em execução, há mais tempo primeiro", "Running, longest first")
    return HandlerReply("\n".join(lines), [job_table(jobs, title, request.language, tz)])
