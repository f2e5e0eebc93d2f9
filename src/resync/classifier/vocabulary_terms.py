"""Vocabulary that is not an intent of its own: job states, time references, the words that
place a message in the scheduler's domain, and the words never to take for a name."""

from __future__ import annotations

from resync.classifier.intents import Intent
from resync.classifier.lexicon import Cue, word_set


def _state(value: str, *patterns: str, strict: bool = False) -> Cue:
    return Cue(
        name="state",
        patterns=patterns,
        intent=Intent.status,
        weight=1.0,
        domain=True,
        state=value,
        state_strict=strict,
    )


STATES: tuple[Cue, ...] = (
    _state(
        "ABEND",
        "abend|abends|abended|abendado|abendados|abendada|abendadas|abendou|abendaram|abendar|"
        "abendarem|abendando|falharam|falhou|falhados|falhadas|failed|failing",
        "em|com falha|erro|abend",
    ),
    _state("ABENP", "abenp"),
    _state(
        "SUCC",
        "succ|succeeded|sucesso|successful|successfully",
        "bem sucedido|sucedidos",
        "bem-sucedido|bem-sucedidos",
    ),
    _state("SUCCP", "succp"),
    _state("EXEC", "exec|executando|rodando|running|executing", "em|in execucao|execution"),
    _state("HOLD", "held|segurado|segurados", "em|on espera"),
    _state("HOLD", "hold", strict=True),
    _state("READY", "ready", strict=True),
    _state("FAIL", "fail", strict=True),
    _state("CANCEL", "cancelado|cancelados|cancelada|canceladas|cancelled|canceled"),
    _state("CANCEL", "cancel|cancl", strict=True),
    _state("WAIT", "esperando|aguardando|waiting"),
    _state("WAIT", "wait", strict=True),
    _state("INTRO", "intro", strict=True),
    _state("SCHED", "sched", strict=True),
    _state("PEND", "pend", strict=True),
    _state("EXTRN", "extrn", strict=True),
    _state("DONE", "done", strict=True),
)

_PT_THIS = "esta|essa|nesta|nessa|este|esse|neste|nesse"
_PT_LAST = "ultima|ultimo|ultimas|ultimos"
_UNITS_LONG = "dias|dia|semanas|semana|meses|mes|anos|days|day|weeks|week|months|month|years"
_UNITS_SHORT = "horas|hora|minutos|min|hrs|hours|hour|minutes|mins|turnos|shifts|execucoes|runs"


def _time(*patterns: str, window: bool = False) -> Cue:
    return Cue(name="time", patterns=patterns, time=True, window=window)


TIME_REFERENCES: tuple[Cue, ...] = (
    _time("hoje|ontem|anteontem|amanha|today|yesterday|tonight|tomorrow|madrugada|overnight"),
    _time(
        "hoje|ontem de manha|madrugada|noite|tarde",
        "hoje|ontem a|as tarde|noite",
        "ontem|hoje cedo",
        "ontem|hoje depois das|as #",
    ),
    _time(f"{_PT_THIS} manha|tarde|noite|madrugada|hora|turno|plantao|execucao"),
    _time(f"{_PT_THIS} semana|mes|ano|trimestre", window=True),
    _time(f"{_PT_LAST} hora|noite|madrugada|turno|plantao|execucao|rodada"),
    _time(f"{_PT_LAST} semana|mes|ano|trimestre", window=True),
    _time(f"{_PT_LAST} # {_UNITS_SHORT}", f"{_PT_LAST} #"),
    _time(f"{_PT_LAST} # {_UNITS_LONG}", window=True),
    _time("semana|mes|ano|trimestre passado|passada|anterior", "dia anterior", window=True),
    _time(f"# {_UNITS_LONG}|{_UNITS_SHORT} atras|ago", "fim|final de semana", window=True),
    _time("this morning|afternoon|evening|night|hour|shift|run"),
    _time("this week|month|year|quarter", window=True),
    _time("last night|hour|shift|run|evening", "previous|prior run|shift|night"),
    _time("last week|month|year|weekend|quarter", "previous|prior day|week|month", window=True),
    _time(f"last|past|previous # {_UNITS_SHORT}", "last|past #"),
    _time(f"last|past|previous # {_UNITS_LONG}", window=True),
)

