// The operator chat page: login, conversations, live answers, approvals, reconnection.
import { api, ApiError, clearCredentials } from "./api.js";
import { ApprovalBoard } from "./approvals.js";
import { confirmAction } from "./dialog.js";
import { h, clear } from "./dom.js";
import { feedbackBar } from "./feedback.js";
import { language, t } from "./i18n.js";
import {
  appendDelta, fillAnswer, fillError, fillPlanGlance, renderPendingAnswer, renderStoredMessage,
  renderUserMessage, renderWelcome,
} from "./render.js";
import { resetLoginForm, resumeSession, showUser, startPage } from "./session.js";
import { ChatSocket } from "./socket.js";

const CONVERSATION_KEY = "resync.conversation";
const APPROVALS_POLL_MS = 30000;
const HEALTH_POLL_MS = 30000;
const $ = (id) => document.getElementById(id);

const state = {
  user: null,
  conversationId: sessionStorage.getItem(CONVERSATION_KEY) || null,
  pending: null, // the assistant message element waiting for its result
  abandoned: 0, // socket answers still due for messages whose view the operator left
  connection: { name: "offline", info: {} },
  hwa: "unknown", // HWA's status from /health/core: ok, degraded, down, disabled
  approvalsTimer: null,
  healthTimer: null,
};

const board = new ApprovalBoard({ getUser: () => state.user, announce, ask: (text) => askExample(text) });
const socket = new ChatSocket({
  onFrame: handleFrame,
  onState: (name, info) => {
    showConnection(name, info);
    if (name === "online") checkHealth();
  },
  onReconnected: () => {
    state.abandoned = 0; // answers to the old connection's messages never arrive
    reloadConversation();
    loadPendingApprovals();
  },
  onClosed: (code) => {
    if (state.pending && code === 1009) failPending({ detail: t("error_too_large") });
  },
  onUnauthorized: () => signOut(t("session_expired")),
});

function announce(text) {
  const region = $("announcer");
  region.textContent = "";
  // A fresh text node after a tick makes screen readers announce repeated texts too.
  setTimeout(() => {
    region.textContent = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }, 50);
}

// ---- login -------------------------------------------------------------------------------

function showLogin(message) {
  $("chat-view").hidden = true;
  $("login-view").hidden = false;
  $("logout").hidden = true;
  $("user-label").hidden = true;
  $("sidebar-toggle").hidden = true;
  $("connection-status").hidden = true;
  resetLoginForm(message);
}

function signIn(user) {
  state.user = user;
  $("login-view").hidden = true;
  $("chat-view").hidden = false;
  $("logout").hidden = false;
  $("sidebar-toggle").hidden = false;
  $("connection-status").hidden = false;
  showUser(user);
  socket.start();
  checkHealth();
  state.healthTimer = setInterval(() => {
    if (!document.hidden) checkHealth();
  }, HEALTH_POLL_MS);
  loadConversations();
  const canDecide = user.role === "operator" || user.role === "admin";
  $("approvals-panel").hidden = !canDecide;
  if (canDecide) {
    loadPendingApprovals();
    state.approvalsTimer = setInterval(() => {
      if (!document.hidden) loadPendingApprovals();
    }, APPROVALS_POLL_MS);
  }
  if (state.conversationId) openConversation(state.conversationId);
  else showWelcome();
  $("composer-input").focus();
}

function signOut(message) {
  socket.stop();
  clearInterval(state.approvalsTimer);
  clearInterval(state.healthTimer);
  clearCredentials();
  sessionStorage.removeItem(CONVERSATION_KEY);
  Object.assign(state, { user: null, conversationId: null, pending: null });
  clear($("messages"));
  clear($("conversation-list"));
  clear($("approval-list"));
  showLogin(message);
}

function showConnection(name, info = {}) {
  state.connection = { name, info };
  const el = $("connection-status");
  el.dataset.state = name;
  const key = { online: "conn_online", connecting: "conn_connecting", retry: "conn_retry" }[name] || "conn_offline";
  el.dataset.hwa = state.hwa;
  // The socket says whether Resync answers; HWA's health says whether the plan can be read.
  const hwa = name === "online" && state.hwa !== "unknown" ? ` · ${t(`hwa_${state.hwa}`)}` : "";
  el.textContent = t(key, info) + hwa;
  el.title = el.textContent;
}

async function checkHealth() {
  let hwa = "unknown";
  try {
    const report = await api.health();
    const component = report && report.components && report.components.hwa;
    hwa = component && ["ok", "degraded", "down", "disabled"].includes(component.status) ? component.status : "unknown";
  } catch (error) {
    hwa = error instanceof ApiError && error.status === 503 ? "down" : "unknown";
  }
  state.hwa = hwa;
  showConnection(state.connection.name, state.connection.info);
}

