"""'e o log dele?', 'log completo do X': the job's whole log, not its diagnosis again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import LogPart
from resync.plan.names import job_name
from resync.plan.reading import plan_zone
from resync.plan.text import when
from resync.tws.models import JobInstance

if TYPE_CHECKING:
    from resync.answers.steps import Steps

MAX_LOG_LINES = 400  # what the log tool returns at most, counted from the end


def asks_for_the_log(request: HandlerRequest) -> bool:
    """The message asks to see the log, not why the job failed."""
    return request.classification.mentions("job_log") and not request.classification.mentions("why")


async def whole_log(request: HandlerRequest, steps: Steps, job: JobInstance) -> HandlerReply:
    log = await steps.tool("fetch_log", "get_job_log", job=job.id, max_lines=MAX_LOG_LINES)
    lines = str(log["log"]).splitlines()
    total, first = int(log["total_lines"]), int(log["first_line"])
    zone = await plan_zone(steps.tws)
    ended = when(job.end_time or job.start_time, zone, date=True)
    rc = f", rc {job.return_code}" if job.return_code is not None else ""
    head = request.say(
        f"Log do **{job.name}** ({job_name(job)}, {job.state.value}{rc}, {ended}): {total} linhas.",
        f"Log of **{job.name}** ({job_name(job)}, {job.state.value}{rc}, {ended}): {total} lines.",
    )
    if log["truncated"]:
        head += " " + request.say(
            f"Mostrando as últimas {len(lines)} (a partir da linha {first}); o início está "
            "no stdlist do job no HWA.",
            f"Showing the last {len(lines)} (from line {first}); the beginning is in the "
            "job's stdlist in HWA.",
        )
    part = LogPart(
        title=request.say(f"Log do {job.name}", f"{job.name} log"),
        job_id=job.id,
        lines=lines,
        first_line=first,
    )
    return steps.reply(head, [part])
