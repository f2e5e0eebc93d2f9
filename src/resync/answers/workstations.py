"""What holds jobs up that is not a job: a workstation (its jobs still to run), a resource."""

from __future__ import annotations

from resync.answers.toolbox import Toolbox, zone
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.plan.schemas import JobListResult, ResourceUse, WorkstationRow
from resync.plan.text import job_table, join_names, plural

SHOWN_NAMES = 10


def asks_what_it_holds(request: HandlerRequest) -> bool:
    """The question is about the jobs waiting on a workstation, not its own state."""
    return request.classification.mentions("impact") or request.classification.mentions(
        "dependencies"
    )


async def workstation_holds(request: HandlerRequest, tools: Toolbox, name: str) -> HandlerReply:
    """The jobs of workstation ``name`` that have not started: when it is down or full,
    they are what it holds up."""
    found: list[WorkstationRow] = await tools("list_workstations", name=name)
    waiting: JobListResult = await tools(
        "list_jobs", state=["WAITING"], workstation=name, limit=200
    )
    ws = found[0] if found else None
    down = ws is not None and not ws.available
    if not waiting.total:
        return HandlerReply(
            request.say(
                f"0 jobs esperando na workstation {name}: nenhum job por rodar depende dela.",
                f"0 jobs waiting on workstation {name}: no job still to run depends on it.",
            )
        )
    jobs = plural(waiting.total, "job", "jobs")
    names = join_names([j.name for j in waiting.jobs], request.language, SHOWN_NAMES)
    if down:
        text = request.say(
            f"A workstation **{name}** está indisponível e prende **{jobs}** que ainda não "
            f"rodaram: {names}. Eles só começam quando ela voltar (link e jobman).",
            f"Workstation **{name}** is unavailable and holds up **{jobs}** that have not run "
            f"yet: {names}. They start only once it is back (link and jobman).",
        )
    else:
        text = request.say(
            f"Na workstation **{name}** há **{jobs}** ainda por rodar: {names}.",
            f"Workstation **{name}** has **{jobs}** still to run: {names}.",
        )
    title = request.say(f"Jobs presos em {name}", f"Jobs held up on {name}")
    table = job_table(waiting.jobs, title, request.language, zone(waiting), total=waiting.total)
    return HandlerReply(text, [table])


async def resource_use(request: HandlerRequest, tools: Toolbox, name: str) -> HandlerReply:
    """'Quem está usando o recurso TAPE_DRV?': the running jobs holding it, who waits."""
    use: ResourceUse = await tools("get_resource", resource=name)
    if use.holders:
        holders = join_names(use.holders, request.language)
        text = request.say(
            f"O recurso **{use.resource}** está em uso por {holders} (em execução).",
            f"Resource **{use.resource}** is held by {holders} (running).",
        )
    else:
        text = request.say(
            f"Nenhum job em execução está usando o recurso **{use.resource}** agora.",
            f"No running job holds resource **{use.resource}** right now.",
        )
    if use.waiting:
        waiting = join_names(use.waiting, request.language, SHOWN_NAMES)
        text += " " + request.say(f"Esperam por ele: {waiting}.", f"Waiting for it: {waiting}.")
    return HandlerReply(text)
