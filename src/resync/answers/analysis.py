"""Analysis answers from run history: one job's durations, which jobs got slower, day vs day."""

from __future__ import annotations

from dataclasses import dataclass

from resync.answers.eta import expectation_sentence
from resync.answers.rankings import answer_ranking, asks_ranking
from resync.answers.toolbox import Asked, Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.plan.eta import expect_run
from resync.plan.schemas import (
    DurationTrendsResult,
    JobHistoryResult,
    JobListResult,
    JobLookup,
)
from resync.plan.text import duration, join_names, plural, when


def pct(value: float | None, language: str) -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}%"
    return text if language == "en" else text.replace(".", ",")


async def answer_analysis(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    asked = Asked.of(request)
    if asks_ranking(request) and not asked.job:
        return await answer_ranking(request, tools)
    if asked.mentions("comparison") and asked.mentions("yesterday"):
        return await compare_days(request, tools)
    if asked.job:
        lookup: JobLookup = await tools("get_job_status", job=asked.job)
        window = asked.window if asked.window not in (None, "plan", "today") else "last_7_days"
        history: JobHistoryResult = await tools("job_history", job=asked.job, window=window)
        reply = job_durations(request, history)
        running = running_now(request, lookup, history)
        if running:
            reply.answer = running + "\n\n" + reply.answer
        return reply
    return await duration_changes(request, tools, asked)


def running_now(request: HandlerRequest, lookup: JobLookup, history: JobHistoryResult) -> str:
    """For a job running now, its run so far against its history ("is it taking long?")."""
    row = lookup.job
    if row is None or row.state != "EXEC" or lookup.now is None:
        return ""
    expected = expect_run(row, history, lookup.now)
    if expected is None:
        return ""
    head = f"**{row.name}** ({row.full_name}): **EXEC**. "
    return head + expectation_sentence(request, row, expected, zone(lookup))


def job_durations(request: HandlerRequest, history: JobHistoryResult) -> HandlerReply:
    tz, label = zone(history), history.window.label
    if not history.count:
        return HandlerReply(
            request.say(
                f"Não há execuções concluídas de {history.job} em {label}.",
                f"There are no completed runs of {history.job} in the {label}.",
            )
        )
    trend = history.trend_pct
    if trend is None or abs(trend) < 10:
        verdict = request.say("estável", "steady")
    elif trend > 0:
        verdict = request.say("ficando mais lento", "getting slower")
    else:
        verdict = request.say("ficando mais rápido", "getting faster")
    last = history.runs[-1]
    text = request.say(
        f"**{history.job}** — {label}: {plural(history.count, 'execução', 'execuções')}, "
        f"duração média **{duration(history.average_s)}** (mín {duration(history.min_s)}, "
        f"máx {duration(history.max_s)}).",
        f"**{history.job}** — {label}: {plural(history.count, 'run', 'runs')}, average "
        f"duration **{duration(history.average_s)}** (min {duration(history.min_s)}, "
        f"max {duration(history.max_s)}).",
    )
    if trend is not None:
        text += request.say(
            f" Tendência {pct(trend, 'pt')} (2ª metade vs 1ª): {verdict}.",
            f" Trend {pct(trend, 'en')} (second half vs first): {verdict}.",
        )
    if history.failures:
        text += request.say(
            f" {plural(history.failures, 'falha', 'falhas')} no período.",
            f" {plural(history.failures, 'failure', 'failures')} in the period.",
        )
    text += request.say(
        f" Última: {when(last.start, tz, date=True)}, {duration(last.duration_s)} ({last.state}).",
        f" Last: {when(last.start, tz, date=True)}, {duration(last.duration_s)} ({last.state}).",
    )
    table = TablePart(
        title=request.say(f"Execuções de {history.job}", f"Runs of {history.job}"),
        columns=[
            request.say("dia do plano", "plan day"),
            request.say("início", "start"),
            request.say("fim", "end"),
            request.say("duração", "duration"),
            request.say("estado", "state"),
            "rc",
        ],
        rows=[
            [
                run.plan,
                when(run.start, tz, date=True),
                when(run.end, tz, date=True),
                duration(run.duration_s),
                run.state,
                "" if run.return_code is None else run.return_code,
            ]
            for run in history.runs
        ],
    )
    return HandlerReply(text, [table])


async def duration_changes(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    direction = "faster" if asked.mentions("faster") else "slower"
    window = asked.window if asked.window in ("last_30_days", "this_week") else "last_7_days"
    result: DurationTrendsResult = await tools(
        "duration_trends", window=window, direction=direction, job_stream=asked.stream, top=10
    )
    label = result.window.label
    adjective = request.say(
        "mais lentos" if direction == "slower" else "mais rápidos",
        "slower" if direction == "slower" else "faster",
    )
    if not result.jobs:
        return HandlerReply(
            request.say(
                f"Nenhum job ficou {adjective} em {label} ({result.jobs_compared} comparados).",
                f"No job got {adjective} in the {label} ({result.jobs_compared} compared).",
            )
        )
    items = [
        f"{t.job} ({pct(t.change_pct, request.language)}: {duration(t.first_average_s)} → "
        f"{duration(t.last_average_s)})"
        for t in result.jobs[:5]
    ]
    text = request.say(
        f"Jobs que mais ficaram {adjective.removeprefix('mais ')} em {label} (média dos últimos "
        f"dias vs primeiros; {result.jobs_compared} jobs em {result.plan_days} dias de plano "
        f"com histórico): {join_names(items, 'pt')}.",
        f"Jobs that got {adjective} the most over the {label} (average of the last days vs the "
        f"first; {result.jobs_compared} jobs over {result.plan_days} plan days of history): "
        f"{join_names(items, 'en')}.",
    )
    table = TablePart(
        title=request.say(
            f"Jobs {adjective} — {label}", f"{adjective.capitalize()} jobs — {label}"
        ),
        columns=[
            "job",
            "job stream",
            request.say("média inicial", "first average"),
            request.say("média recente", "recent average"),
            request.say("variação", "change"),
            request.say("execuções", "runs"),
        ],
        rows=[
            [
                t.job,
                t.job_stream,
                duration(t.first_average_s),
                duration(t.last_average_s),
                pct(t.change_pct, request.language),
                t.runs,
            ]
            for t in result.jobs
        ],
    )
    return HandlerReply(text, [table])


@dataclass(frozen=True)
class DayFigures:
    total: int
    succ: int
    failed: list[str]
    average_s: float | None

    @classmethod
    def of(cls, result: JobListResult) -> DayFigures:
        done = [j.duration_s for j in result.jobs if j.state == "SUCC" and j.duration_s]
        failed = sorted(j.name for j in result.jobs if j.state in ("ABEND", "FAIL", "ERROR"))
        average = sum(done) / len(done) if done else None
        return cls(result.total, result.by_state.get("SUCC", 0), failed, average)


async def compare_days(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    today: JobListResult = await tools("list_jobs", window="today", limit=5000)
    before: JobListResult = await tools("list_jobs", window="yesterday", limit=5000)
    now, then = DayFigures.of(today), DayFigures.of(before)
    new_failures = sorted(set(now.failed) - set(then.failed))
    text = request.say(
        f"Ontem (dia inteiro): {then.total} jobs, {then.succ} SUCC, {len(then.failed)} com "
        f"falha. Hoje (plano atual, até agora): {now.total} jobs, {now.succ} SUCC, "
        f"{len(now.failed)} com falha.",
        f"Yesterday (whole day): {then.total} jobs, {then.succ} SUCC, {len(then.failed)} "
        f"failed. Today (current plan, so far): {now.total} jobs, {now.succ} SUCC, "
        f"{len(now.failed)} failed.",
    )
    if new_failures:
        text += (
            "\n"
            + request.say("Falharam hoje e não ontem: ", "Failed today but not yesterday: ")
            + join_names(new_failures, request.language)
            + "."
        )
    table = TablePart(
        title=request.say("Ontem × hoje", "Yesterday vs today"),
        columns=[
            request.say("indicador", "figure"),
            request.say("ontem", "yesterday"),
            request.say("hoje", "today"),
        ],
        rows=[
            ["jobs", then.total, now.total],
            ["SUCC", then.succ, now.succ],
            [request.say("com falha", "failed"), len(then.failed), len(now.failed)],
            [
                request.say("duração média (SUCC)", "average duration (SUCC)"),
                duration(then.average_s),
                duration(now.average_s),
            ],
            [
                request.say("falhas", "failures"),
                ", ".join(then.failed) or "—",
                ", ".join(now.failed) or "—",
            ],
        ],
    )
    return HandlerReply(text, [table])
