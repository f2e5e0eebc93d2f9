"""A diagnosis asked about a job that has not failed: waiting (on what), running, or done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from resync.answers.diagnosis import Diagnosis, history_sentence
from resync.answers.eta import expectation_sentence, running_expectation
from resync.answers.toolbox import Toolbox
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import CardPart
from resync.plan.chains import Blocker, blocking_roots
from resync.plan.lookup import FAILED_STATES
from resync.plan.names import job_name
from resync.plan.reading import plan_clock
from resync.plan.schemas import JobRow
from resync.tws.models import Dependency, DependencyKind, JobInstance, JobState

if TYPE_CHECKING:
    from resync.answers.steps import Steps

WAITING_STATES = (
    JobState.HOLD,
    JobState.WAIT,
    JobState.READY,
    JobState.SCHED,
    JobState.INTRO,
    JobState.FENCE,
)


async def render_not_failed(
    request: HandlerRequest, steps: Steps, job: JobInstance, diagnosis: Diagnosis
) -> HandlerReply:
    label = job_name(job)
    start, end = diagnosis.when(job.start_time), diagnosis.when(job.end_time)
    head = [*diagnosis.notes]
    card = CardPart(
        title=job.name,
        fields={
            "job": label,
            "state": job.state.value,
            "return_code": job.return_code,
            "start": start,
            "end": end,
        },
        tone="ok" if job.state is JobState.SUCC else "info",
    )
    if job.state in WAITING_STATES or job.held:
        pending = job.pending_dependencies
        if not pending and not job.held:
            tws = steps.tws
            found = await steps.run("dependencies", lambda: tws.predecessors(job.id))
            pending = [dep for dep in found if not dep.satisfied]
        roots = await steps.run("chain", lambda: blocking_roots(steps.tws, job))
        own = [root for root in roots if not root.path]
        head.append(_waiting(request, job, label, pending, own))
        head += [_root(request, job, root) for root in _deeper(roots)[:3]]
        card.tone = "warn"
    elif job.state is JobState.EXEC:
        head.append(
            request.say(
                f"O job **{job.name}** ({label}) está em execução (EXEC) desde "
                f"{start}; ainda não há falha para diagnosticar.",
                f"Job **{job.name}** ({label}) is running (EXEC) since {start}; "
                "there is no failure to diagnose yet.",
            )
        )
        expected = await steps.run("expectation", lambda: _expectation(request, steps, job))
        if expected:  # "is it hung or is that expected?": the run against its history
            head.append(expected)
    elif job.state is JobState.SUCC:
        head.append(
            request.say(
                f"O job **{job.name}** ({label}) terminou com sucesso (SUCC, rc "
                f"{job.return_code or 0}) às {end}; não há falha a diagnosticar.",
                f"Job **{job.name}** ({label}) ended successfully (SUCC, rc "
                f"{job.return_code or 0}) at {end}; no failure to diagnose.",
            )
        )
    else:
        head.append(
            request.say(
                f"O job **{job.name}** ({label}) está em **{job.state.value}** "
                f"(início {start}, fim {end}).",
                f"Job **{job.name}** ({label}) is in **{job.state.value}** "
                f"(started {start}, ended {end}).",
            )
        )
    if diagnosis.earlier:
        head.append(history_sentence(request, diagnosis))
    return steps.reply("\n\n".join(head), [card])


async def _expectation(request: HandlerRequest, steps: Steps, job: JobInstance) -> str:
    """The run so far against the job's estimate and history ("" without either)."""
    row = JobRow.of(job)
    clock = await plan_clock(steps.tws)
    expected = await running_expectation(Toolbox(request, steps.registry), row, clock.now)
    if expected is None:
        return ""
    return expectation_sentence(request, row, expected, clock.zone)


