"""Status answers: one job, one job stream, one workstation, the plan; lists by state and window."""

from __future__ import annotations

from dataclasses import replace

from resync.answers.candidates import candidates_of, which_of
from resync.answers.eta import expectation_sentence, running_expectation
from resync.answers.finish import finish_sentence
from resync.answers.impact import job_impact
from resync.answers.job_lists import asked_jobs, job_list
from resync.answers.names import missing_job
from resync.answers.prompts import prompts_waiting
from resync.answers.rankings import answer_ranking, asks_ranking
from resync.answers.toolbox import Asked, Toolbox, zone
from resync.answers.wait_sentences import describe_wait, waits_sentence
from resync.answers.workstation_status import workstation_status, workstations_overview
from resync.answers.workstations import asks_what_it_holds, resource_use, workstation_holds
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import CardPart, TablePart
from resync.plan.finish import FinishEstimate
from resync.plan.schemas import JobLookup, PlanOverview, StreamRow, WorkstationRow
from resync.plan.text import duration, job_table, join_names, plural, when


async def answer_status(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    asked = await _job_named_like_a_workstation(tools, Asked.of(request))
    several = candidates_of(request)
    if several:
        return which_of(request, several)
    if asked.job and asked.mentions("resources"):  # "quem está usando o recurso TAPE_DRV?"
        lookup: JobLookup = await tools("get_job_status", job=asked.job)
        if lookup.job is None:
            return await resource_use(request, tools, asked.job)
    if asked.job and asked.states and asked.mentions("list"):
        # "a lista de abend atualizada, o MF_FEED_02 já foi reexecutado": the list asked
        return await job_list(request, tools, replace(asked, job=None))
    if asked.job:
        if asked.mentions("impact"):
            return await job_impact(request, tools, asked.job)
        if asked.mentions("dependencies"):
            return await job_dependencies(request, tools, asked)
        named = [name.upper() for name in request.entities.get("job_name") or ()]
        if len(named) > 1:  # "confirmaram o PAYROLL_01, e o MONTH_END_02 agora roda?"
            return await jobs_status(request, tools, asked, named[:3])
        return await job_status(request, tools, asked)
    if asks_ranking(request):  # "what's been running the longest?"
        return await answer_ranking(request, tools)
    if asked.mentions("prompts"):
        return await prompts_waiting(request, tools)
    if asked.stream and not asked.states and asked.mentions("eta"):
        return await stream_finish(request, tools, asked)
    if asked.workstation and asks_what_it_holds(request) and asked.window in (None, "today"):
        return await workstation_holds(request, tools, asked.workstation)
    if asked.workstation and not asked.states and asked.window in (None, "today"):
        return await workstation_status(request, tools, asked)  # "o que roda na X agora"
    if asked.window == "today" and not asked.states and asked.mentions("plan"):
        return await plan_status(request, tools)  # "como tá o plano hoje?": today's plan
    if asked.states or asked.window:
        return await job_list(request, tools, asked)
    if asked.workstation:
        return await workstation_status(request, tools, asked)
    if asked.stream:
        return await stream_status(request, tools, asked)
    if asked.mentions("workstations"):
        return await workstations_overview(request, tools)
    return await plan_status(request, tools)


async def _job_named_like_a_workstation(tools: Toolbox, asked: Asked) -> Asked:
    """ "WIN_REP_01" reads as a workstation; when the plan has no such workstation but has
    such a job, the message is about the job (its state, its run, what it waits for)."""
    if asked.job or not asked.workstation:
        return asked
    found: list[WorkstationRow] = await tools("list_workstations", name=asked.workstation)
    if found:
        return asked
    lookup: JobLookup = await tools("get_job_status", job=asked.workstation)
    if lookup.job is None:
        return asked
    return replace(asked, job=asked.workstation, workstation=None, states=())


# -- one job ---------------------------------------------------------------------------------


async def job_status(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    assert asked.job is not None
    lookup: JobLookup = await tools(
        "get_job_status", job=asked.job, job_stream=asked.stream, workstation=asked.workstation
    )
    if lookup.job is None:
        return await missing_job(request, tools, lookup)
    job, tz = lookup.job, zone(lookup)
    head = f"**{job.name}** ({job.full_name}, workstation {job.workstation}): **{job.state}**"
    details: list[str] = []
    if job.return_code is not None and job.state not in ("EXEC",):
        details.append(f"rc {job.return_code}")
    if job.abend_code:
        details.append(f"abend {job.abend_code}")
    if job.start:
        details.append(request.say("início ", "started ") + when(job.start, tz, date=True))
    if job.end:
        details.append(request.say("fim ", "ended ") + when(job.end, tz, date=True))
    if job.duration_s is not None:
        details.append(duration(job.duration_s))
    if job.start is None and job.scheduled:
        details.append(request.say("previsto ", "scheduled ") + when(job.scheduled, tz, date=True))
    text = head + (" — " + ", ".join(details) if details else "") + "."
    if job.state == "EXEC" and lookup.now is not None:
        expected = await running_expectation(tools, job, lookup.now)
        if expected is not None:
            text += "\n" + expectation_sentence(request, job, expected, tz)
    elif job.start is None and job.end is None and asked.mentions("eta"):
        estimate: FinishEstimate = await tools("finish_estimate", job=job.name)
        sentence = finish_sentence(request, estimate)
        if sentence:
            text += "\n" + sentence
    waits = waits_sentence(request, lookup)
    if waits:
        text += "\n" + waits
    if lookup.earlier:  # "o que tinha dado nele?": the runs the rerun replaced
        told = [
            f"{run.state}"
            + (f", rc {run.return_code}" if run.return_code is not None else "")
            + request.say(" às ", " at ")
            + when(run.end or run.start, tz, date=True)
            for run in lookup.earlier[:3]
        ]
        reruns = plural(job.rerun_count or len(lookup.earlier), "vez", "vezes")
        text += "\n" + request.say(
            f"Reexecutado {reruns}; antes: " + "; ".join(told) + ".",
            f"Rerun {plural(job.rerun_count or len(lookup.earlier), 'time', 'times')}; before: "
            + "; ".join(told)
            + ".",
        )
    if job.state in ("ABEND", "FAIL"):
        text += "\n" + request.say(
            f"Para a causa, pergunte: “por que o {job.name} abendou?”",
            f"For the cause, ask: “why did {job.name} abend?”",
        )
    card = CardPart(
        title=job.full_name,
        fields={
            request.say("estado", "state"): job.state,
            "rc": job.return_code,
            "workstation": job.workstation,
            request.say("início", "start"): when(job.start, tz, date=True),
            request.say("fim", "end"): when(job.end, tz, date=True),
            request.say("duração", "duration"): duration(job.duration_s),
            request.say("aguarda", "waiting for"): [
                describe_wait(w, request.language, zone(lookup)) for w in lookup.waits_on
            ],
        },
        tone="error" if job.state in ("ABEND", "FAIL") else "ok" if job.state == "SUCC" else "info",
    )
    return HandlerReply(text, [card])


async def jobs_status(
    request: HandlerRequest, tools: Toolbox, asked: Asked, names: list[str]
) -> HandlerReply:
    """Several jobs named in one question: each one's state and wait, in the order named."""
    replies = [await job_status(request, tools, replace(asked, job=name)) for name in names]
    return HandlerReply(
        "\n\n".join(reply.answer for reply in replies),
        [part for reply in replies for part in reply.parts],
    )


async def job_dependencies(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    assert asked.job is not None
    lookup: JobLookup = await tools(
        "get_job_dependencies",
        job=asked.job,
        job_stream=asked.stream,
        workstation=asked.workstation,
    )
    if lookup.job is None:
        return await missing_job(request, tools, lookup)
    job = lookup.job
    if job.state == "EXEC":  # "ta dentro do esperado?": the run against its history
        return await job_status(request, tools, asked)
    lines = [f"**{job.name}** ({job.full_name}): **{job.state}**."]
    if lookup.waits_on:
        lines.append(waits_sentence(request, lookup))
    elif job.state in ("SUCC", "ABEND", "FAIL", "CANCL", "EXEC"):
        lines.append(request.say("Não espera nada: já rodou.", "It waits for nothing: it ran."))
        if job.state == "EXEC":
            lines[-1] = request.say("Não espera nada: está rodando.", "Waits for nothing: running.")
    else:
        lines.append(
            request.say("Todas as dependências estão satisfeitas.", "All dependencies met.")
        )
    dependents = [f"{d.what} ({d.state})" for d in lookup.dependents]
    if dependents:
        lines.append(
            request.say("Dependem dele: ", "Jobs that depend on it: ")
            + join_names(dependents, request.language)
            + "."
        )
    else:
        lines.append(request.say("Nenhum job depende dele.", "No job depends on it."))
    rows = [
        [
            request.say("aguarda", "waits for"),
            describe_wait(w, request.language, zone(lookup)),
            w.state or "",
        ]
        for w in lookup.waits_on
    ]
    rows += [
        [
            request.say("satisfeita", "met"),
            describe_wait(w, request.language, zone(lookup)),
            w.state or "",
        ]
        for w in lookup.satisfied
    ]
    rows += [
        [request.say("dependente", "dependent"), d.what, d.state or ""] for d in lookup.dependents
    ]
    table = TablePart(
        title=request.say(f"Dependências de {job.name}", f"Dependencies of {job.name}"),
        columns=[
            request.say("relação", "relation"),
            request.say("o quê", "what"),
            request.say("estado", "state"),
        ],
        rows=rows,
    )
    return HandlerReply("\n".join(lines), [table])


# -- lists -----------------------------------------------------------------------------------


async def stream_finish(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    """When the job stream should be done, before its own state and jobs."""
    estimate: FinishEstimate = await tools("finish_estimate", job_stream=asked.stream)
    reply = await stream_status(request, tools, asked)
    sentence = finish_sentence(request, estimate)
    if sentence:
        reply.answer = sentence + "\n" + reply.answer
    return reply


async def stream_status(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    """A job stream's own state and why, before the list of its jobs."""
    result = await asked_jobs(tools, asked)
    reply = await job_list(request, tools, asked, result)
    streams: list[StreamRow] = await tools("list_job_streams", job_stream=asked.stream)
    if len(streams) != 1:
        return reply
    stream = streams[0]
    counts = ", ".join(f"{n} {state}" for state, n in sorted(stream.jobs_by_state.items()))
    head = f"**{stream.name}** ({stream.workstation}): **{stream.state}**"
    head += f" — {stream.job_count} jobs ({counts})"
    failed = [job.name for job in result.jobs if job.state in ("ABEND", "FAIL")]
    if stream.state in ("STUCK", "ABEND") and failed:
        names = join_names(failed, request.language)
        head += request.say(
            f". Parado porque {names} falhou e os jobs seguintes esperam por ele",
            f". Stopped because {names} failed and the jobs after it wait for it",
        )
    reply.answer = head + ".\n" + reply.answer
    return reply


# -- workstations and the plan ----------------------------------------------------------------


def overview_problems(request: HandlerRequest, overview: PlanOverview) -> list[str]:
    problems: list[str] = []
    if overview.failed_jobs:
        names = [f"{j.name} ({j.state})" for j in overview.failed_jobs]
        problems.append(request.say("falhas: ", "failures: ") + join_names(names, request.language))
    if overview.late_jobs:
        problems.append(
            request.say("atrasados: ", "late: ")
            + join_names([j.name for j in overview.late_jobs], request.language)
        )
    return problems + standing_problems(request, overview)


def standing_problems(request: HandlerRequest, overview: PlanOverview) -> list[str]:
    """Unanswered prompts, STUCK streams and unavailable workstations, one line each."""
    groups: list[tuple[str, str, list[str]]] = [
        ("prompts sem resposta: ", "prompts waiting: ", [j.name for j in overview.prompts_waiting]),
        ("job streams STUCK: ", "STUCK job streams: ", [s.name for s in overview.stuck_streams]),
        (
            "workstations indisponíveis: ",
            "unavailable workstations: ",
            [w.name for w in overview.unavailable_workstations],
        ),
    ]
    return [
        request.say(pt, en) + join_names(names, request.language)
        for pt, en, names in groups
        if names
    ]


async def plan_status(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    overview: PlanOverview = await tools("plan_overview")
    tz = zone(overview)
    counts = ", ".join(f"{n} {s}" for s, n in overview.jobs_by_state.items())
    start, end = when(overview.plan_start, tz, date=True), when(overview.plan_end, tz, date=True)
    text = request.say(
        f"Plano de {start} a {end} ({overview.time_zone}), agora {when(overview.now, tz)}: "
        f"{overview.total_jobs} jobs — {counts}.",
        f"Plan from {start} to {end} ({overview.time_zone}), now {when(overview.now, tz)}: "
        f"{overview.total_jobs} jobs — {counts}.",
    )
    problems = overview_problems(request, overview)
    if problems:
        text += "\n" + request.say("Atenção — ", "Attention — ") + "; ".join(problems) + "."
    card = CardPart(
        title=request.say("Plano atual", "Current plan"),
        fields={"jobs": overview.jobs_by_state, "job streams": overview.streams_by_state},
        tone="warn" if problems else "ok",
    )
    parts: list[CardPart | TablePart] = [card]
    if overview.failed_jobs:
        parts.append(
            job_table(overview.failed_jobs, request.say("Falhas", "Failures"), request.language, tz)
        )
    return HandlerReply(text, list(parts))
