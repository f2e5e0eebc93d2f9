"""Watches from the chat ("me avise quando o PAYROLL_01 terminar", "quais avisos eu tenho?",
"cancela o aviso do PAYROLL_01") and the active alerts as the alert store holds them."""

from __future__ import annotations

from typing import Any

from resync.answers.status import job_status
from resync.answers.toolbox import Asked, Toolbox
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import TablePart
from resync.errors import ResyncError
from resync.plan.text import plural

FAILED = {"ABEND", "FAIL", "ERROR"}


def _kind(asked: Asked) -> str:
    if FAILED & set(asked.states) or (asked.stream and not asked.job):
        return "failure"
    return "start" if asked.mentions("starts") else "end"


async def create(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    kind = _kind(asked)
    try:
        watch: dict[str, Any] = await tools(
            "create_watch", kind=kind, job_name=asked.job, job_stream=asked.stream
        )
    except ResyncError as exc:
        return HandlerReply(request.say("Não criei o aviso: ", "No watch set: ") + exc.detail)
    text = request.say(
        f"Combinado: eu aviso aqui no chat {watch['description']}.",
        f"Done: I will tell you here in the chat {watch['description']}.",
    )
    if watch["seen"] and kind != "failure":
        text += request.say(
            " (Já aconteceu antes nesta rodada; conto só a próxima vez.)",
            " (It already happened earlier in this run; only the next time counts.)",
        )
    text += request.say(
        " Para cancelar: “cancela o aviso do …”.", " To cancel: “cancel the … watch”."
    )
    current = await job_status(request, tools, asked) if asked.job else None
    if current is None:
        return HandlerReply(text)
    current.answer = request.say("Agora: ", "Now: ") + current.answer + "\n" + text
    return current


async def listed(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    found: list[dict[str, Any]] = await tools("list_watches")
    if not found:
        return HandlerReply(
            request.say(
                "Você não tem avisos abertos. Peça, por exemplo: “me avise quando o "
                "PAYROLL_01 terminar”.",
                "You have no open watches. Ask, e.g.: “notify me when PAYROLL_01 ends”.",
            )
        )
    text = (
        request.say(
            f"Você tem {plural(len(found), 'aviso aberto', 'avisos abertos')}: ",
            f"You have {plural(len(found), 'open watch', 'open watches')}: ",
        )
        + "; ".join(w["description"] for w in found)
        + "."
    )
    table = TablePart(
        title=request.say("Seus avisos", "Your watches"),
        columns=["id", request.say("aviso", "watch")],
        rows=[[str(w["id"]), w["description"]] for w in found],
    )
    return HandlerReply(text, [table])


async def cancel(request: HandlerRequest, tools: Toolbox, asked: Asked) -> HandlerReply:
    try:
        found: list[dict[str, Any]] = await tools(
            "cancel_watch", job_name=asked.job, job_stream=asked.stream
        )
    except ResyncError as exc:
        return HandlerReply(request.say("Nada cancelado: ", "Nothing cancelled: ") + exc.detail)
    return HandlerReply(
        request.say(
            f"Cancelei {plural(len(found), 'aviso', 'avisos')}: ",
            f"Cancelled {plural(len(found), 'watch', 'watches')}: ",
        )
        + "; ".join(w["description"] for w in found)
        + "."
    )


async def stored_alerts(request: HandlerRequest, tools: Toolbox) -> HandlerReply | None:
    """The open alerts of the alert store; None until the poller has read the plan once."""
    stored: dict[str, Any] = await tools("active_alerts", limit=50)
    if stored["polled_at"] is None:
        return None
    alerts = stored["alerts"]
    if not alerts:
        return HandlerReply(
            request.say(
                "Nenhum alerta ativo: o monitoramento não vê nenhum problema no plano agora.",
                "No active alerts: monitoring sees no problem in the plan now.",
            )
        )
    language = request.language
    titles = [a["texts"].get(language, a["texts"]["pt"])["title"] for a in alerts]
    text = (
        request.say(
            f"{plural(stored['total'], 'alerta ativo', 'alertas ativos')}: ",
            f"{plural(stored['total'], 'active alert', 'active alerts')}: ",
        )
        + "; ".join(titles[:8])
        + ("…" if len(titles) > 8 else ".")
    )
    table = TablePart(
        title=request.say("Alertas ativos", "Active alerts"),
        columns=[
            request.say("severidade", "severity"),
            request.say("alerta", "alert"),
            request.say("estado", "status"),
            request.say("desde", "since"),
        ],
        rows=[
            [a["severity"], title, a["status"], a["first_seen"].strftime("%H:%M")]
            for a, title in zip(alerts, titles, strict=True)
        ],
    )
    return HandlerReply(text, [table])