// ---- conversations -----------------------------------------------------------------------

function conversationTitle(conversation) {
  const title = conversation.title || conversation.preview || conversation.first_message;
  if (title) return String(title);
  const when = conversation.updated_at || conversation.created_at;
  const date = when ? new Date(when) : null;
  if (date && !Number.isNaN(date.getTime())) {
    return date.toLocaleString(language() === "en" ? "en-US" : "pt-BR", { dateStyle: "short", timeStyle: "short" });
  }
  return String(conversation.id);
}

async function loadConversations() {
  let conversations;
  try {
    conversations = await api.conversations();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signOut(t("session_expired"));
    return;
  }
  const list = clear($("conversation-list"));
  if (conversations.length === 0) {
    list.append(h("li", { class: "empty" }, t("no_conversations")));
    return;
  }
  for (const conversation of conversations) {
    const title = conversationTitle(conversation);
    const current = conversation.id === state.conversationId;
    const open = h("button", { type: "button", class: "conversation-open", "aria-current": current ? "true" : null }, title);
    const remove = h(
      "button",
      { type: "button", class: "conversation-delete icon-button", "aria-label": `${t("delete_conversation")}: ${title}` },
      "×",
    );
    open.addEventListener("click", () => openConversation(conversation.id, true));
    remove.addEventListener("click", () => deleteConversation(conversation.id));
    list.append(h("li", { dataset: { conversationId: conversation.id } }, open, remove));
  }
}

