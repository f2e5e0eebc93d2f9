"""Answers the router gives when a handler cannot: what failed, and what still works.

Never a stack trace, never a bare "error": the operator learns which dependency failed
(HWA, a handler, the time limit), what they can still ask, and — for a message id or an
abend code in the message — its catalogue meaning, which needs nothing external.
"""

from __future__ import annotations

from resync.classifier.intents import RoutingMode
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.knowledge.catalogue import MessageCatalogue
from resync.tws.errors import TWSAuthError, TWSError, TWSForbidden, TWSUnavailable

_MODE_TASK = {
    RoutingMode.agentic: ("consultar o plano do HWA", "read the HWA plan"),
    RoutingMode.diagnostic: ("diagnosticar a falha", "diagnose the failure"),
    RoutingMode.rag_only: ("consultar a base de conhecimento", "search the knowledge base"),
}

_STILL_WORKS_PT = (
    "O que ainda funciona: perguntas sobre conceitos e procedimentos do HWA/TWS, o "
    "significado de mensagens (ex.: AWSBHT001E) e de códigos de abend (ex.: S0C4), e "
    "incidentes anteriores parecidos."
)
_STILL_WORKS_EN = (
    "What still works: questions about HWA/TWS concepts and procedures, the meaning of "
    "messages (e.g. AWSBHT001E) and abend codes (e.g. S0C4), and similar past incidents."
)


def hwa_failure_reply(
    request: HandlerRequest,
    mode: RoutingMode,
    error: TWSError,
    catalogue: MessageCatalogue | None = None,
) -> HandlerReply:
    """HWA unreachable, refusing us or answering errors: say so and what still works."""
    task_pt, task_en = _MODE_TASK[mode]
    if isinstance(error, TWSUnavailable):
        what_pt = "o HWA não está respondendo (servidor fora do ar ou inacessível)"
        what_en = "HWA is not answering (the server is down or unreachable)"
    elif isinstance(error, TWSAuthError | TWSForbidden):
        what_pt = "o HWA recusou as credenciais do Resync"
        what_en = "HWA refused Resync's credentials"
    else:
        what_pt = "o HWA respondeu com um erro"
        what_en = "HWA answered with an error"
    answer = request.say(
        f"Não consegui {task_pt}: {what_pt}. Nenhuma informação do plano foi alterada. "
        f"Tente de novo em alguns minutos; se persistir, verifique a conexão com o HWA "
        f"(RESYNC_HWA_URL) ou acione o suporte.\n\n{_STILL_WORKS_PT}",
        f"I could not {task_en}: {what_en}. Nothing in the plan was changed. Try again in "
        f"a few minutes; if it persists, check the connection to HWA (RESYNC_HWA_URL) or "
        f"call support.\n\n{_STILL_WORKS_EN}",
    )
    return HandlerReply(answer=answer + _catalogue_notes(request, catalogue), degraded=True)


def handler_failure_reply(
    request: HandlerRequest,
    mode: RoutingMode,
    *,
    timed_out: bool,
    catalogue: MessageCatalogue | None = None,
) -> HandlerReply:
    """A handler crashed or ran out of time."""
    task_pt, task_en = _MODE_TASK[mode]
    if timed_out:
        why_pt, why_en = "a consulta demorou mais que o limite", "it took longer than the limit"
    else:
        why_pt, why_en = "houve uma falha interna", "an internal failure occurred"
    answer = request.say(
        f"Não consegui {task_pt} agora: {why_pt}. Nada foi alterado no plano. Tente de novo "
        f"ou reformule a pergunta (referência: {request.trace_id}).\n\n{_STILL_WORKS_PT}",
        f"I could not {task_en} right now: {why_en}. Nothing in the plan was changed. Try "
        f"again or rephrase the question (reference: {request.trace_id}).\n\n{_STILL_WORKS_EN}",
    )
    return HandlerReply(answer=answer + _catalogue_notes(request, catalogue), degraded=True)


def missing_handler_reply(
    request: HandlerRequest, mode: RoutingMode, catalogue: MessageCatalogue | None = None
) -> HandlerReply:
    """No handler is registered for the mode (a partial installation)."""
    task_pt, task_en = _MODE_TASK[mode]
    answer = request.say(
        f"Ainda não consigo {task_pt} nesta instalação do Resync.\n\n{_STILL_WORKS_PT}",
        f"This Resync installation cannot {task_en} yet.\n\n{_STILL_WORKS_EN}",
    )
    return HandlerReply(answer=answer + _catalogue_notes(request, catalogue), degraded=True)


def _catalogue_notes(request: HandlerRequest, catalogue: MessageCatalogue | None) -> str:
    """Catalogue meanings of the codes the message names (local data, always available)."""
    if catalogue is None:
        return ""
    codes = [*request.entities.get("message_id", []), *request.entities.get("abend_code", [])]
    notes = []
    for code in codes[:3]:
        entry = catalogue.lookup(code)
        if entry is not None:
            notes.append(
                f"- **{entry.code}**: {entry.meaning(request.language)} "
                f"{request.say('O que fazer', 'What to do')}: {entry.action(request.language)}"
            )
    if not notes:
        return ""
    title = request.say("Do catálogo de mensagens", "From the message catalogue")
    return f"\n\n{title}:\n" + "\n".join(notes)
