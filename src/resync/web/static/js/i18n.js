// UI texts in Brazilian Portuguese (default) and English; the choice persists in localStorage.
const STORAGE_KEY = "resync.lang";

const TEXTS = {
  pt: {
    skip_to_composer: "Ir para a caixa de mensagem",
    toggle_sidebar: "Mostrar ou ocultar conversas",
    switch_language: "English",
    switch_language_label: "Switch to English",
    theme_dark: "Tema escuro",
    theme_light: "Tema claro",
    logout: "Sair",
    login_title: "Entrar no Resync",
    login_hint: "Use seu usuário e senha do Resync.",
    username: "Usuário",
    password: "Senha",
    login_submit: "Entrar",
    login_checking: "Verificando…",
    login_failed: "Usuário ou senha inválidos.",
    login_unavailable: "Servidor indisponível. Tente novamente em instantes.",
    login_required: "Informe usuário e senha.",
    session_expired: "Sua sessão expirou. Entre novamente.",
    new_conversation: "Nova conversa",
    conversations: "Conversas",
    no_conversations: "Nenhuma conversa ainda.",
    delete_conversation: "Excluir conversa",
    delete_confirm_title: "Excluir esta conversa?",
    delete_confirm_text: "As mensagens serão removidas. Esta ação não pode ser desfeita.",
    pending_approvals: "Aprovações pendentes",
    no_pending_approvals: "Nada aguardando aprovação.",
    refresh: "Atualizar",
    message_label: "Mensagem",
    composer_placeholder: "Pergunte sobre jobs, abends, logs… (ex.: quais jobs abendaram hoje?)",
    composer_hint: "Enter envia · Shift+Enter quebra a linha",
    send: "Enviar",
    welcome_title: "Boa noite de turno!",
    welcome_text: "Pergunte pelo status do plano, pelo motivo de um abend ou peça uma reexecução.",
    you: "Você",
    assistant: "Resync",
    thinking: "Pensando…",
    answer_announce: "Nova resposta: {text}",
    conn_online: "Conectado",
    conn_connecting: "Conectando…",
    conn_retry: "Reconectando em {seconds} s…",
    conn_offline: "Desconectado",
    conn_lost_pending: "A conexão caiu antes da resposta. Ela aparecerá na conversa quando estiver pronta.",
    error_prefix: "Erro",
    error_generic: "Não foi possível concluir o pedido.",
    error_too_large: "Mensagem grande demais.",
    trace: "rastreio",
    intent: "Intenção",
    mode: "Modo",
    confidence: "Confiança",
    degraded: "resposta simplificada",
    showing_rows: "Mostrando {shown} de {total}",
    sources: "Fontes",
    log_lines: "Log",
    table_label: "Tabela",
    approval_title: "Aprovação necessária",
    approval_action: "Ação",
    approval_target: "Alvo",
    approval_justification: "Justificativa",
    approval_risk: "Risco",
    approval_warnings: "Segunda opinião — antes de aprovar",
    approval_requester: "Solicitante",
    approval_approver: "Decidido por",
    approval_comment: "Comentário",
    approval_result: "Resultado",
    approve: "Aprovar",
    reject: "Rejeitar",
    approve_title: "Aprovar {action} de {target}",
    reject_title: "Rejeitar {action} de {target}",
    comment_label: "Comentário (obrigatório)",
    comment_required: "Escreva um comentário.",
    cancel: "Cancelar",
    confirm: "Confirmar",
    own_request: "Aguardando aprovação de outro operador.",
    read_only: "Somente operadores podem aprovar.",
    recheck: "Verificar de novo no HWA",
    approval_update: "Solicitação {action} {target}: {status}",
    "status.proposed": "Proposta",
    "action.rerun": "Reexecutar",
    "action.cancel": "Cancelar",
    "action.kill": "Encerrar (kill)",
    "action.hold": "Segurar (hold)",
    "action.release": "Liberar dependências",
    "action.confirm_succ": "Confirmar SUCC",
    "action.confirm_abend": "Confirmar ABEND",
    "action.submit": "Submeter job stream",
    "status.pending": "Pendente",
    "status.approved": "Aprovada",
    "status.rejected": "Rejeitada",
    "status.expired": "Expirada",
    "status.executing": "Executando",
    "status.succeeded": "Concluída",
    "status.failed": "Falhou",
    "status.outcome_unknown": "Resultado incerto: verificar",
    "intent.greeting": "Saudação",
    "intent.general": "Conhecimento",
    "intent.status": "Status",
    "intent.troubleshooting": "Diagnóstico de falha",
    "intent.job_management": "Gestão de jobs",
    "intent.monitoring": "Monitoramento",
    "intent.analysis": "Análise",
    "intent.reporting": "Relatório",
    "intent.unknown": "Indefinida",
    "mode.rag_only": "Base de conhecimento",
    "mode.agentic": "Agente",
    "mode.diagnostic": "Diagnóstico",
    "risk.low": "baixo",
    "risk.medium": "médio",
    "risk.high": "alto",
    "risk.critical": "crítico",
    "role.viewer": "leitura",
    "role.operator": "operador",
    "role.admin": "administrador",
    feedback_label: "Avaliar esta resposta",
    feedback_up: "Resposta útil",
    feedback_down: "Resposta com problema",
    feedback_title: "O que estava errado?",
    feedback_reason: "Motivo",
    feedback_comment: "Comentário (opcional)",
    feedback_saved: "Avaliação registrada.",
    feedback_failed: "Não foi possível registrar a avaliação.",
    "reason.wrong_intent": "entendeu errado a pergunta",
    "reason.wrong_data": "dados errados",
    "reason.not_helpful": "não ajudou",
    "reason.wrong_language": "idioma errado",
  },
  en: {
    skip_to_composer: "Skip to the message box",
    toggle_sidebar: "Show or hide conversations",
    switch_language: "Português",
    switch_language_label: "Mudar para português",
    theme_dark: "Dark theme",
    theme_light: "Light theme",
    logout: "Sign out",
    login_title: "Sign in to Resync",
    login_hint: "Use your Resync username and password.",
    username: "Username",
    password: "Password",
    login_submit: "Sign in",
    login_checking: "Checking…",
    login_failed: "Invalid username or password.",
    login_unavailable: "Server unavailable. Try again shortly.",
    login_required: "Enter your username and password.",
    session_expired: "Your session expired. Please sign in again.",
    new_conversation: "New conversation",
    conversations: "Conversations",
    no_conversations: "No conversations yet.",
    delete_conversation: "Delete conversation",
    delete_confirm_title: "Delete this conversation?",
    delete_confirm_text: "Its messages will be removed. This cannot be undone.",
    pending_approvals: "Pending approvals",
    no_pending_approvals: "Nothing waiting for approval.",
    refresh: "Refresh",
    message_label: "Message",
    composer_placeholder: "Ask about jobs, abends, logs… (e.g. which jobs abended today?)",
    composer_hint: "Enter sends · Shift+Enter adds a line",
    send: "Send",
    welcome_title: "Have a quiet shift!",
    welcome_text: "Ask for the plan's status, why a job abended, or request a rerun.",
    you: "You",
    assistant: "Resync",
    thinking: "Thinking…",
    answer_announce: "New answer: {text}",
    conn_online: "Connected",
    conn_connecting: "Connecting…",
    conn_retry: "Reconnecting in {seconds} s…",
    conn_offline: "Disconnected",
    conn_lost_pending: "The connection dropped before the answer. It will appear in the conversation when ready.",
    error_prefix: "Error",
    error_generic: "The request could not be completed.",
    error_too_large: "Message too large.",
    trace: "trace",
    intent: "Intent",
    mode: "Mode",
    confidence: "Confidence",
    degraded: "simplified answer",
    showing_rows: "Showing {shown} of {total}",
    sources: "Sources",
    log_lines: "Log",
    table_label: "Table",
    approval_title: "Approval required",
    approval_action: "Action",
    approval_target: "Target",
    approval_justification: "Justification",
    approval_risk: "Risk",
    approval_warnings: "Second opinion — before approving",
    approval_requester: "Requested by",
    approval_approver: "Decided by",
    approval_comment: "Comment",
    approval_result: "Result",
    approve: "Approve",
    reject: "Reject",
    approve_title: "Approve {action} of {target}",
    reject_title: "Reject {action} of {target}",
    comment_label: "Comment (required)",
    comment_required: "Write a comment.",
    cancel: "Cancel",
    confirm: "Confirm",
    own_request: "Waiting for another operator to approve.",
    read_only: "Only operators can approve.",
    recheck: "Re-check in HWA",
    approval_update: "Request {action} {target}: {status}",
    "status.proposed": "Proposed",
    "action.rerun": "Rerun",
    "action.cancel": "Cancel",
    "action.kill": "Kill",
    "action.hold": "Hold",
    "action.release": "Release dependencies",
    "action.confirm_succ": "Confirm SUCC",
    "action.confirm_abend": "Confirm ABEND",
    "action.submit": "Submit job stream",
    "status.pending": "Pending",
    "status.approved": "Approved",
    "status.rejected": "Rejected",
    "status.expired": "Expired",
    "status.executing": "Executing",
    "status.succeeded": "Succeeded",
    "status.failed": "Failed",
    "status.outcome_unknown": "Outcome unknown: re-check",
    "intent.greeting": "Greeting",
    "intent.general": "Knowledge",
    "intent.status": "Status",
    "intent.troubleshooting": "Troubleshooting",
    "intent.job_management": "Job management",
    "intent.monitoring": "Monitoring",
    "intent.analysis": "Analysis",
    "intent.reporting": "Reporting",
    "intent.unknown": "Unclear",
    "mode.rag_only": "Knowledge base",
    "mode.agentic": "Agent",
    "mode.diagnostic": "Diagnostic",
    "risk.low": "low",
    "risk.medium": "medium",
    "risk.high": "high",
    "risk.critical": "critical",
    "role.viewer": "viewer",
    "role.operator": "operator",
    "role.admin": "admin",
    feedback_label: "Rate this answer",
    feedback_up: "Helpful answer",
    feedback_down: "Answer with a problem",
    feedback_title: "What was wrong?",
    feedback_reason: "Reason",
    feedback_comment: "Comment (optional)",
    feedback_saved: "Rating saved.",
    feedback_failed: "Could not save the rating.",
    "reason.wrong_intent": "misunderstood the question",
    "reason.wrong_data": "wrong data",
    "reason.not_helpful": "not helpful",
    "reason.wrong_language": "wrong language",
  },
};

let current = readStoredLanguage();

function readStoredLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "pt";
  } catch {
    return "pt";
  }
}

export function language() {
  return current;
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key, vars = {}) {
  const text = TEXTS[current][key] ?? TEXTS.pt[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : ""));
}

/** A label for an enum value (`status.pending`), falling back to the raw value. */
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  return key in TEXTS[current] ? TEXTS[current][key] : String(value ?? "");
}

/** Add a page's own texts (the console's views) to both languages; existing keys stay. */
export function addTexts(pt, en) {
  for (const [key, value] of Object.entries(pt)) if (!(key in TEXTS.pt)) TEXTS.pt[key] = value;
  for (const [key, value] of Object.entries(en)) if (!(key in TEXTS.en)) TEXTS.en[key] = value;
}

export function setLanguage(lang) {
  current = lang === "en" ? "en" : "pt";
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  applyTranslations(document);
}

/** Fill every element marked with data-i18n (text), data-i18n-placeholder, data-i18n-aria-label. */
export function applyTranslations(root) {
  document.documentElement.lang = current === "en" ? "en" : "pt-BR";
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  }
}
