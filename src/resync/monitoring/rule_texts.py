"""What each alert rule's finding says, in Portuguese and English: a title and a detail
(what happened, why it matters, what to do), filled in by ``rules.texts`` from the values
the rule found. Job rules also get the job's ``name``, ``stream``, ``workstation`` and
``state``."""

from __future__ import annotations

# kind → ((pt title, pt detail), (en title, en detail))
TEXTS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "job_failed": (
        (
            "{name} terminou em {state}{rc}",
            "O job {name} do {stream} em {workstation} terminou em {state}{rc}. "
            "Veja o log e, corrigida a causa, peça o rerun.",
        ),
        (
            "{name} ended {state}{rc}",
            "Job {name} of {stream} on {workstation} ended {state}{rc}. "
            "Read its log and, once the cause is fixed, ask for a rerun.",
        ),
    ),
    "job_late_start": (
        (
            "{name} não começou até {limit}",
            "O job {name} ({stream}) devia começar até {limit} UTC e está em {state}. "
            "Veja o que ele espera.",
        ),
        (
            "{name} has not started by {limit}",
            "Job {name} ({stream}) had to start by {limit} UTC and is {state}. "
            "Check what it waits for.",
        ),
    ),
    "job_late_end": (
        (
            "{name} passou do deadline de {deadline}",
            "O job {name} ({stream}) devia terminar até {deadline} UTC e está em {state}.",
        ),
        (
            "{name} missed its {deadline} deadline",
            "Job {name} ({stream}) had to end by {deadline} UTC and is {state}.",
        ),
    ),
    "long_running": (
        (
            "{name} roda há {elapsed} min (costuma levar {usual} min)",
            "O job {name} passou de {limit} min, o limite aprendido de {runs} execuções. "
            "Veja o log antes de agir.",
        ),
        (
            "{name} has run {elapsed} min (usually {usual} min)",
            "Job {name} is past {limit} min, the limit learned from {runs} runs. "
            "Read its log before acting.",
        ),
    ),
    "duration_anomaly": (
        (
            "{name} levou {took} min (costuma levar {usual} ± {spread} min)",
            "A execução de hoje de {name} ficou fora do que as últimas {runs} mostram. "
            "Compare o log com o de um dia normal.",
        ),
        (
            "{name} took {took} min (usually {usual} ± {spread} min)",
            "Today's run of {name} is outside what its last {runs} runs show. "
            "Compare its log with a normal day's.",
        ),
    ),
    "prompt_waiting": (
        (
            "Prompt de {name} sem resposta há {minutes} min",
            "O job {name} espera a resposta ao prompt “{text}”. Responda no HWA para ele seguir.",
        ),
        (
            "{name}'s prompt unanswered for {minutes} min",
            "Job {name} waits for a reply to “{text}”. Reply in HWA to let it run.",
        ),
    ),
    "deadline_risk": (
        (
            "{name} deve perder o deadline de {deadline}",
            "Pela estimativa, {name} ({stream}) termina por volta de {predicted} UTC"
            "{because_pt}, depois do deadline de {deadline}. "
            "Ainda dá tempo de agir: priorize a cadeia ou avise o responsável.",
        ),
        (
            "{name} is predicted to miss its {deadline} deadline",
            "By the estimates {name} ({stream}) ends around {predicted} UTC{because_en}, "
            "after its {deadline} deadline. "
            "There is still time to act: prioritise the chain or warn its owner.",
        ),
    ),
    "workstation_down": (
        (
            "Workstation {name} {what_pt}",
            "Os jobs de {name} não rodam enquanto ela estiver {what_pt}. "
            "Verifique o agente e faça o link.",
        ),
        (
            "Workstation {name} {what_en}",
            "Jobs on {name} cannot run while it is {what_en}. Check the agent and link it.",
        ),
    ),
    "stream_stuck": (
        (
            "Job stream {name} parado (STUCK)",
            "O {name} tem um job com erro e outros esperando por ele. "
            "Corrija e reexecute o job com erro, ou libere as dependências.",
        ),
        (
            "Job stream {name} is stuck",
            "{name} has a failed job and others waiting on it. "
            "Fix and rerun the failed job, or release the dependencies.",
        ),
    ),
    "hwa_unreachable": (
        (
            "HWA não responde",
            "A leitura do plano falhou ({error}). "
            "O monitoramento tenta de novo com intervalos maiores até o HWA voltar.",
        ),
        (
            "HWA is unreachable",
            "Reading the plan failed ({error}). "
            "Monitoring retries with longer intervals until HWA answers again.",
        ),
    ),
}
