// The realtime dashboard: one board per poll over /ws/monitoring (ticket from the API).
import { api, ApiError, hasCredentials, saveCredentials, clearCredentials } from "./api.js";
import { h, clear } from "./dom.js";
import { applyTranslations, language, setLanguage, t } from "./i18n.js";
import { initTheme } from "./theme.js";

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];
const root = document.getElementById("dashboard");
const status = document.getElementById("dash-status");
const login = document.getElementById("dash-login");
let attempt = 0;
let lastBoard = null;

function setStatus(state) {
  status.dataset.state = state;
  status.textContent = t(`dash_${state}`);
}

function text(item) {
  const texts = item.texts || {};
  return (texts[language()] && texts[language()].title) || item.title || "";
}

function time(iso) {
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(11, 16) + " UTC";
}

function render(board) {
  lastBoard = board;
  const counts = document.getElementById("dash-counts");
  clear(counts);
  const states = Object.entries(board.counts || {}).sort((a, b) => b[1] - a[1]);
  for (const [state, count] of states) {
    counts.append(h("li", { class: `count state-${state.toLowerCase()}`, "data-state": state },
      h("strong", {}, String(count)), h("span", {}, state)));
  }
  const at = document.getElementById("dash-at");
  at.textContent = time(board.at);
  at.dateTime = board.at;
  const bars = document.getElementById("dash-throughput");
  clear(bars);
  const ended = board.throughput.ended;
  const most = Math.max(1, ...ended);
  ended.forEach((count, index) => {
    const level = Math.round((count / most) * 10);
    bars.append(h("li", { class: `bar level-${level}`, title: String(count) },
      h("span", { class: "value" }, String(count)),
      h("span", { class: "label" }, index === ended.length - 1 ? t("dash_now") : "")));
  });
  const risks = document.getElementById("dash-risks");
  clear(risks);
  if (!board.risks.length) risks.append(h("li", { class: "muted" }, t("dash_no_risks")));
  for (const risk of board.risks) {
    risks.append(h("li", { class: "risk" },
      h("strong", {}, risk.job_name), ` ${text(risk)} — `,
      h("span", { class: "left" }, t("dash_minutes_left", { minutes: risk.minutes_left }))));
  }
  const alerts = document.getElementById("dash-alerts");
  clear(alerts);
  document.getElementById("dash-alert-count").textContent = String(board.alerts_total);
  const newest = [...board.alerts].sort((a, b) => (a.first_seen < b.first_seen ? 1 : -1));
  if (!newest.length) alerts.append(h("li", { class: "muted" }, t("dash_no_alerts")));
  for (const alert of newest) {
    alerts.append(h("li", { class: `alert severity-${alert.severity}`, "data-kind": alert.kind },
      h("span", { class: "severity" }, alert.severity), h("span", { class: "title" }, text(alert)),
      h("time", { datetime: alert.first_seen }, time(alert.first_seen))));
  }
  const map = document.getElementById("dash-workstations");
  clear(map);
  for (const ws of board.workstations) {
    map.append(h("li", { class: `ws ${ws.up ? "up" : "down"}`, title: ws.type },
      h("strong", {}, ws.name), h("span", {}, ws.up ? t("dash_ws_up") : t("dash_ws_down"))));
  }
  root.dataset.ready = "true";
}

async function connect() {
  let ticket;
  try {
    ticket = (await api.ticket()).ticket;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      clearCredentials();
      showLogin();
      return;
    }
    retry();
    return;
  }
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}/ws/monitoring?ticket=${encodeURIComponent(ticket)}`);
  ws.addEventListener("open", () => {
    attempt = 0;
    setStatus("live");
  });
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "board") render(frame);
    else if (frame.type === "waiting") setStatus("waiting");
  });
  ws.addEventListener("close", () => retry());
}

function retry() {
  setStatus("offline");
  const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
  attempt += 1;
  setTimeout(connect, wait);
}

function showLogin() {
  root.hidden = true;
  login.hidden = false;
  document.getElementById("dash-username").focus();
}

login.addEventListener("submit", async (event) => {
  event.preventDefault();
  saveCredentials(document.getElementById("dash-username").value,
    document.getElementById("dash-password").value);
  const error = document.getElementById("dash-login-error");
  try {
    await api.me();
  } catch {
    clearCredentials();
    error.hidden = false;
    error.textContent = t("dash_login_failed");
    return;
  }
  start();
});

function start() {
  login.hidden = true;
  root.hidden = false;
  connect();
}

document.getElementById("lang-toggle").addEventListener("click", () => {
  setLanguage(language() === "en" ? "pt" : "en");
  setStatus(status.dataset.state);
  if (lastBoard) render(lastBoard);
});

applyTranslations(document);
initTheme();
setStatus("offline");
if (hasCredentials()) start();
else showLogin();