function markCurrentConversation() {
  for (const item of $("conversation-list").querySelectorAll("li[data-conversation-id]")) {
    const button = item.querySelector(".conversation-open");
    if (item.dataset.conversationId === state.conversationId) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
}

function setConversation(id) {
  state.conversationId = id || null;
  if (id) sessionStorage.setItem(CONVERSATION_KEY, id);
  else sessionStorage.removeItem(CONVERSATION_KEY);
  markCurrentConversation();
}

function showWelcome() {
  const messages = clear($("messages"));
  board.prune();
  messages.append(welcomeView());
}

/** The operator leaves the view while an answer is due: its frames must not land here. */
function abandonPending() {
  if (!state.pending) return;
  if (socket.isOpen) state.abandoned += 1;
  state.pending = null;
  setBusy(false);
}

async function openConversation(id, fromSidebar = false) {
  if (id !== state.conversationId) abandonPending();
  setConversation(id);
  closeSidebar(false);
  let messages;
  try {
    messages = await api.messages(id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signOut(t("session_expired"));
    else if (error instanceof ApiError && error.status === 404) {
      setConversation(null);
      showWelcome();
    }
    return;
  }
  let ratings = {};
  try {
    ratings = (await api.conversationFeedback(id)) || {};
  } catch {
    // the ratings are a courtesy: the conversation shows without them
  }
  if (state.conversationId !== id) return; // the operator moved on meanwhile
  const container = clear($("messages"));
  // Same conversation reloaded (after a reconnect): the history now holds what was due.
  state.pending = null;
  setBusy(false);
  board.prune();
  for (const message of messages) {
    const el = renderStoredMessage(message, board);
    if (message.role === "assistant" && message.result) {
      const rating = ratings[message.id] ? ratings[message.id].rating : null;
      el.append(feedbackBar(id, message.id, rating, announce));
    }
    container.append(el);
  }
  if (messages.length === 0) container.append(welcomeView());
  scrollToEnd();
  if (fromSidebar) $("composer-input").focus();
}

function reloadConversation() {
  if (state.conversationId) openConversation(state.conversationId);
  else if (state.pending) failPending({ detail: t("conn_lost_pending") });
  loadConversations();
}

async function deleteConversation(id) {
  if (!(await confirmAction(t("delete_confirm_title"), t("delete_confirm_text")))) return;
  try {
    await api.deleteConversation(id);
  } catch {
    return;
  }
  if (state.conversationId === id) {
    setConversation(null);
    showWelcome();
  }
  await loadConversations();
  $("new-conversation").focus();
}

function newConversation() {
  abandonPending();
  setConversation(null);
  showWelcome();
  closeSidebar(false);
  $("composer-input").focus();
}

/** The welcome screen, then the plan at a glance once HWA answers. */
function welcomeView() {
  const welcome = renderWelcome(askExample);
  welcome.removeAttribute("data-ready");
  api.planOverview().then(
    (overview) => fillPlanGlance(welcome, overview),
    () => fillPlanGlance(welcome, null),
  ).finally(() => welcome.setAttribute("data-ready", "true"));
  return welcome;
}

function askExample(text) {
  if (state.pending) return;
  send(text);
  $("composer-input").focus();
}

// ---- messages ----------------------------------------------------------------------------

function scrollToEnd() {
  const messages = $("messages");
  messages.scrollTop = messages.scrollHeight;
}

function setBusy(busy) {
  $("send-button").disabled = busy;
  $("composer").setAttribute("aria-busy", String(busy));
}

async function send(text) {
  if (state.pending || !text.trim()) return;
  const messages = $("messages");
  const welcome = messages.querySelector(".welcome");
  if (welcome) welcome.remove();
  messages.append(renderUserMessage(text, new Date().toISOString()));
  state.pending = renderPendingAnswer();
  messages.append(state.pending);
  setBusy(true);
  scrollToEnd();
  const frame = { type: "message", text };
  if (state.conversationId) frame.conversation_id = state.conversationId;
  if (socket.send(frame)) return;
  const mine = state.pending;
  try {
    const result = await api.chat(text, state.conversationId);
    if (state.pending === mine) handleResult(result);
    else loadConversations();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signOut(t("session_expired"));
    else if (state.pending === mine) failPending({ detail: error.detail || error.message, trace_id: error.traceId });
  }
}

function handleResult(result) {
  if (!state.pending) {
    state.pending = renderPendingAnswer();
    $("messages").append(state.pending);
  }
  fillAnswer(state.pending, result, board);
  if (result.conversation_id && result.message_id) {
    state.pending.append(feedbackBar(result.conversation_id, result.message_id, null, announce));
  }
  state.pending = null;
  setBusy(false);
  scrollToEnd();
  announce(t("answer_announce", { text: result.answer || "" }));
  if (result.conversation_id && result.conversation_id !== state.conversationId) {
    setConversation(result.conversation_id);
    loadConversations();
  }
}

function failPending(error) {
  if (!state.pending) {
    announce(`${t("error_prefix")}: ${error.detail || t("error_generic")}`);
    return;
  }
  fillError(state.pending, error);
  state.pending = null;
  setBusy(false);
  scrollToEnd();
  announce(`${t("error_prefix")}: ${error.detail || t("error_generic")}`);
}

function handleFrame(frame) {
  if (state.abandoned > 0 && ["delta", "result", "error"].includes(frame.type)) {
    if (frame.type !== "delta") {
      state.abandoned -= 1;
      loadConversations();
    }
    return;
  }
  if (frame.type === "delta") {
    if (state.pending && typeof frame.text === "string") {
      appendDelta(state.pending, frame.text);
      scrollToEnd();
    }
  } else if (frame.type === "result") {
    handleResult(frame);
  } else if (frame.type === "approval") {
    const { type, ...approval } = frame;
    board.update(approval);
    if (!$("approvals-panel").hidden) loadPendingApprovals();
  } else if (frame.type === "error") {
    failPending(frame);
  }
}

// ---- approvals panel ---------------------------------------------------------------------

async function loadPendingApprovals() {
  if (!state.user || $("approvals-panel").hidden) return;
  let approvals;
  try {
    approvals = await api.approvals("pending");
  } catch {
    return;
  }
  const list = clear($("approval-list"));
  board.prune();
  if (approvals.length === 0) list.append(h("p", { class: "empty" }, t("no_pending_approvals")));
  for (const approval of approvals) list.append(board.card(approval));
}

// ---- layout, language, keyboard ----------------------------------------------------------

function toggleSidebar() {
  const open = !$("chat-view").classList.contains("sidebar-open");
  $("chat-view").classList.toggle("sidebar-open", open);
  $("sidebar-toggle").setAttribute("aria-expanded", String(open));
  if (open) $("new-conversation").focus();
}

function closeSidebar(returnFocus) {
  if (!$("chat-view").classList.contains("sidebar-open")) return;
  $("chat-view").classList.remove("sidebar-open");
  $("sidebar-toggle").setAttribute("aria-expanded", "false");
  if (returnFocus) $("sidebar-toggle").focus();
}

function languageChanged() {
  showUser(state.user);
  showConnection(state.connection.name, state.connection.info);
  if (!state.user) return;
  if (state.conversationId && !state.pending) openConversation(state.conversationId);
  else if (!state.conversationId && !state.pending) showWelcome();
  loadConversations();
  loadPendingApprovals();
}

function init() {
  startPage({ signedIn: signIn, onLogout: () => signOut(), onLanguage: languageChanged });
  $("sidebar-toggle").addEventListener("click", toggleSidebar);
  $("new-conversation").addEventListener("click", newConversation);
  $("approvals-refresh").addEventListener("click", loadPendingApprovals);
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("composer-input");
    if (state.pending || !input.value.trim()) return;
    const text = input.value;
    input.value = "";
    send(text);
  });
  $("composer-input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeSidebar(true);
  });
  window.addEventListener("online", () => socket.reconnectNow());

  resumeSession({ signedIn: signIn, signedOut: (message) => showLogin(message) });
}

init();
