"""What a message is about within its intent, the window it names, and whether it refers back.

The answers ask these of the classification (``mentions("dependencies")``, ``window``,
``refers_back``) instead of reading the text themselves. Every rule here runs on the
classifier's own reading of the message, its words joined by single spaces: already
folded (no accents, lower case), abbreviations expanded ("vc" → "voce") and typos
corrected, without punctuation. Computed only when an answer asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

TOPICS: dict[str, re.Pattern[str]] = {
    # diagnosis: the log itself, or why it failed
    "job_log": re.compile(
        r"\b(?:log|logs|joblog|joblogs|stdlist|sysout|spool|(?:output|saida) (?:do|da|of|de))\b"
    ),
    "why": re.compile(
        r"\b(?:por que|porque|why|causa|cause|motivo|reason|falh\w*|fail\w*|erro\w*|"
        r"abend\w*|diagnos\w*|analis\w*|analy[sz]\w*|explain\w*|expli\w*)\b"
    ),
    "late": re.compile(
        r"\b(?:atrasad\w*|atraso\w*|late|overdue|delayed|behind schedule|deadlines?|prazos?|"
        r"sla|at risk|em risco)\b"
    ),
    # status
    "dependencies": re.compile(
        r"esperando|aguardando|espera|aguarda|depende|dependencia|predecessor|sucessor|"
        r"bloquead|preso|parado|waiting|wait|depend|successor|blocked|stuck|holding"
    ),
    # what a job holds up downstream (before "dependencies": "o que depende dele")
    "impact": re.compile(
        r"\b(?:travand\w*|segurand\w*|bloqueand\w*|impact\w*|afet\w*|prejudic\w*|"
        r"downstream|blocks|block|blocking|holds up|holding up|hold\w* \w+ up|quem depende|"
        r"o que depende|fica\w* parad\w*|fica\w* travad\w*|"
        r"what depends|depende(?:m)? del[ea]|sucessor\w*|successors?|prend\w*|"
        r"trava(?:m)? (?:o que|quantos|quais|quem|algo|alguma)|"
        r"(?:prazos?|deadlines?) \w+(?: \w+){0,4} (?:em risco|at risk)|"
        r"coloca\w* em risco|poe em risco|puts? at risk)\b"
    ),
    # when it ends ("qdo o JS_X termina?", "ETA do X", "when will it be done?")
    "eta": re.compile(
        r"\b(?:eta|previs\w*|termin\w*|acab\w*|conclu\w*|finish\w*|complet\w*|"
        r"be done|ends?|que horas|what time)\b"
    ),
    "prompts": re.compile(r"\bprompts?\b"),
    "plan": re.compile(r"\b(?:plano|plan)\b"),
    "resources": re.compile(r"\b(?:recursos?|resources?)\b"),
    # rankings: the jobs that failed most over a window, the runs going on longest
    "most_failures": re.compile(
        r"\b(?:mais|most|more) (?:\w+ ){0,2}(?:falh|abend|fail|erro|error)\w*|"
        r"\b(?:falh|abend|fail|erro)\w* (?:\w+ ){0,2}(?:mais|most)\b"
    ),
    "longest_running": re.compile(
        r"\b(?:running|rodando|executando|em execucao) (?:\w+ ){0,2}(?:longest|mais tempo)\b|"
        r"\b(?:longest|mais tempo) (?:\w+ ){0,2}(?:running|rodando|executando|em execucao)\b"
    ),
    # a list asked for by name ("me passa a lista de abend", "list the failures")
    "list": re.compile(r"\b(?:lista|listar|liste|listagem|list)\b"),
    "streams": re.compile(r"\b(?:streams?|jobstreams?)\b"),
    # the platform of the workstations a list is about ("os jobs do mainframe", "on linux")
    "platform_zos": re.compile(r"\b(?:mainframe|zos|z os|mvs)\b"),
    "platform_windows": re.compile(r"\b(?:windows|wnt)\b"),
    "platform_linux": re.compile(r"\b(?:linux|unix)\b"),
    "workstations": re.compile(r"workstation|estaco|agente|agent|linkad|linked|unlinked|fta"),
    # monitoring
    "notify": re.compile(
        r"\b(?:avis\w*|notifi\w*|notify|alert\w* (?:me|quando)|me (?:fal\w*|diga|chame)|"
        r"let me know|tell me when|ping me|warn me)\b"
    ),
    # the user's own watches ("me avise quando …"): listing them, cancelling one
    "watch_list": re.compile(
        r"\b(?:(?:quais|meus|minhas|listar?|liste|mostr\w*|ver) (?:os |as )?(?:meus |minhas )?"
        r"(?:avisos|lembretes|notificacoes)|avisos (?:que )?(?:eu )?tenho|"
        r"(?:my|list) (?:watches|notices|notifications))\b"
    ),
    "watch_cancel": re.compile(
        r"\b(?:cancel\w*|remov\w*|apag\w*|exclu\w*|desativ\w*|tir\w*|delete|remove|stop|"
        r"drop)\b (?:\w+ ){0,2}(?:avisos?|lembretes?|notificac\w*|watch\w*|notices?)\b"
    ),
    "starts": re.compile(
        r"\b(?:comec\w*|inici\w*|start\w*|entrar em execucao|entrar? em exec|begins?)\b"
    ),
    "dashboard": re.compile(r"\b(?:dashboard\w*|painel|paineis|grafana|tela de monitora\w*)\b"),
    # reports
    "shift": re.compile(r"\b(?:turno|plantao|shift|passagem|handover|hand-over)\b"),
    "failures": re.compile(r"\b(?:falh\w*|fail\w*|erro\w*|error\w*)\b"),
    "abends": re.compile(r"\babend"),
    "spreadsheet": re.compile(r"\bcsv\b|excel|planilha|spreadsheet"),
    # analysis
    "comparison": re.compile(r"\b(?:compar\w*|versus|vs|contra|diferen\w*|difference)\b"),
    "yesterday": re.compile(r"\b(?:ontem|yesterday)\b"),
    "faster": re.compile(
        r"\b(?:mais rapid\w*|faster|quicker|acelerou|melhorou|improved|speed(?:ed)? up)\b"
    ),
    # small talk
    "thanks": re.compile(r"\b(?:obrigad[oa]s?|obg|valeu|vlw|agradeco|thanks|thank you|thx|ty)\b"),
    "english_greeting": re.compile(
        r"^(?:hello|hi|hey|good (?:morning|afternoon|evening|night)|thanks|thank you|thx|"
        r"how are you)\b"
    ),
    "help_pt": re.compile(
        r"^(?:ajuda|socorro|menu|comandos)$|\b(?:o que voce (?:faz|sabe fazer|pode fazer)|"
        r"como voce (?:funciona|pode ajudar)|como (?:te|voce) uso|me ajud[ae]\b)"
    ),
    "help_en": re.compile(
        r"^(?:help|menu|commands)$|\b(?:what can you do|what do you do|how do i use you|"
        r"how can you help|help me\b)"
    ),
    # an answer to a yes/no question, as the whole message
    "yes": re.compile(
        r"^(?:sim|s|yes|y|yep|yeah|ok|okay|pode|claro|confirmo|confirma|confirmado|isso|"
        r"manda|go ahead|do it|sure)(?: (?:sim|pode|por favor|please|pedir|pode pedir|"
        r"pode ser|go ahead|do it|manda ver|obrigado))*$"
    ),
    "no": re.compile(
        r"^(?:nao|n|no|nope|cancela|cancele|esquece|deixa|deixa para la|never mind|"
        r"nevermind|dont|don't)(?: (?:nao|obrigado|thanks|deixa|deixa para la|esquece|"
        r"precisa|cancel|pode cancelar|never mind))*$"
    ),
}

_HOURS = re.compile(r"\b(?:ultim[ao]s?|last|past|previous) (\d{1,3}) ?(?:horas?|hours?|hrs?|h)\b")
_MINUTES = re.compile(
    r"\b(?:ultim[ao]s?|last|past|previous) (\d{1,4}) ?(?:minutos?|minutes?|mins?|min)\b"
)
# "nas últimas 7" (the feminine tells hours: "últimos 7" may be minutes or days).
_BARE_HOURS = re.compile(r"\bultimas (\d{1,2})\b(?! ?(?:dias|semanas|vezes|execucoes|rodadas))")
_HALF_HOUR = re.compile(r"\b(?:ultima|last|past) (?:meia hora|half (?:an )?hour)\b")
_MIDNIGHT = re.compile(
    r"\b(?:desde|a partir d[ae]|since|from) (?:a )?(?:meia[ -]?noite|midnight|0 ?h)\b"
)
# "desde as 22h", "desde 22:00", "since 10pm", "since 22h": the last such hour before now.
_SINCE_HOUR = re.compile(
    r"\b(?:desde|a partir d[ae]s?|depois d[ae]s?|since|after) (?:as |a )?(\d{1,2})"
    r"(?: ?h\b|:00\b| horas\b| ?(am|pm)\b)"
)
_WINDOWS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:ultima|last|past|previous) hora\b|\b(?:last|past) hour\b"), "last_hour"),
    (
        re.compile(r"\b(?:ultim[ao]s?|last|past) (?:24 ?(?:horas|hours|h)|dia|day)\b"),
        "last_24_hours",
    ),
    (re.compile(r"\b(?:turno|plantao|shift)\b"), "shift"),
    (re.compile(r"\b(?:mes|month|30 dias|30 days)\b"), "last_30_days"),
    (re.compile(r"\b(?:semana|week|7 dias|7 days)\b"), "last_7_days"),
    (re.compile(r"\b(?:ontem|yesterday|dia anterior|previous day)\b"), "yesterday"),
    (re.compile(r"\b(?:hoje|today|tonight|madrugada|overnight|agora|now)\b"), "today"),
)

# Portuguese pronouns and demonstratives ("esta" is left out: it is also "está"), with
# enclitic forms ("reexecuta-lo"); English ("that"/"this" alone are too often relative
# pronouns or determiners of a new object: "that job" counts, see _POINTING).
_REFERENCES = (
    "ele ela eles elas dele dela deles delas nele nela lo la lhe isso disso nisso esse essa "
    "desse dessa nesse nessa este deste desta neste nesta mesmo mesma aquele aquela "
    "daquele daquela it its it's them same"
)
REFERENCE_WORDS = frozenset(_REFERENCES.split(" "))
_ENCLITIC = ("-lo", "-la", "-los", "-las")
_POINTING = re.compile(r"\b(?:that|this|the same) (?:job|one|stream|workstation|agent|error)\b")
_LEADING_AND = re.compile(r"^(?:e|and) (?:o|a|os|as|the)\b")
# "depois do kill", "after the rerun": the change just talked about, so its job.
_AFTER_THE_CHANGE = re.compile(
    r"\b(?:depois|antes|apos|desde|after|before|since) (?:d[oa]s?|o|a|the|de) "
    r"(?:kill|rerun|restart|cancel\w*|hold|release|liberac\w*|reexecuc\w*|reprocess\w*|"
    r"resposta|reply)\b"
)


def mentions(text: str, topic: str) -> bool:
    """Whether the reading ``text`` names ``topic`` (a key of :data:`TOPICS`)."""
    return TOPICS[topic].search(text) is not None


def window_name(text: str) -> str | None:
    """The plan window the reading names ("ultima hora" → last_hour), or None."""
    minutes = _MINUTES.search(text)
    if minutes:
        return f"last_{max(1, int(minutes.group(1)))}_minutes"
    if _HALF_HOUR.search(text):
        return "last_30_minutes"
    if _MIDNIGHT.search(text):
        return "since_midnight"
    since = _SINCE_HOUR.search(text)
    if since:
        hour, half = int(since.group(1)), since.group(2)
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour <= 23:
            return "since_midnight" if hour == 0 else f"since_{hour}h"
    hours = _HOURS.search(text) or _BARE_HOURS.search(text)
    if hours:
        count = int(hours.group(1))
        return "last_hour" if count <= 1 else f"last_{count}_hours"
    for pattern, name in _WINDOWS:
        if pattern.search(text):
            return name
    return None


# What may surround a window or an object in a follow-up that only changes it
# ("e nas últimas 2 horas?", "e o LOAD_FILES?", "what about yesterday?").
_FILLER = frozenset(
    [
        "e",
        "and",
        "o",
        "a",
        "os",
        "as",
        "the",
        "no",
        "na",
        "nos",
        "nas",
        "do",
        "da",
        "dos",
        "das",
        "de",
        "em",
        "in",
        "on",
        "at",
        "for",
        "of",
        "about",
        "what",
        "how",
        "sobre",
        "quanto",
        "ao",
        "aos",
        "entao",
        "then",
        "tambem",
        "also",
    ]
)
_PLATFORMS = ("platform_zos", "platform_windows", "platform_linux")
_NARROWING_START = frozenset({"e", "and", "what", "how"})
_NAME_PARTS = re.compile(r"[#.;]")


def narrows(words: Sequence[str], names: Sequence[str]) -> bool:
    """True when the message only names another window or object of the question before
    it: it opens with "e"/"and"/"what about" and holds nothing but a window, the names
    (the objects it names, folded) and small words."""
    if not words or words[0] not in _NARROWING_START:
        return False
    text = " ".join(words)
    windowed = window_name(text) is not None
    platform = any(mentions(text, topic) for topic in _PLATFORMS)  # "e no mainframe?"
    for pattern in (
        _MINUTES, _MIDNIGHT, _SINCE_HOUR, _HOURS, _BARE_HOURS, _HALF_HOUR,
        *(p for p, _ in _WINDOWS),
    ):  # fmt: skip
        text = pattern.sub(" ", text)
    for topic in _PLATFORMS:
        text = TOPICS[topic].sub(" ", text)
    known = {name.lower() for name in names}
    rest = [
        word
        for word in text.split()
        if word not in _FILLER
        and word not in known
        and not all(part in known for part in _NAME_PARTS.split(word) if part)
    ]
    return not rest and (windowed or platform or bool(known))


def refers_back(words: Sequence[str]) -> bool:
    """True when the message points at something said before ("dele", "its", "e o log?")."""
    for word in words:
        if word in REFERENCE_WORDS or word.endswith(_ENCLITIC):
            return True
    text = " ".join(words)
    if _POINTING.search(text) or _AFTER_THE_CHANGE.search(text):
        return True
    return _LEADING_AND.match(text) is not None and len(words) <= 6
