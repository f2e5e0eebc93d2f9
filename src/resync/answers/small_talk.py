"""Short replies that need no lookup: greetings, thanks, help, and a clarifying question."""

from __future__ import annotations

import re
import unicodedata

from resync.contract.handlers import HandlerRequest

_THANKS = re.compile(r"\b(obrigad[oa]s?|obg|valeu|vlw|agradeco|thanks|thank you|thx|ty)\b")
_ENGLISH_SMALL_TALK = re.compile(
    r"^\W*(hello|hi|hey|good (morning|afternoon|evening|night)|thanks|thank you|thx|"
    r"how are you)\b"
)
_HELP_PT = re.compile(
    r"^(ajuda|socorro|menu|comandos)\W*$|\b(o que (voce|vc) (faz|sabe fazer|pode fazer)|"
    r"como (voce|vc) (funciona|pode ajudar)|como (te|voce|vc) uso|me ajud[ae]\b)"
)
_HELP_EN = re.compile(
    r"^(help|menu|commands)\W*$|\b(what can you do|what do you do|how do i use you|"
    r"how can you help|help me\b)"
)

_EXAMPLES_PT = (
    "- “quais jobs abendaram hoje?” — consulta ao plano atual\n"
    "- “por que o PAYROLL_01 falhou?” — diagnóstico a partir do log do job\n"
    "- “o que significa AWSBHT001E?” — catálogo de mensagens e base de conhecimento\n"
    "- “reexecute o LOAD_FILES” — cria um pedido de aprovação (nada muda sem aprovação)"
)
_EXAMPLES_EN = (
    "- “which jobs abended today?” — reads the current plan\n"
    "- “why did PAYROLL_01 fail?” — diagnosis from the job's log\n"
    "- “what does AWSBHT001E mean?” — message catalogue and knowledge base\n"
    "- “rerun LOAD_FILES” — creates an approval request (nothing changes until approved)"
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().strip())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def help_language(message: str) -> str | None:
    """ "pt" or "en" when the message asks what Resync can do; None otherwise."""
    folded = _fold(message)
    if _HELP_EN.search(folded):
        return "en"
    if _HELP_PT.search(folded):
        return "pt"
    return None


def small_talk_language(message: str, default: str) -> str:
    """ "en" for an English greeting the classifier may read as Portuguese ("hello")."""
    return "en" if _ENGLISH_SMALL_TALK.search(_fold(message)) else default


def is_thanks(message: str) -> bool:
    return bool(_THANKS.search(_fold(message)))


def greeting(request: HandlerRequest) -> str:
    english = small_talk_language(request.message, request.language) == "en"

    def say(pt: str, en: str) -> str:
        return en if english else pt

    if is_thanks(request.message):
        return say(
            "De nada! Se precisar, é só perguntar — por exemplo, “quais jobs abendaram hoje?”.",
            "You're welcome! Ask any time — for example, “which jobs abended today?”.",
        )
    return say(
        "Olá! Sou o Resync, assistente de operação do HCL Workload Automation (HWA/TWS). "
        "Consulto o plano atual, diagnostico jobs com falha a partir do log e tiro dúvidas "
        f"sobre o HWA. Experimente:\n{_EXAMPLES_PT}",
        "Hello! I'm Resync, an operations assistant for HCL Workload Automation (HWA/TWS). "
        "I read the current plan, diagnose failed jobs from their logs and answer questions "
        f"about HWA. Try:\n{_EXAMPLES_EN}",
    )


def help_text(language: str) -> str:
    if language == "en":
        return (
            "Here is what I can do:\n"
            "- **Plan status**: jobs, job streams and workstations now, by state or time.\n"
            "- **Diagnosis**: why a job failed — return code, message ids, the decisive log "
            "lines, similar past incidents and what to do next.\n"
            "- **Questions about HWA/TWS**: states, messages, abend codes, conman commands, "
            "with the source cited.\n"
            "- **Actions** (rerun, hold, release, cancel…): become approval requests.\n\n"
            f"Examples:\n{_EXAMPLES_EN}"
        )
    return (
        "Veja o que eu faço:\n"
        "- **Status do plano**: jobs, job streams e workstations agora, por estado ou horário.\n"
        "- **Diagnóstico**: por que um job falhou — código de retorno, mensagens, as linhas "
        "decisivas do log, incidentes parecidos e o que fazer.\n"
        "- **Dúvidas sobre o HWA/TWS**: estados, mensagens, códigos de abend, comandos do "
        "conman, com a fonte citada.\n"
        "- **Ações** (rerun, hold, release, cancel…): viram pedidos de aprovação.\n\n"
        f"Exemplos:\n{_EXAMPLES_PT}"
    )


def clarifying_question(request: HandlerRequest) -> str:
    """Ask what the operator needs; about the object they named, if any."""
    job = request.entity("job_name") or request.entity("job_stream")
    if job:
        return request.say(
            f"O que você quer saber sobre o {job}? Por exemplo:\n"
            f"- “qual o status do {job}?”\n"
            f"- “por que o {job} falhou?”\n"
            f"- “do que o {job} está esperando?”",
            f"What would you like to know about {job}? For example:\n"
            f"- “what is the status of {job}?”\n"
            f"- “why did {job} fail?”\n"
            f"- “what is {job} waiting for?”",
        )
    return request.say(
        "Não entendi o que você precisa. Você quer consultar o plano, investigar uma falha "
        f"ou tirar uma dúvida sobre o HWA? Por exemplo:\n{_EXAMPLES_PT}",
        "I did not understand what you need. Do you want to check the plan, investigate a "
        f"failure or ask about HWA? For example:\n{_EXAMPLES_EN}",
    )