def _waiting(
    request: HandlerRequest,
    job: JobInstance,
    label: str,
    pending: list[Dependency],
    own: list[Blocker],
) -> str:
    """What the job itself waits on; ``own``: the roots found at the job (no path)."""
    held_by = {r.dependency.detail: r.holders for r in own if r.kind == "resource" and r.dependency}
    full = next((r for r in own if r.kind == "limit"), None)
    lines = [
        request.say(
            f"O job **{job.name}** ({label}) está em **{job.state.value}** e não falhou: "
            "está esperando.",
            f"Job **{job.name}** ({label}) is in **{job.state.value}** and has not failed: "
            "it is waiting.",
        )
    ]
    if job.held:
        lines.append(
            request.say(
                f"- Está retido por hold manual: precisa de release (“libere o {job.name}” "
                "cria um pedido de aprovação).",
                f"- It is held manually and needs a release (“release {job.name}” creates an "
                "approval request).",
            )
        )
    lines += [f"- {_dependency(request, dep, held_by.get(dep.detail, ()))}" for dep in pending]
    if full is not None:
        lines.append(f"- {_full(request, job, full.holders)}")
    elif not pending and not job.held:
        lines.append(
            request.say(
                "- Nenhuma dependência pendente; o job deve ser lançado assim que a workstation "
                "tiver capacidade (limit/fence).",
                "- No pending dependency; it should launch as soon as the workstation has room "
                "(limit/fence).",
            )
        )
    failed = [dep for dep in pending if dep.state in FAILED_STATES and dep.job_name]
    if failed:
        name = failed[0].job_name
        lines.append(
            request.say(
                f"\nO bloqueio vem do predecessor **{name}** em {failed[0].state}: pergunte "
                f"“por que o {name} falhou?”.",
                f"\nThe block comes from predecessor **{name}** in {failed[0].state}: ask "
                f"“why did {name} fail?”.",
            )
        )
    return "\n".join(lines)


def _deeper(roots: list[Blocker]) -> list[Blocker]:
    """The roots further up than the job's own waits (those are listed already)."""
    return [
        r
        for r in roots
        if r.depth >= 2 or (r.depth == 1 and r.kind != "failed") or r.kind == "workstation"
    ]


def _root(request: HandlerRequest, job: JobInstance, root: Blocker) -> str:
    chain = " → ".join(root.path)
    at = root.job.name
    if root.kind == "failed":
        rc = f", rc {root.job.return_code}" if root.job.return_code is not None else ""
        pt = f"a raiz é **{at}** em {root.job.state.value}{rc}"
        en = f"the root is **{at}** in {root.job.state.value}{rc}"
    elif root.kind == "held":
        pt, en = f"a raiz é **{at}**, retido por hold manual", f"the root is **{at}**, held"
    elif root.kind == "limit":
        names = ", ".join(root.holders) or "?"
        pt = f"**{at}** espera vaga na workstation {root.job.workstation}, no limite ({names})"
        en = f"**{at}** waits for room on workstation {root.job.workstation}, full ({names})"
    elif root.kind == "workstation":
        pt = f"**{at}** roda na workstation {root.job.workstation}, indisponível"
        en = f"**{at}** runs on workstation {root.job.workstation}, which is unavailable"
    else:
        dep = root.dependency
        wait = _dependency(request, dep, root.holders) if dep is not None else root.kind
        pt, en = f"a raiz é {wait} (de {at})", f"the root is {wait} (of {at})"
    if not root.path:
        return request.say(f"Além disso, {pt}.", f"Also, {en}.")
    return request.say(
        f"Na cadeia: {job.name} espera {chain}; {pt}.",
        f"Up the chain: {job.name} waits on {chain}; {en}.",
    )


def _full(request: HandlerRequest, job: JobInstance, holders: tuple[str, ...]) -> str:
    names = ", ".join(holders) or "?"
    return request.say(
        f"A workstation {job.workstation} está no limite de jobs simultâneos, ocupada por "
        f"{names}: o {job.name} é lançado quando um deles terminar (ou se o limit subir).",
        f"Workstation {job.workstation} is at its job limit, filled by {names}: {job.name} "
        "launches when one of them ends (or the limit is raised).",
    )


def _dependency(request: HandlerRequest, dep: Dependency, holders: tuple[str, ...] = ()) -> str:
    if dep.kind is DependencyKind.FOLLOWS:
        state = dep.state.value if dep.state else "?"
        other = f"{dep.job_stream}.{dep.job_name}" if dep.job_stream else str(dep.job_name)
        return request.say(
            f"predecessor {other} ({dep.workstation}) em {state}",
            f"predecessor {other} ({dep.workstation}) in {state}",
        )
    if dep.kind is DependencyKind.RESOURCE:
        if holders:
            names = ", ".join(holders)
            return request.say(
                f"recurso {dep.detail} ocupado por {names} (em execução)",
                f"resource {dep.detail} held by {names} (running)",
            )
        return request.say(
            f"recurso {dep.detail} indisponível", f"resource {dep.detail} unavailable"
        )
    if dep.kind is DependencyKind.PROMPT:
        return request.say(
            f"prompt sem resposta: “{dep.detail}”", f"unanswered prompt: “{dep.detail}”"
        )
    if dep.kind is DependencyKind.FILE:
        return request.say(
            f"arquivo ainda não existe: {dep.detail}", f"file not there yet: {dep.detail}"
        )
    return request.say(f"horário de início (at) {dep.detail}", f"start time (at) {dep.detail}")
