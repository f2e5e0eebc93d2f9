"""The intent vocabulary: which words and phrases, in Portuguese and English, point to which
intent, and how strongly. Patterns use the syntax of ``resync.classifier.lexicon`` and are
written folded (no accents, lower case); chat abbreviations are already expanded
("pq" → "por que", "ta" → "esta", "pra" → "para").

Weights: 3 a clear request of that intent, 2 strong evidence, 1 a hint, below 1 a nudge.
"""

from __future__ import annotations

from resync.classifier.actions import ACTIONS, Action
from resync.classifier.intents import Intent
from resync.classifier.lexicon import Cue, Role, word_set


def pt_verb(*infinitives: str, first_person: bool = True) -> str:
    """Imperative, infinitive and first-person forms of Portuguese verbs, as alternatives.

    Participles and past tenses ("cancelado", "cancelou") are deliberately absent: they
    describe what happened, they do not ask for anything.
    """
    forms: list[str] = []
    for infinitive in infinitives:
        stem, ending = infinitive[:-2], infinitive[-2:]
        vowel = {"ar": "a", "er": "e", "ir": "e"}[ending]
        other = {"ar": "e", "er": "a", "ir": "a"}[ending]
        forms += [infinitive, stem + vowel, stem + other, stem + vowel + "m"]
        forms += [stem + "o"] if first_person else []
        forms += [stem + ending[0] + "-lo", stem + other + "-o", stem + vowel + "-o"]
        forms += [stem + other + "m"]
    return "|".join(forms)


def pt_past(*infinitives: str) -> frozenset[str]:
    """Past and participle forms ("reiniciei", "cancelou", "liberado"): words to keep as
    written, never "corrected" into the imperative one letter away ("reiniciei" → "reinicie").
    """
    forms: set[str] = set()
    for infinitive in infinitives:
        stem, ending = infinitive[:-2], infinitive[-2:]
        if ending == "ar":
            forms |= {stem + s for s in ("ei", "ou", "amos", "aram", "ado", "ada", "ados", "adas")}
        else:
            vowel = ending[0]
            forms |= {stem + "i", stem + vowel + "u", stem + vowel + "ram", stem + "ido"}
            forms |= {stem + "ida", stem + "idos", stem + "idas"}
    return frozenset(forms)


def cue(intent: Intent | None, weight: float, name: str, *patterns: str, **options: object) -> Cue:
    return Cue(name=name, patterns=patterns, intent=intent, weight=weight, **options)  # type: ignore[arg-type]


G, GEN, ST, TS = Intent.greeting, Intent.general, Intent.status, Intent.troubleshooting
JM, MON, AN, REP = Intent.job_management, Intent.monitoring, Intent.analysis, Intent.reporting

_RUN = pt_verb("rodar", "executar", "iniciar", "startar", "encerrar", first_person=False)
_RUN += "|pare|parem|parar"
_PUT = pt_verb("colocar", "deixar") + "|poe|ponha|por|put|place|keep|set"
_MARK = pt_verb("marcar", "setar", "forcar", "confirmar") + "|mark|set|force|confirm"
_CHANGE = pt_verb("mudar", "alterar", "trocar", "aumentar", "diminuir", "reduzir", "ajustar")
_REMOVE = pt_verb("remover", "tirar", "retirar", "excluir", "ignorar")
_LINK = pt_verb("linkar", "deslinkar", "religar", "reconectar", first_person=False)
_SET = pt_verb(
    "colocar", "setar", "mudar", "alterar", "aumentar", "diminuir", "reduzir", "subir", "baixar"
)
_ACTION_VERBS = {
    *(verb for words in ACTIONS.values() for verb in (*words.verbs, *words.opening_verbs))
} | word_set(
    "rodar executar iniciar startar encerrar colocar deixar marcar setar forcar confirmar mudar "
    "alterar trocar aumentar diminuir reduzir ajustar remover tirar retirar excluir ignorar "
    "linkar deslinkar religar reconectar responder subir baixar"
)
# Verbs in the past tense describe what happened; kept as written by the typo correction.
PAST_FORMS = pt_past(*_ACTION_VERBS)


