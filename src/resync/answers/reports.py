"""Reports: a table of plan data with CSV and Markdown exports, and the shift summary."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from resync.answers.job_lists import list_sentence, list_title
from resync.answers.status import standing_problems
from resync.answers.toolbox import Asked, Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import ExportPart, Part
from resync.plan.schemas import JobListResult, JobRow, PlanOverview
from resync.plan.text import (
    csv_text,
    job_cells,
    job_columns,
    job_export_rows,
    job_table,
    join_names,
    markdown_table,
    plural,
)

MAX_ROWS_IN_ANSWER = 50


async def answer_report(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    asked = Asked.of(request)
    if asked.mentions("shift") or not (
        asked.states or asked.stream or asked.workstation or asked.mentions("failures")
    ):
        return await shift_summary(request, tools, asked)
    return await jobs_report(request, tools, asked)


def file_stem(result: JobListResult, fallback: str) -> str:
    states = "_".join(s.lower() for s in result.filters.get("state") or []) or fallback
    day = result.window.start.date().isoformat() if result.window.start else "plano"
    scope = [str(v).lower() for k, v in result.filters.items() if k != "state"]
    return "-".join(["resync", states, *scope, result.window.name, day])


async def jobs_report(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    states = list(asked.states)
    if (
        (not states or states == ["ABEND"])
        and asked.mentions("failures")
        and not asked.mentions("abends")
    ):
        states = ["FAILED"]
    result: JobListResult = await tools(
        "list_jobs",
        state=states or None,
        job_stream=asked.stream,
        workstation=asked.workstation,
        window=asked.window or "today",
        limit=5000,
    )
    title = request.say("Relatório: ", "Report: ") + list_title(request, result)
    summary = list_sentence(request, result)
    if not result.total:
        return HandlerReply(summary)
    tz = zone(result)
    table = job_table(result.jobs, title, request.language, tz, total=result.total, date=True)
    parts, csv_content, _ = _exports(request, result.jobs, file_stem(result, "jobs"), title, tz)
    by_state = ", ".join(f"{n} {s}" for s, n in result.by_state.items())
    text = f"**{title}**\n{summary}\n" + request.say("Por estado: ", "By state: ") + by_state + "."
    if asked.mentions("spreadsheet"):
        text += "\n\n```csv\n" + csv_content + "```"
    else:
        shown = result.jobs[:MAX_ROWS_IN_ANSWER]
        text += "\n\n" + markdown_table(
            job_columns(request.language), [job_cells(j, tz, date=True) for j in shown]
        )
    text += "\n\n" + request.say(
        "Exportações anexas: CSV (separador ;) e Markdown.",
        "Attached exports: CSV (; separated) and Markdown.",
    )
    return HandlerReply(text, [table, *parts])


def _exports(
    request: HandlerRequest, jobs: list[JobRow], name: str, title: str, tz: ZoneInfo
) -> tuple[list[Part], str, str]:
    """CSV and Markdown of ``jobs`` as parts, plus the CSV and the Markdown text."""
    columns, data = job_export_rows(jobs)
    csv_content = csv_text(columns, data)
    md_rows = [job_cells(job, tz, date=True) for job in jobs]
    md_content = f"## {title}\n\n" + markdown_table(job_columns(request.language), md_rows) + "\n"
    parts: list[Part] = [
        ExportPart(
            format="csv", filename=f"{name}.csv", media_type="text/csv", content=csv_content
        ),
        ExportPart(
            format="markdown", filename=f"{name}.md", media_type="text/markdown", content=md_content
        ),
    ]
    return parts, csv_content, md_content


async def pending_approvals(tools: Toolbox) -> list[str]:
    approvals = tools.approvals
    if approvals is None:
        return []
    pending = await approvals.list(status="pending", limit=50)
    return [f"#{p.id} {p.action} {p.target}" for p in pending]


async def shift_summary(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    window = asked.window if asked.window not in (None, "plan") else "shift"
    started: JobListResult = await tools("list_jobs", window=window, limit=5000)
    overview: PlanOverview = await tools("plan_overview")
    tz = zone(overview)
    label = started.window.label
    failed_in_window = [j for j in started.jobs if j.state in ("ABEND", "FAIL", "ERROR")]
    running = overview.jobs_by_state.get("EXEC", 0)
    by_state = ", ".join(f"{n} {s}" for s, n in started.by_state.items()) or "—"
    lines = [
        request.say(f"**Resumo do turno — {label}**", f"**Shift summary — {label}**"),
        request.say(
            f"- Iniciados no período: {started.total} jobs ({by_state}).",
            f"- Started in the period: {started.total} jobs ({by_state}).",
        ),
        request.say(
            f"- Falhas no período: {len(failed_in_window)}"
            + (
                ": " + join_names([j.name for j in failed_in_window], "pt")
                if failed_in_window
                else ""
            )
            + ".",
            f"- Failures in the period: {len(failed_in_window)}"
            + (
                ": " + join_names([j.name for j in failed_in_window], "en")
                if failed_in_window
                else ""
            )
            + ".",
        ),
        request.say(
            f"- Em execução agora: {plural(running, 'job', 'jobs')}.",
            f"- Running now: {plural(running, 'job', 'jobs')}.",
        ),
    ]
    open_failures = [f"{j.name} ({j.state})" for j in overview.failed_jobs]
    follow = []
    if open_failures:
        follow.append(
            request.say("falhas sem tratamento: ", "unhandled failures: ")
            + join_names(open_failures, request.language)
        )
    follow += standing_problems(request, overview)
    approvals = await pending_approvals(tools)
    if approvals:
        follow.append(
            request.say("aprovações pendentes: ", "pending approvals: ")
            + join_names(approvals, request.language)
        )
    lines.append(
        request.say("- Para o próximo turno acompanhar: ", "- For the next shift to follow: ")
        + ("; ".join(follow) if follow else request.say("nada pendente", "nothing pending"))
        + "."
    )
    report_jobs = overview.failed_jobs
    title = request.say("Falhas no plano atual", "Failures in the current plan")
    parts: list[Part] = []
    if report_jobs:
        parts.append(job_table(report_jobs, title, request.language, tz, date=True))
        exported, _, md_content = _exports(
            request, report_jobs, f"resync-turno-{started.window.name}", title, tz
        )
        parts += exported
        lines.append("\n" + md_content)
    return HandlerReply("\n".join(lines), parts)
