"""How a wait reads: what a job waits for (a predecessor, a resource, a prompt, its
workstation), and the root of a chain of waits with who holds it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from resync.answers.toolbox import zone
from resync.contract.handlers import HandlerRequest
from resync.plan.schemas import JobLookup, Wait
from resync.plan.text import join_names, when


def describe_wait(wait: Wait, language: str, zone_info: ZoneInfo | None = None) -> str:
    en = language == "en"
    match wait.kind:
        case "follows":
            state = f" ({wait.state})" if wait.state else ""
            return "predecessor " + wait.what + state
        case "resource":
            return (
                ("resource " if en else "recurso ")
                + wait.what
                + (" (no free units)" if en else " (sem unidades livres)")
            )
        case "prompt":
            return ("unanswered prompt " if en else "prompt sem resposta ") + f"«{wait.what}»"
        case "at":
            try:
                moment = when(
                    datetime.fromisoformat(wait.what), zone_info or ZoneInfo("UTC"), date=True
                )
            except ValueError:
                moment = wait.what
            return ("start time (at) " if en else "horário de início (at) ") + moment
        case "hold":
            return "held by an operator (HOLD)" if en else "segurado por um operador (HOLD)"
        case _:
            return f"{wait.kind} {wait.what}"


def waits_sentence(request: HandlerRequest, lookup: JobLookup) -> str:
    if not lookup.waits_on:
        return ""
    items = [describe_wait(w, request.language, zone(lookup)) for w in lookup.waits_on]
    text = request.say("Aguarda: ", "Waiting for: ") + "; ".join(items) + "."
    for root in lookup.blocked_by:
        text += " " + _root_sentence(request, root, zone(lookup))
    return text


def _root_sentence(request: HandlerRequest, root: Wait, zone_info: ZoneInfo) -> str:
    job = root.job or root.what
    if root.kind == "workstation":
        return request.say(
            f"Na raiz da cadeia: **{job}** roda na workstation **{root.what}**, indisponível.",
            f"At the root of the chain: **{job}** runs on workstation **{root.what}**, "
            "which is unavailable.",
        )
    if root.kind == "limit":
        names = join_names(root.holders, request.language) if root.holders else "?"
        return request.say(
            f"Na raiz da cadeia: **{job}** espera vaga na workstation **{root.what}**, no "
            f"limite de jobs (ocupada por {names}).",
            f"At the root of the chain: **{job}** waits for room on workstation "
            f"**{root.what}**, at its job limit (filled by {names}).",
        )
    if root.kind == "at":
        try:
            moment = when(datetime.fromisoformat(root.detail or ""), zone_info, date=True)
        except ValueError:
            moment = root.detail or "—"
        return request.say(
            f"Na raiz da cadeia: **{root.what}** ({root.state}) espera seu horário de início "
            f"(at) {moment}.",
            f"At the root of the chain: **{root.what}** ({root.state}) waits for its start "
            f"time (at) {moment}.",
        )
    if root.kind == "prompt":
        return request.say(
            f"Na raiz da cadeia: **{root.what}** espera resposta ao prompt «{root.detail}».",
            f"At the root of the chain: **{root.what}** waits on the prompt «{root.detail}».",
        )
    if root.kind in ("failed", "held"):
        fix_pt = " (corrija-o e reexecute para liberar)" if root.kind == "failed" else ""
        fix_en = " (fix and rerun it to free the chain)" if root.kind == "failed" else ""
        return request.say(
            f"Na raiz da cadeia: **{root.what}** em {root.state}{fix_pt}.",
            f"At the root of the chain: **{root.what}** in {root.state}{fix_en}.",
        )
    wait = Wait(kind=root.kind, what=root.detail or root.kind)
    if root.kind == "resource" and root.holders:
        holders = join_names(root.holders, request.language)
        wait_text = request.say(
            f"recurso {root.detail} (em uso por {holders})",
            f"resource {root.detail} (held by {holders})",
        )
    else:
        wait_text = describe_wait(wait, request.language)
    return request.say(
        f"Na raiz da cadeia: **{job}** ({root.state}) aguarda {wait_text}.",
        f"At the root of the chain: **{job}** ({root.state}) waits for {wait_text}.",
    )