def _action_cues(action: Action) -> list[Cue]:
    """The cues asking for ``action``, all named after it, from the action table."""
    words = ACTIONS[action]
    name, where = action.value, {"domain": True} if words.domain else {"needs_domain": True}
    asks = "|".join(p for p in (pt_verb(*words.verbs) if words.verbs else "", words.words) if p)
    cues = [cue(JM, 3, name, asks, role=Role.action, **where)] if asks else []
    opening = [pt_verb(*words.opening_verbs, first_person=False)] if words.opening_verbs else []
    if words.opening_words:
        opening.append(words.opening_words)
    if opening:
        cues.append(cue(JM, 3, name, "|".join(opening), role=Role.action_start, needs_domain=True))
    if words.again:
        cues.append(
            cue(
                JM,
                3,
                name,
                f"{_RUN}|run|execute ~3 de novo",
                f"{_RUN}|run|execute ~3 novamente|again",
                role=Role.action_start,
                needs_domain=True,
            )
        )
    if words.nouns:
        cues.append(
            cue(
                JM,
                3,
                name,
                f"faz|faca|fazer|da|de|dar|give ~2 {words.nouns}",
                role=Role.action,
                domain=True,
            )
        )
    if words.states:
        cues.append(
            cue(
                JM,
                3,
                name,
                f"{_MARK} ~4 [como|as|to|em|para] {words.states}",
                f"confirm|confirma|confirme|confirmar ~3 {words.states}",
                role=Role.action,
                domain=True,
            )
        )
    return cues


# The tables below are data: one cue per entry, laid out by hand.
# fmt: off
JOB_MANAGEMENT = [
    *(cue_ for action in Action for cue_ in _action_cues(action)),
    cue(JM, 3, "hold", f"{_PUT} ~4 em|on hold|espera", role=Role.action, domain=True),
    cue(JM, 3, "run_now", _RUN, "run|execute|launch|start|stop", role=Role.action_start,
        needs_domain=True),
    cue(JM, 3, "change_priority", f"{_CHANGE}|{pt_verb('subir', 'baixar', 'elevar')}|sobe|change|"
        "raise|lower|increase|decrease|bump|set ~3 "
        "prioridade|priority|prio", role=Role.action, domain=True),
    # Portuguese "no" is "in the" ("responde Y no prompt"): only "não" says no there.
    cue(JM, 3, "reply_prompt_no", f"{pt_verb('responder')} ~2 nao|negativo", role=Role.action,
        needs_domain=True),
    cue(JM, 3, "reply_prompt_no", "reply|answer ~2 no|nao|negativo", role=Role.action,
        needs_domain=True),
    cue(JM, 3, "reply_prompt", f"{pt_verb('responder')}|reply|answer ~5 prompt|prompts",
        role=Role.action, domain=True),
    cue(JM, 3, "stop", "para o|a|os|as job|jobs|stream|execucao|processamento",
        role=Role.action_start, domain=True),
    cue(JM, 3, "link", _LINK, "link|unlink|relink", role=Role.action_start, domain=True),
    cue(JM, 3, "set_limit_fence", f"{_SET}|poe|ponha|set|change|raise|lower|increase|decrease ~3 "
        "limit|limite|fence", role=Role.action, domain=True),
    cue(JM, 3, "remove_dependency", f"{_REMOVE}|remove|drop ~3 dependencia*|dependenc*|"
        "follows|dependency|dependencies|prompt", role=Role.action, domain=True),
]

