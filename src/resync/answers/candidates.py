"""'The payroll one' when several jobs fit: name them and ask which."""

from __future__ import annotations

from resync.contract.context import Question, asking
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.plan.text import join_names

MAX_NAMED = 10


def candidates_of(request: HandlerRequest) -> list[str]:
    """The jobs a partial name fits (``job_candidates``, set by the router), none named."""
    if request.entities.get("job_name"):
        return []
    return list(request.entities.get("job_candidates") or [])


def which_of(request: HandlerRequest, names: list[str]) -> HandlerReply:
    """Ask which of ``names`` the operator means (the next message answers it)."""
    listed = join_names(names, request.language, limit=MAX_NAMED)
    reply = HandlerReply(
        request.say(
            f"Mais de um job da conversa combina: {listed}. Qual deles? Por exemplo: “{names[0]}”.",
            f"More than one job of the conversation fits: {listed}. Which one? "
            f"For example: “{names[0]}”.",
        )
    )
    reply.asks = asking(Question.target, None, request.classification.justification)
    return reply
