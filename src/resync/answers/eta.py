"""A running job in words: its expected end and whether the run so far is normal."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from resync.answers.toolbox import Toolbox
from resync.contract.handlers import HandlerRequest
from resync.plan.eta import RunExpectation, expect_run
from resync.plan.schemas import JobHistoryResult, JobRow
from resync.plan.text import duration, when


async def running_expectation(tools: Toolbox, job: JobRow, now: datetime) -> RunExpectation | None:
    history: JobHistoryResult = await tools("job_history", job=job.name, window="last_30_days")
    return expect_run(job, history, now)


def expectation_sentence(
    request: HandlerRequest, job: JobRow, expected: RunExpectation, zone: ZoneInfo
) -> str:
    """'Previsão de término 07:24 (entre 06:57 e 07:52) …: dentro do normal.'"""
    eta, early, late = (when(t, zone) for t in (expected.eta, expected.earliest, expected.latest))
    elapsed, typical = duration(expected.elapsed_s), duration(expected.expected_s)
    basis = (
        request.say(
            f"pelas últimas {expected.runs} execuções com sucesso",
            f"from its last {expected.runs} successful runs",
        )
        if expected.runs
        else request.say("pela estimativa do HWA", "from HWA's estimate")
    )
    if expected.runs and expected.shortest_s != expected.longest_s:
        spread = request.say(f" (entre {early} e {late})", f" (between {early} and {late})")
    else:
        spread = ""
    if expected.verdict == "long":
        longest = duration(expected.longest_s)
        verdict = request.say(
            f"**mais que o normal**: já passou da execução mais longa ({longest})",
            f"**longer than usual**: past its longest run ({longest})",
        )
        ending = request.say(
            f"A previsão ({eta}) já passou; ainda roda.",
            f"Its expected end ({eta}) has passed; it is still running.",
        )
    else:
        verdict = (
            request.say("dentro do normal", "within its usual range")
            if expected.verdict == "normal"
            else request.say(
                "acima da mediana, mas dentro do que já levou antes",
                "above its median, but within what it has taken before",
            )
        )
        ending = request.say(
            f"Previsão de término: **{eta}**{spread}.", f"Expected to finish at **{eta}**{spread}."
        )
    return request.say(
        f"Rodando há {elapsed}; normalmente leva {typical} ({basis}): {verdict}. {ending}",
        f"Running for {elapsed}; it usually takes {typical} ({basis}): {verdict}. {ending}",
    )