HOWTO = [
    cue(GEN, 2, "how_do_i", "como faco|faz|fazer|consigo|posso|devo|podemos|se|eu|voce|"
        "configuro|crio|defino|adiciono|uso|utilizo|vejo|confiro|consulto|verifico|habilito|"
        "desabilito|altero|mudo|cadastro|programo|agendo|removo|excluo|deleto|coloco",
        "como a gente", "qual [e] o comando", "como criar|definir|configurar|cadastrar|usar|"
        "utilizar|ver|verificar|consultar|conferir|alterar|mudar|adicionar|incluir|remover|"
        "agendar|habilitar|desabilitar|programar|montar|fazer", "qual|que|which comando|command",
        role=Role.howto, needs_domain=True),
    cue(GEN, 2, "how_do_i", "how do|can|should|would|could i|we|you", "how to",
        "how is|are ~3 done|configured|defined|created",
        role=Role.howto, needs_domain=True),
    cue(GEN, 0, "how", "como", "how", role=Role.howto, reach=2),
    # "qual comando do conman mostra o status das workstations?": the command, not the status
    cue(GEN, 4, "which_command", "qual|quais|que|which|what [o] comando|comandos|command|"
        "commands", role=Role.howto, needs_domain=True),
    cue(GEN, 2.5, "what_if", "o que acontece se|quando|com", "e se", "what happens if|when",
        "what if", role=Role.howto, needs_domain=True),
]

GENERAL = [
    cue(GEN, 2.5, "what_is", "o que e|sao|significa|significam", "que e|significa",
        "o que quer dizer", role=Role.howto, needs_domain=True),
    cue(GEN, 2, "meaning", "significa|significado|meaning|means|mean|definicao|definition|"
        "define|conceito|concept", needs_domain=True),
    cue(GEN, 3, "what_does_mean", "what does|do ~4 mean", needs_domain=True),
    cue(GEN, 2.5, "what_does_do", "what does|do ~4 do", "o que ~3 faz|fazem", role=Role.howto,
        needs_domain=True),
    cue(GEN, 3, "difference", "diferenca|diferencas|difference|differences|distinguir|"
        "distinguish", "diff between", role=Role.howto, needs_domain=True),
    cue(GEN, 2, "versus", "vs|versus", needs_domain=True),
    cue(GEN, 3, "how_it_works", "como funciona|funcionam|funcionar", "como ~4 funciona|funcionam",
        "como ~3 trabalha|opera", "how does|do ~4 work|works", "how ~3 works",
        role=Role.howto, needs_domain=True),
    cue(GEN, 3, "what_for", "para que serve|servem", "serve para", "what is|are ~3 used for",
        "what s ~3 for", "what is|are ~3 for", role=Role.howto, needs_domain=True),
    cue(GEN, 1.5, "what_is", "what is|are", "what s", needs_domain=True),
    cue(GEN, 2.5, "where_to_find", "where can|do|should i find|see|check|get|look",
        "onde [eu] encontro|vejo|acho|consulto|fica|ficam|encontrar|ver", role=Role.howto,
        needs_domain=True),
    cue(GEN, 3.5, "generic_why", "why would|do|does|can|could|might", "por que um|uma|os|as",
        needs_domain=True),
    cue(GEN, 2.5, "what_is_a", "what is|s a|an", "what are", needs_domain=True),
    cue(GEN, 2.5, "explain", "explica|explique|explicar|explain|explanation|explicacao|"
        "esclarece|esclareca|describe|descreva|descreve", role=Role.howto, needs_domain=True),
    cue(GEN, 1, "example", "exemplo|exemplos|example|examples", needs_domain=True),
    cue(GEN, 1.5, "documentation", "documentacao|documentation|docs|manual|sintaxe|syntax",
        needs_domain=True),
    cue(GEN, 1, "parameters", "parametro|parametros|parameter|parameters|argumento|argumentos|"
        "opcao|opcoes|option|options|flag|flags", needs_domain=True),
    cue(GEN, 1.5, "best_practice", "boa pratica|boas praticas|best practice|best practices|"
        "recomendado|recommended|recomendacao|recommendation", needs_domain=True),
    cue(GEN, 2, "teach", "ensina|ensinar|teach|tutorial|passo a passo|step by step",
        "quando usar|devo usar", "when to use", "when should i use", needs_domain=True),
    cue(GEN, 1.5, "kinds_of", "tipos de", "types|kinds of", needs_domain=True),
]

