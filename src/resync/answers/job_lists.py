"""Lists of jobs by state, window, stream, workstation or platform ("quais jobs abendaram
hoje?", "o que falhou no mainframe nas últimas 2h?"), with their title and sentence."""

from __future__ import annotations

from collections import Counter

from resync.answers.names import missing_stream
from resync.answers.toolbox import PLATFORMS, Asked, Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import Part
from resync.plan.schemas import JobListResult, WorkstationRow
from resync.plan.text import MAX_ROWS_IN_TEXT, job_table, join_names, plural


def list_title(request: HandlerRequest, result: JobListResult) -> str:
    states = result.filters.get("state") or []
    where = [f"{k.replace('_', ' ')} {v}" for k, v in result.filters.items() if k != "state"]
    scope = " ".join([", ".join(states) if states else request.say("jobs", "jobs"), *where])
    return f"{scope} — {result.window.label}"


def list_sentence(request: HandlerRequest, result: JobListResult) -> str:
    states = result.filters.get("state") or []
    state_text = "/".join(states)
    place = []
    if result.filters.get("workstation"):
        place.append(request.say("no ", "on ") + result.filters["workstation"])
    if result.filters.get("job_stream"):
        place.append(request.say("no ", "in ") + result.filters["job_stream"])
    if result.filters.get("name"):
        place.append(request.say("com nome ", "named ") + result.filters["name"])
    where = (" " + " ".join(place)) if place else ""
    window = result.window.label
    if result.total == 0:
        what = request.say(f"job em {state_text}", f"jobs in {state_text}") if states else "job"
        return request.say(f"Nenhum {what}{where} ({window}).", f"No {what}{where} ({window}).")
    names = join_names([j.name for j in result.jobs], request.language)
    if states:
        head = request.say(
            f"{window.capitalize()}: {plural(result.total, 'job', 'jobs')} em {state_text}{where}",
            f"{window.capitalize()}: {plural(result.total, 'job', 'jobs')} in {state_text}{where}",
        )
    else:
        counts = ", ".join(f"{n} {s}" for s, n in result.by_state.items())
        head = request.say(
            f"{window.capitalize()}: {plural(result.total, 'job', 'jobs')}{where} ({counts})",
            f"{window.capitalize()}: {plural(result.total, 'job', 'jobs')}{where} ({counts})",
        )
    if result.total <= MAX_ROWS_IN_TEXT:
        return f"{head}: {names}."
    return head + "."


async def platform_workstations(tools: Toolbox, asked: Asked) -> list[str]:
    """The workstations of the platform a list names ("do mainframe", "on windows"), none
    when it names no platform or names a workstation."""
    if asked.workstation:
        return []
    systems = {os for topic, os in PLATFORMS.items() if asked.mentions(topic)}
    if not systems:
        return []
    found: list[WorkstationRow] = await tools("list_workstations")
    return [ws.name for ws in found if ws.os.upper() in systems]


async def asked_jobs(
    tools: Toolbox, asked: Asked, states: list[str] | None = None
) -> JobListResult:
    states = states if states is not None else list(asked.states) or None
    places: list[str | None] = [*await platform_workstations(tools, asked)] or [asked.workstation]
    results: list[JobListResult] = [
        await tools(
            "list_jobs",
            state=states,
            job_stream=asked.stream,
            workstation=place,
            window=asked.window,
            limit=200,
        )
        for place in places
    ]
    if len(results) == 1:
        return results[0]
    merged = results[0].model_copy(deep=True)
    merged.filters["workstation"] = ", ".join(str(place) for place in places)
    merged.jobs = [job for result in results for job in result.jobs]
    merged.total = sum(result.total for result in results)
    merged.by_state = dict(sum((Counter(result.by_state) for result in results), Counter()))
    return merged


async def job_list(
    request: HandlerRequest, tools: Toolbox, asked: Asked, result: JobListResult | None = None
) -> HandlerReply:
    result = result or await asked_jobs(tools, asked)
    if not result.total and asked.stream:
        missing = await missing_stream(request, tools, asked.stream)
        if missing is not None:
            return missing
    text = list_sentence(request, result)
    listed = list(result.jobs)
    if result.filters.get("state") == ["ABEND"]:  # a FAIL job failed too, on the same filters
        failed = await asked_jobs(tools, asked, ["FAIL"])
        listed += failed.jobs
        if failed.total:
            text += (
                "\n"
                + request.say(
                    f"Além disso, {plural(failed.total, 'job', 'jobs')} em FAIL "
                    "(não chegou a rodar): ",
                    f"Also {plural(failed.total, 'job', 'jobs')} in FAIL (could not launch): ",
                )
                + join_names([j.name for j in failed.jobs], request.language)
                + "."
            )
    if asked.mentions("streams") and not asked.stream and listed:
        by_stream = Counter(job.job_stream for job in listed)
        streams = ", ".join(f"{name} ({count})" for name, count in by_stream.most_common())
        text += "\n" + request.say(
            f"Por job stream ({len(by_stream)}): {streams}.",
            f"By job stream ({len(by_stream)}): {streams}.",
        )
    parts: list[Part] = []
    if result.total:
        parts.append(
            job_table(
                result.jobs,
                list_title(request, result),
                request.language,
                zone(result),
                total=result.total,
                date=result.window.name not in ("plan", "today", "last_hour"),
            )
        )
    return HandlerReply(text, parts)