# Words that say "this is about the scheduler" (a message without any is off-topic unless an
# entity or an intent cue that implies the domain says otherwise).
DOMAIN_TERMS = Cue(
    name="domain",
    domain=True,
    patterns=(
        "job|jobs|jobstream|jobstreams|stream|streams|schedule|schedules|sked|skeds|agendamento|"
        "workstation|workstations|estacao|estacoes|agente|agentes|agent|agents|pool|pools|"
        "plano|plan|planos|plans|tws|hwa|iws|workload|scheduler|batch|lote|lotes|conman|"
        "composer|jnextplan|planman|symphony|dependencia|dependencias|dependency|dependencies|"
        "follows|needs|opens|prompt|prompts|recurso|recursos|resource|resources|fence|limit|"
        "prioridade|priority|calendario|calendarios|calendar|calendars|carryforward|until|"
        "deadline|batchman|mailman|jobman|netman|monman|writer|optman|stdlist|joblog|recovery|"
        "recuperacao|mdm|dwc|fta|master|sla|turno|shift|plantao|execucao|execucoes|fila|queue|"
        "cpu|linkar|link|unlink|jcl|abend|rc|runcycle|sbj|sbs|sbd|jsc|zos|mainframe|"
        "dominio|domain|broker|variable|variaveis|evento|eventos|event|events|sfinal|"
        "switchplan|extend|forecast|trial|rerun|step|steps|backup|carga|etl|folha|fechamento|"
        "processamento|rotina|rotinas|servidor|server|agendador|cron",
        "job stream|streams",
        "run cycle|cycles",
        "carry forward",
        "event rule|rules",
        "regra|regras de evento|eventos",
        "dynamic pool|pools",
        "domain manager",
        "ciclo de execucao",
    ),
)

# Upper-case words that look like names but never are (states, acronyms, products).
NOT_NAMES = word_set(
    """
    ABEND ABENP SUCC SUCCP EXEC HOLD READY FAIL CANCEL CANCL INTRO WAIT SCHED PEND EXTRN DONE
    ERROR BLOCKED SUPPR FENCE LIMIT RERUN RUN STUCK ADD DELETED
    TWS HWA IWS HCL IBM CPU RC CC JCL SLA SLAS DBA DBAS CSV PDF XLS XLSX JSON XML API REST SQL
    DB2 ETL SAP FTP SFTP SSH HTTP HTTPS URL OK ASAP URGENTE URGENT PROD PRD DEV HML QA UAT
    MDM BKM DWC FTA JS WS JOB JOBS AT UNTIL FOLLOWS NEEDS OPENS PROMPT LINK UNLINK LINKED
    UNLINKED GO HI ID TEAMS EMAIL LOG LOGS STDLIST UTC BRT GMT AM PM TI RH NOC SRE ZOS JSC
    MVS IMS CICS LPAR VM AIX LINUX UNIX WINDOWS AD LDAP SSL TLS DNS IP TCP PT EN BR US
    FAQ PS OBS NB RDY CSV TXT KB MB GB TB CEO CTO DR BCP NOW SOS HELP OFF ON YES NO AND OR
    THE FOR IN OF TO IS IT ALL ANY NAO SIM EU VC PQ QA SOC NAS SAN WAN LAN HA
    """
)

# Words written before a name that tell its kind ("o job X", "a workstation X").
JOB_KEYWORDS = frozenset({"job", "jobname", "tarefa"})
STREAM_KEYWORDS = frozenset({"stream", "jobstream", "js", "schedule", "sked", "cadeia", "fluxo"})
WORKSTATION_KEYWORDS = frozenset(
    {"workstation", "ws", "agente", "agent", "pool", "servidor", "server", "maquina", "host",
     "estacao", "cpu", "node", "fta", "computador"}
)  # fmt: skip
ARTICLES = frozenset({"o", "a", "do", "da", "no", "na", "pelo", "pela", "ao", "the", "of", "on"})
FEMININE = frozenset({"a", "da", "na", "pela", "nela", "dela", "numa", "uma"})
ENGLISH_PLACE = frozenset({"on", "at"})
# "jobs on X", "running on X": X is where things run.
RUNS_ON = frozenset(
    {"jobs", "job", "running", "ran", "run", "runs", "executing", "scheduled", "it", "them",
     "now", "stuck", "waiting", "queued", "ready", "hold", "exec", "abend", "state"}
)  # fmt: skip

# Function words of five letters or more: never "corrected" into a vocabulary word.
STOPWORDS = word_set(
    """
    quais quando sobre entre depois antes todos todas algum alguma nenhum nenhuma ainda sempre
    muito muita outro outra outros mesmo mesma onde desde nosso nossa minha minhas nossos
    preciso quero poderia favor agora aquele aquela aquilo isso esse essa estou estava estao
    estamos seria podia porem assim entao tambem voces nesse nessa neste nesta dessa desse
    deste desta where which there their about after before should would could these those
    please still while other every being doing going their theirs being might shall cannot
    asked asking think thought
    """
)