TROUBLESHOOTING = [
    cue(TS, 3, "why", "por que", "por qual|que motivo|razao",
        "qual [e|foi|seria] o motivo|erro|problema",
        "qual [e|foi|seria] a causa|razao", "why", "how come", "what caused",
        "what s|is|was the reason|cause", "the reason why",
        "o que causou|causa|provocou", "causa raiz", "root cause", "motivo",
        role=Role.why, needs_domain=True),
    cue(TS, 3, "why", "porque", role=Role.why, needs_domain=True),
    cue(TS, 3, "what_happened", "o que houve|aconteceu|ocorreu|rolou", "what happened",
        "what s going on|wrong", "what is going on|wrong", "o que esta acontecendo",
        "o que esta impedindo|segurando|bloqueando|travando|pegando", "o que pegou",
        "what is|s preventing|blocking|holding", "impedindo|impede|preventing|prevents",
        "o que pode ser|estar", "what could it be", "what could be", "alguem sabe o|oque|porque",
        role=Role.why, needs_domain=True),
    cue(TS, 3, "how_to_fix", "como resolvo|resolver|resolve|corrijo|corrigir|conserto|consertar|"
        "arrumo|arrumar|soluciono|solucionar|contorno|contornar",
        "how do|can|should|would i|we fix|solve|resolve|troubleshoot",
        "how to fix|solve|resolve|troubleshoot", "fix it|this|that", "o que [eu] faco|fazer",
        "what should|do|can i do|check|look", "o que [eu|devo] verificar|checar|olhar",
        "what to check", role=Role.why, needs_domain=True),
    cue(TS, 2, "stuck", "preso|presa|presos|travado|travada|travados|travou|trava|stuck|hung|"
        "hang|hanging|hangs|congelado|congelada|parado|parada|parados|bloqueado|bloqueada|"
        "bloqueados|bloqueando|blocking|blocked|segurando|holding", needs_domain=True),
    cue(TS, 2, "does_not_progress", "nao inicia|iniciou|sobe|subiu|linka|linkou|conecta|"
        "conectou|roda|rodou|executa|executou|termina|terminou|completa|starta|comeca|"
        "comecou|sai|saiu|funciona|responde|respondeu",
        "won|doesn|didn|isn|can t|not start|run|link|connect|finish|complete|respond|work",
        "does|did|will|can|is not start|run|link|connect|finish|complete|respond|work",
        "none of ~3 start|run|started|ran", "never started|ran|finished",
        needs_domain=True),
    cue(TS, 2, "late", "atrasado|atrasada|atrasados|atrasadas|atrasando|atrasou|late|delayed",
        "behind schedule", needs_domain=True),
    # "anything running behind or overdue?": lateness, not the running jobs
    cue(TS, 3, "late", "running|runs|run behind|late", "overdue", domain=True),
    cue(TS, 2, "late", "quem|quais|qual|algum|alguma|algo|anything|what|which|who ~2 atrasado|"
        "atrasada|atrasados|atrasadas|atrasando|late|delayed|behind", domain=True),
    cue(TS, 2, "deadline", "deadline|deadlines|prazo|prazos|sla",
        "perder|estourar|passar|miss|missing|make ~3 deadline|prazo|sla",
        "risco|risk ~3 atraso|atrasar|deadline|prazo", needs_domain=True),
    cue(TS, 1.5, "error_word", "erro|erros|error|errors|exception|excecao|falha|failure",
        "deu erro|problema|pau|ruim|zica|bug|falha", needs_domain=True),
    cue(TS, 2.5, "diagnose", "investiga|investigue|investigar|diagnostica|diagnosticar|"
        "diagnostico|diagnose|troubleshoot|troubleshooting|debug|depurar",
        "analisa|analise|analisar|analyze|analyse|check|verifica|olha ~3 log|logs|joblog|stdlist",
        needs_domain=True),
    # "explica o abend do X", "reroda não resolveu o X, e agora?": the failure, explained
    cue(TS, 2.5, "explain_failure", "explica|explique|explicar|explain ~3 abend|falha|erro|"
        "failure|error|problema|problem", needs_domain=True),
    cue(TS, 2.5, "still_failing", "nao resolveu|adiantou|funcionou|resolve|adianta",
        "didnt fix|work|help", "did not fix|work|help", needs_domain=True),
    cue(TS, 3, "job_log", "log|logs|joblog|joblogs|stdlist|sysout|spool", domain=True),
    cue(TS, 3, "job_log", "output|saida ~2 do|da|of|de", needs_domain=True),
    cue(TS, 1, "failure_event", "abendou|abendaram|abended|abendando|falhou|falharam|failed|"
        "fail|fails|falhando|caiu|cairam|caindo|quebrou|crashed|crashing|crash|down|timeout|"
        "timed|expirou|estourou|cancelou", needs_domain=True),
    cue(TS, 0.5, "again", "de novo", "outra vez", "novamente|again|denovo|sempre",
        needs_domain=True),
    cue(TS, 0.5, "help", "ajuda|ajude|help|socorro|sos|urgente|urgent", needs_domain=True),
]

