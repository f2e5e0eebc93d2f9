"""A diagnosis without a job named ("o que falhou na última hora?", "os abends do
mainframe"): the failed jobs of the window and places asked, and which one to look at."""

from __future__ import annotations

from resync.answers.diagnosis import Diagnosis
from resync.answers.steps import Steps
from resync.answers.toolbox import PLATFORMS
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.plan.lookup import failed_jobs
from resync.plan.names import job_name
from resync.plan.reading import plan_clock, plan_zone
from resync.plan.windows import TimeWindow, window_for
from resync.tws.client import HWAClient
from resync.tws.models import JobInstance


async def ask_which(
    request: HandlerRequest,
    steps: Steps,
    jobs: list[JobInstance] | None,
    diagnosis: Diagnosis,
) -> HandlerReply:
    """No job named: which jobs are failed now (``jobs``: those already found), and which
    one to look at."""
    tws = steps.tws
    window = None
    places: list[str] = []
    if jobs is None:
        jobs = await steps.run("list_failed", lambda: failed_jobs(tws))
        window = await _asked_window(request, tws)
        places = await _asked_places(request, tws)
        if places:  # "what failed on AGT01?", "os abends do mainframe"
            jobs = [job for job in jobs if job.workstation in places]
    diagnosis.zone = await plan_zone(tws)
    notes = "\n\n".join(diagnosis.notes)
    prefix = f"{notes}\n\n" if notes else ""
    if window is not None:
        inside = [job for job in jobs if window.contains(job.end_time or job.start_time)]
        if not inside:
            return steps.reply(prefix + _none_in_window(request, window, jobs, diagnosis))
        jobs = inside
    if not jobs and places:
        return steps.reply(
            prefix
            + request.say(
                f"Nenhum job em ABEND, FAIL ou ERROR em {', '.join(places)} no plano atual.",
                f"No job is in ABEND, FAIL or ERROR on {', '.join(places)} in the current plan.",
            )
        )
    if not jobs:
        return steps.reply(
            prefix
            + request.say(
                "Não há jobs em ABEND, FAIL ou ERROR no plano atual. Qual job você quer que "
                "eu analise? Por exemplo: “por que o PAYROLL_01 falhou?”.",
                "No job is in ABEND, FAIL or ERROR in the current plan. Which job should I "
                "look at? For example: “why did PAYROLL_01 fail?”.",
            )
        )
    listed = "\n".join(
        f"- **{job.name}** ({job_name(job)}) {job.state.value}"
        + (f", rc {job.return_code}" if job.return_code is not None else "")
        + f", {diagnosis.when(job.end_time or job.start_time)}"
        for job in jobs[:10]
    )
    where_pt = window.label("pt") if window else "no plano atual"
    where_en = window.label("en") if window else "in the current plan"
    if places:
        where_pt += " em " + ", ".join(places)
        where_en += " on " + ", ".join(places)
    more = ""
    if len(jobs) > 10:
        more = request.say(
            f"\n…e mais {len(jobs) - 10} na tabela.",
            f"\n…and {len(jobs) - 10} more in the table.",
        )
    answer = prefix + request.say(
        f"Qual job você quer que eu analise? Com falha {where_pt} ({len(jobs)}):\n"
        f"{listed}{more}\n\nPor exemplo: “por que o {jobs[0].name} falhou?”.",
        f"Which job should I look at? Failed {where_en} ({len(jobs)}):\n"
        f"{listed}{more}\n\nFor example: “why did {jobs[0].name} fail?”.",
    )
    table = TablePart(
        title=request.say("Jobs com falha", "Failed jobs"),
        columns=["job", "job stream", "workstation", "state", "rc", "end"],
        rows=[
            [
                j.name,
                j.job_stream,
                j.workstation,
                j.state.value,
                j.return_code,
                diagnosis.when(j.end_time),
            ]
            for j in jobs
        ],
        total=len(jobs),
    )
    return steps.reply(answer, [table])


async def _asked_window(request: HandlerRequest, tws: HWAClient) -> TimeWindow | None:
    """The window a message without a job names ("na última hora"), if narrower than the
    current plan."""
    name = request.classification.window
    if name is None:
        return None
    try:
        window = window_for(name, await plan_clock(tws))
    except ValueError:
        return None
    return None if window.whole_current_plan else window


async def _asked_places(request: HandlerRequest, tws: HWAClient) -> list[str]:
    """The workstations a question without a job names: one by name, or those of a
    platform ("no mainframe", "on the windows agent")."""
    found = await tws.list_workstations()
    named = (request.entity("workstation") or "").upper()
    if named:
        return [ws.name for ws in found if ws.name.upper() == named]
    systems = {os for topic, os in PLATFORMS.items() if request.classification.mentions(topic)}
    return [ws.name for ws in found if ws.os.upper() in systems]


def _none_in_window(
    request: HandlerRequest, window: TimeWindow, jobs: list[JobInstance], diagnosis: Diagnosis
) -> str:
    since = diagnosis.when(window.start)
    text = request.say(
        f"Nenhum job falhou na {window.label_pt} (desde {since}).",
        f"No job failed in the {window.label_en} (since {since}).",
    )
    if jobs:
        latest = max(jobs, key=lambda job: str(job.end_time or job.start_time or ""))
        moment = diagnosis.when(latest.end_time or latest.start_time)
        text += request.say(
            f" Antes disso, {len(jobs)} com falha no plano atual; a mais recente: "
            f"{latest.name} ({latest.state.value}) às {moment}.",
            f" Before that, {len(jobs)} failed in the current plan; the latest: "
            f"{latest.name} ({latest.state.value}) at {moment}.",
        )
    return text
