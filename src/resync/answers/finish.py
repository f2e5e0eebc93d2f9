"""'Quando o JS_X termina?': a job stream's (or a waiting job's) expected end, in words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from resync.contract.handlers import HandlerRequest
from resync.plan.finish import FinishEstimate
from resync.plan.schemas import Wait
from resync.plan.text import join_names, when, zone_of


def _at(estimate: FinishEstimate, value: datetime | None, zone: ZoneInfo) -> str:
    """A time, with its day when it is not the plan's today."""
    now = estimate.now
    if value is None or now is None:
        return when(value, zone, date=True)
    return when(value, zone, date=value.astimezone(zone).date() != now.astimezone(zone).date())


def _blocker(request: HandlerRequest, wait: Wait) -> str:
    if wait.kind == "workstation":
        return request.say(
            f"a workstation {wait.what} está indisponível", f"workstation {wait.what} is down"
        )
    if wait.kind == "limit":
        return request.say(
            f"a workstation {wait.what} está no limite de jobs",
            f"workstation {wait.what} is at its job limit",
        )
    if wait.kind == "held":
        return request.say(f"{wait.what} está em HOLD", f"{wait.what} is on hold")
    if wait.kind == "prompt":
        return request.say(
            f"{wait.what} espera resposta a um prompt", f"{wait.what} waits on a prompt"
        )
    return request.say(f"{wait.what} está em {wait.state}", f"{wait.what} is in {wait.state}")


def finish_sentence(request: HandlerRequest, estimate: FinishEstimate) -> str:
    """'Previsão de término do JS_X: **09:40** (entre 09:10 e 10:25) …'; "" when not found."""
    if not estimate.total:
        return ""
    zone, target = zone_of(estimate.time_zone), estimate.target
    if estimate.ended is not None or estimate.eta is None:
        at = _at(estimate, estimate.ended, zone)
        return request.say(
            f"**{target}** já terminou: o último job terminou às {at}.",
            f"**{target}** has already finished: its last job ended at {at}.",
        )
    eta = _at(estimate, estimate.eta, zone)
    early, late = (_at(estimate, t, zone) for t in (estimate.earliest, estimate.latest))
    spread = (
        request.say(f" (entre {early} e {late})", f" (between {early} and {late})")
        if early != late
        else ""
    )
    last = estimate.last_job.name if estimate.last_job else "—"
    if estimate.total > 1:
        text = request.say(
            f"Previsão de término do **{target}**: **{eta}**{spread} — {estimate.remaining} de "
            f"{estimate.total} jobs ainda por terminar; o último deve ser o {last}.",
            f"**{target}** is expected to finish at **{eta}**{spread} — {estimate.remaining} of "
            f"{estimate.total} jobs still to end; the last should be {last}.",
        )
    else:
        text = request.say(
            f"Previsão de término do **{target}**: **{eta}**{spread}.",
            f"**{target}** is expected to finish at **{eta}**{spread}.",
        )
    if estimate.from_history == estimate.remaining:
        text += " " + request.say(
            "Estimativa pelas execuções anteriores de cada job.",
            "Estimated from each job's earlier runs.",
        )
    else:
        text += " " + request.say(
            f"Estimativa pelas execuções anteriores ({estimate.from_history} de "
            f"{estimate.remaining} jobs; os outros pela estimativa do HWA).",
            f"Estimated from earlier runs ({estimate.from_history} of {estimate.remaining} "
            "jobs; the others from HWA's estimate).",
        )
    if estimate.failed:
        failed = [f"{job.name} ({job.state})" for job in estimate.failed]
        names = join_names(failed, request.language)
        text += "\n" + request.say(
            f"Antes, {names} precisa ser corrigido e reexecutado: a previsão conta o rerun "
            "a partir de agora.",
            f"First {names} must be fixed and rerun: the estimate counts that rerun from now.",
        )
    named = {job.name for job in estimate.failed}
    blockers = [w for w in estimate.blocked_by if not (w.kind == "failed" and w.what in named)]
    if blockers:
        found = "; ".join(_blocker(request, wait) for wait in blockers)
        text += "\n" + request.say(
            f"Só vale depois de resolvido o que trava a cadeia: {found}.",
            f"It holds only once what blocks the chain is cleared: {found}.",
        )
    return text