STATUS = [
    cue(ST, 2.5, "impact", "downstream|sucessores|successors", "hold|holds|holding ~2 up",
        "fica|ficam|ficaria|ficariam|vai|vao ~2 parado|parados|travado|travados|preso|presos",
        "quem|who|what depende|dependem|depends|depend", domain=True),
    cue(ST, 2, "status_word", "status|estado|situacao|state|stauts|statuses|estados",
        needs_domain=True),
    # "what is the MONTH_END_02 prompt asking?": the text of a job's own prompt
    cue(ST, 3, "job_prompt", "prompt|prompts ~2 asking|asks|ask|say|says|pergunta|perguntando|"
        "pede|pedindo|diz|dizendo|texto|text", needs_domain=True),
    cue(ST, 1.5, "how_is_it", "como esta|estao|anda|andam|ficou|ficaram", "cade",
        "onde esta|estao|anda",
        "how is|are", "how s", needs_domain=True),
    cue(ST, 1.5, "finished", "terminou|terminaram|acabou|acabaram|concluiu|concluiram|"
        "completou|completaram|finalizou|finalizaram|finished|completed|complete|done|ended|"
        "succeeded|rodou|rodaram|executou|executaram|ran", needs_domain=True),
    cue(ST, 1.5, "link_state", "linkada|linkado|linkadas|linkados|linked|unlinked|deslinkada|"
        "deslinkado|desconectada|desconectado|conectada|conectado|connected|disconnected|"
        "online|offline", "fora|no do ar", "is|are up|down", "up and running", domain=True),
    cue(ST, 1.5, "running", "rodando|executando|running|processando|processing|executing",
        "em|in execucao|execution|andamento|progress", domain=True),
    cue(ST, 1.5, "waiting", "esperando|aguardando|waiting|pendente|pendentes|pending|queued|"
        "enfileirado|enfileirados", "na|em fila", needs_domain=True),
    cue(ST, 1, "started", "started|comecou|comecaram|iniciou|iniciaram|left|virou|subiu|subiram|"
        "voltou|voltaram", "saiu de",
        needs_domain=True),
    cue(ST, 1, "which_objects", "quais|qual|which|what ~2 job|jobs|jobstreams|workstations|"
        "agentes|agents|estacoes|streams|prompts|recursos|resources", "o que esta|estao",
        needs_domain=True),
    cue(ST, 1, "list_objects", "lista|liste|listar|list|mostra|mostre|mostrar|show|exibe|exiba "
        "~2 job|jobs|jobstreams|streams|workstations|agentes|agents", needs_domain=True),
    cue(ST, 1.5, "open_prompt", "prompt|prompts ~2 aberto|abertos|aberta|abertas|pendente|"
        "pendentes|open|pending|esperando|waiting", "em aberto", needs_domain=True),
    cue(ST, 1.5, "news", "novidade|novidades|news", "algo|alguma coisa novo|nova|diferente",
        "anything new", needs_domain=True),
    cue(ST, 0.75, "list_show", "lista|liste|listar|list|mostra|mostre|mostrar|show|exibe|exiba|"
        "exibir|display|traz|traga", needs_domain=True),
    cue(ST, 0.5, "any", "tem algum|alguma|algo", "ha algum|alguma", "existe algum|alguma",
        "any|anything", needs_domain=True),
    cue(ST, 0.75, "how_many", "quantos|quantas|how many", needs_domain=True),
    cue(ST, 1, "check", "verifica|verifique|verificar|checa|cheque|checar|check|confere|"
        "confira|conferir|consulta|consulte|consultar|ve|veja|ver", needs_domain=True),
    cue(ST, 1.5, "confirm_whether", "confirma|confirme|confirm se|que|if|whether",
        needs_domain=True),
    cue(ST, 1, "present", "atual|atualmente|current|currently", "no|neste|nesse momento",
        "right now", "at the moment", "agora mesmo", role=Role.present,
        needs_domain=True),
    cue(ST, 0.5, "present", "agora|now|ainda|still|yet|ja|already", role=Role.present,
        needs_domain=True),
]

