"""Short replies that need no lookup: greetings, thanks, help, and a clarifying question."""

from __future__ import annotations

from resync.classifier.intents import IntentClassification
from resync.contract.handlers import HandlerRequest

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


def help_language(classification: IntentClassification) -> str | None:
    """ "pt" or "en" when the message asks what Resync can do; None otherwise."""
    if classification.mentions("help_en"):
        return "en"
    if classification.mentions("help_pt"):
        return "pt"
    return None


def small_talk_language(classification: IntentClassification) -> str:
    """ "en" for an English greeting the classifier may read as Portuguese ("hello")."""
    return "en" if classification.mentions("english_greeting") else classification.language


def greeting(request: HandlerRequest) -> str:
    english = small_talk_language(request.classification) == "en"

    def say(pt: str, en: str) -> str:
        return en if english else pt

    if request.classification.mentions("thanks"):
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