MONITORING = [
    cue(MON, 4, "notify_me", "me avisa|avise|avisar|notifica|notifique|notificar|alerta|alerte|"
        "chama|chame|liga|ligue", "me manda|mande ~2 mensagem|aviso|alerta|email|sms",
        "avisa|avise|avisar|avisem|notifica|notifique|"
        "notificar|notifiquem", "notificado|notificada|notificados|avisado|avisada|alertado|"
        "alertada", "let me know", "ping|alert|warn|page|text|message|notify|call me",
        "notify", "tell me when|if", "keep me posted|informed",
        "send me ~2 notification|alert|email|message", needs_domain=True),
    cue(MON, 3, "alerts", "alerta|alertas|alert|alerts|alarme|alarmes|alarm|alarms|notificacao|"
        "notificacoes|notification|notifications", domain=True),
    cue(MON, 3, "dashboard", "dashboard|dashboards|painel|paineis|monitor|monitora|monitore|"
        "monitorar|monitoramento|monitoring|monitoracao|monitorando|monitore-o", domain=True),
    cue(MON, 3, "my_watches", "aviso|avisos|lembrete|lembretes|watches|notices", domain=True),
    cue(MON, 3, "watch", "fica|fique|ficar de olho", "keep an eye", "keep watching",
        "watch|watching|vigia|vigie|vigiar|acompanha|acompanhe|acompanhar|track", "follow up",
        needs_domain=True),
    cue(MON, 2.5, "send_message", "manda|mande|mandar|envia|envie|enviar|dispara|send ~3 email|"
        "e-mail|emails|mensagem|sms|teams|message|slack|whatsapp", needs_domain=True),
    cue(MON, 1, "future_event", "quando|when|se|if|caso ~5 terminar|acabar|abendar|falhar|cair|"
        "atrasar|passar|travar|finishes|completes|fails|abends|ends|goes|drops|crashes|"
        "breaks|finish|complete|fail|abend|terminarem|abendarem|falharem|cairem|comecar|"
        "iniciar|starts|start|begins",
        needs_domain=True),
    cue(MON, 2, "acknowledge", "reconheceu|reconhecer|reconhecido|reconhecida|reconhecidos|"
        "acknowledge|acknowledged|ack|acked|silenciar|silence|snooze", domain=True),
    cue(MON, 0.5, "critical", "critico|critica|criticos|criticas|critical|severity|severidade",
        needs_domain=True),
]

_COMPARE = ("compara|compare|comparar|comparado|comparada|comparando|comparacao|comparativo|"
            "comparison|compared|comparing")
_PERIOD = ("hoje|ontem|anteontem|today|yesterday|semana|mes|week|month|turno|shift|noite|"
           "night|madrugada|overnight|dia|day|execucao|run|rodada")
_COMPARATIVE = "slower|faster|longer|shorter"  # not "later today": a time, not a comparison
_COMPARATIVE_PT = "mais|menos lento|lenta|lentos|lentas|rapido|rapida|demorado|demorada"

ANALYSIS = [
    cue(AN, 3, "average", "media|medio|medias|average|avg|mean|mediana|median|percentil|"
        "percentile|p95|p90|p99", needs_domain=True),
    cue(AN, 2, "duration", "duracao|duracoes|duration|durations|runtime|runtimes|elapsed",
        "tempo de execucao|processamento|duracao", "run time|times", "quanto tempo",
        "how long", needs_domain=True),
    cue(AN, 3, "trend", "tendencia|tendencias|trend|trends|historico|historicos|history|"
        "historical|evolucao|evolution", "ao longo do tempo", "over time", needs_domain=True),
    cue(AN, 3, "compare", _COMPARE, needs_domain=True),
    # Comparing two periods is about runs over time, even without a scheduler word.
    cue(AN, 3, "compare_periods", f"{_COMPARE} ~6 {_PERIOD}", f"{_PERIOD} vs|versus|x|contra "
        f"[o|a|the] {_PERIOD}", f"{_COMPARATIVE} ~4 {_PERIOD}",
        f"{_COMPARATIVE_PT} ~4 {_PERIOD}", domain=True),
    cue(AN, 3, "slower_faster", "mais lento|lentos|lenta|lentas|rapido|rapidos|demorado|"
        "demorados|demorada|demoradas|longo|longos|curto|curtos", "menos rapido|rapidos",
        "slower|slowest|faster|fastest|longest|shortest", "ficou|ficaram|got|getting|became "
        "lento|lentos|slow|slower", needs_domain=True),
    cue(AN, 3, "most_failures", "mais|most abendou|abendaram|falhou|falharam|failed|abended|"
        "abends|falhas|failures|atrasou|atrasaram|demorou", "quem|who mais|most abendou|falhou",
        needs_domain=True),
    cue(AN, 2, "taking_longer", "demorando|demorou|demora|levando|levou|leva|taking|took|takes "
        "~2 mais|longer|more", needs_domain=True),
    cue(AN, 2.5, "comparative", "mais|menos tarde|cedo|rapido|lento que|do", "later|earlier than",
        "que|than ontem|yesterday|usual|sempre", needs_domain=True),
    cue(AN, 3, "rate", "taxa|rate|percentual|percentage|porcentagem|indice", needs_domain=True),
    cue(AN, 3, "frequency", "frequencia|frequente|frequentes|frequentemente|often|frequently|"
        "frequency|recorrente|recorrentes|recurring", "quantas vezes", "how many times",
        needs_domain=True),
    cue(AN, 2, "usual", "costuma|costumam|costumava|usually|usual|normalmente|normally|"
        "geralmente|typically|habitualmente", "que o normal|usual|habitual",
        "than normal|usual|expected",
        needs_domain=True),
    cue(AN, 2, "peak_load", "pico|picos|peak|peaks|sobrecarga|sobrecarregada|sobrecarregado|"
        "overloaded|gargalo|gargalos|bottleneck|bottlenecks|ocupacao|utilization|utilizacao",
        needs_domain=True),
    cue(AN, 1.5, "per_period", "por dia|semana|hora|mes|execucao", "per day|week|hour|month|run",
        "ao longo", "over the", "throughout", "dia a dia|day by day", "a cada dia", "each day",
        needs_domain=True),
    cue(AN, 1.5, "statistics", "estatistica|estatisticas|statistics|stats|metricas|metrics|"
        "kpi|kpis|performance|desempenho|ranking", needs_domain=True),
    cue(AN, 1.5, "top_n", "top #", "os|the # jobs|piores|maiores|worst", needs_domain=True),
    cue(AN, 0.5, "sla", "sla|slas", domain=True),
    cue(AN, 0.5, "had", "tivemos|tiveram|houve|had", needs_domain=True),
]

REPORTING = [
    cue(REP, 3.5, "report", "relatorio|relatorios|report|reports|reporte|reportar|"
        "relatorio-resumo", role=Role.deliverable, domain=True),
    cue(REP, 3.5, "summary", "resumo|resumao|resuma|resumir|resumido|sumario|summary|summaries|"
        "summarize|summarise|overview|recap|consolidado|consolida|consolidar|balanco",
        "visao geral", role=Role.deliverable, needs_domain=True),
    cue(REP, 3.5, "summary", "resumo|sumario|summary|balanco ~2 noite|madrugada|dia|turno|"
        "plantao|shift|night|day|semana|week", role=Role.deliverable, domain=True),
    cue(REP, 3.5, "summary", "night|nightly|daily|day|weekly|week|morning|overnight|batch|plan|eod "
        "summary|overview|recap|report", role=Role.deliverable, domain=True),
    cue(REP, 3.5, "export", "exporta|exporte|exportar|exportacao|export|exports|exporting|"
        "extrair|extraia|baixar|download", role=Role.deliverable, needs_domain=True),
    cue(REP, 2, "file_format", "csv|excel|xlsx|xls|planilha|planilhas|spreadsheet|pdf|"
        "markdown", role=Role.deliverable, needs_domain=True),
    cue(REP, 3.5, "handover", "passagem de|do turno|plantao", "handover|hand-over",
        "hand over", "shift report|summary|handover", role=Role.deliverable, domain=True),
    cue(REP, 1, "generate", "gera|gere|gerar|generate|monta|monte|montar|prepara|prepare|"
        "preparar|emite|emita|emitir|compile|compila", needs_domain=True),
    cue(REP, 0.5, "incidents", "incidente|incidentes|incident|incidents|ocorrencias",
        domain=True),
]

GREETING = [
    cue(G, 2, "hello", "oi|ola|oie|opa|eae|eai|salve|hello|hi|hey|hiya|yo|howdy|greetings|alo",
        "e ai", "fala pessoal|galera|time|ai|ae|povo"),
    cue(G, 2, "time_of_day", "bom dia", "boa tarde|noite|madrugada", "bons dias",
        "good morning|afternoon|evening|night", "morning|evening"),
    cue(G, 2, "how_are_you", "tudo bem|bom|certo|tranquilo|joia|ok|beleza", "tudo em paz", "beleza",
        "como vai|voce|vao|estao", "como voce esta|vai", "how are you|things",
        "how s it going", "how is it going", "how are you doing", "what s up", "sup"),
    cue(G, 2, "thanks", "obrigado|obrigada|obrigadao|valeu|agradeco|thanks|thank|cheers|"
        "grato|grata|brigadao", "muito obrigado"),
    cue(G, 2, "goodbye", "tchau|falou|bye|goodbye|flw", "ate mais|logo|amanha",
        "see you|ya", "boa sorte"),
    cue(G, 1.5, "shift_start", "assumindo o turno|plantao", "comecando o turno|plantao",
        "starting my|the shift", "on shift"),
    cue(G, 0.5, "folks", "pessoal|galera|gente|guys|folks|team|everyone|all"),
]

# fmt: on

INTENT_CUES: tuple[Cue, ...] = (
    *JOB_MANAGEMENT,
    *HOWTO,
    *GENERAL,
    *TROUBLESHOOTING,
    *STATUS,
    *MONITORING,
    *ANALYSIS,
    *REPORTING,
    *GREETING,
)
