// Rendering chat messages and the structured parts of a RoutingResult as DOM nodes.
import { h, clear, displayValue } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { t, label, language } from "./i18n.js";
import { valueNode } from "./values.js";

const STATUS_COLUMN = /^(status|estado|state)$/i;

function formatTime(value) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString(language() === "en" ? "en-US" : "pt-BR", {
    hour: "2-digit",
    minute: "2-digit",
  });
}

function messageShell(role, createdAt) {
  const who = role === "user" ? t("you") : t("assistant");
  const time = formatTime(createdAt);
  return h(
    "article",
    { class: `message message-${role}`, "aria-label": who },
    h("header", { class: "message-meta" }, h("span", { class: "who" }, who), time && h("time", {}, time)),
    h("div", { class: "message-body" }),
  );
}

export function renderUserMessage(text, createdAt) {
  const el = messageShell("user", createdAt);
  el.querySelector(".message-body").append(renderMarkdown(text));
  return el;
}

export function renderPendingAnswer() {
  const el = messageShell("assistant", new Date().toISOString());
  el.classList.add("pending");
  el.setAttribute("aria-busy", "true");
  el.querySelector(".message-body").append(
    h("p", { class: "thinking" }, t("thinking")),
    h("div", { class: "stream" }),
  );
  return el;
}

export function appendDelta(el, text) {
  const stream = el.querySelector(".stream");
  const thinking = el.querySelector(".thinking");
  if (thinking) thinking.remove();
  if (stream) stream.append(document.createTextNode(text));
}

function badge(result) {
  const confidence = Number(result.confidence);
  const percent = Number.isFinite(confidence) ? `${Math.round(confidence * 100)}%` : "—";
  return h(
    "p",
    { class: "badges" },
    result.intent &&
      h("span", { class: "badge badge-intent", title: t("intent") }, `${t("intent")}: ${label("intent", result.intent)}`),
    result.routing_mode &&
      h("span", { class: "badge badge-mode", title: result.handler || "" }, `${t("mode")}: ${label("mode", result.routing_mode)}`),
    h("span", { class: "badge badge-confidence" }, `${t("confidence")}: ${percent}`),
    result.degraded && h("span", { class: "badge badge-degraded" }, t("degraded")),
    result.trace_id && traceChip(result.trace_id),
  );
}

// The answer's own trace id, with a button that copies it (for a ticket or the logs).
function traceChip(traceId) {
  const button = h(
    "button",
    { type: "button", class: "trace-copy", "aria-label": t("copy_trace_label", { id: traceId }) },
    t("copy_trace"),
  );
  const text = h("code", { class: "trace-id" }, traceId);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(traceId);
      button.textContent = t("copied");
    } catch {
      // no clipboard access: select the id so Ctrl+C copies it
      const range = document.createRange();
      range.selectNodeContents(text);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      button.textContent = t("copy_selected");
    }
    setTimeout(() => {
      button.textContent = t("copy_trace");
    }, 2500);
  });
  return h("small", { class: "trace" }, `${t("trace")}: `, text, " ", button);
}

function tablePart(part) {
  const columns = Array.isArray(part.columns) ? part.columns : [];
  const rows = Array.isArray(part.rows) ? part.rows : [];
  const statusIndex = columns.findIndex((c) => STATUS_COLUMN.test(String(c)));
  const caption = part.title ? h("caption", {}, part.title) : null;
  const head = h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, displayValue(c)))));
  const body = h(
    "tbody",
    {},
    rows.map((row) =>
      h(
        "tr",
        {},
        (Array.isArray(row) ? row : [row]).map((cell, index) => {
          const text = displayValue(cell);
          const name = { "data-label": displayValue(columns[index] ?? "") };
          if (index !== statusIndex) return h("td", name, text);
          const tone = text.toLowerCase().replace(/[^a-z]/g, "");
          return h("td", name, h("span", { class: `job-status job-status-${tone}` }, text));
        }),
      ),
    ),
  );
  const total = Number(part.total);
  return h(
    "figure",
    { class: "part part-table" },
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": part.title || t("table_label") },
      h("table", {}, caption, head, body),
    ),
    Number.isFinite(total) && total > rows.length &&
      h("figcaption", {}, t("showing_rows", { shown: rows.length, total })),
    rows.length > 0 &&
      h(
        "div",
        { class: "part-actions" },
        downloadButton(
          t("download_csv"),
          fileName(part.title, "csv"),
          "text/csv",
          [columns, ...rows].map((row) => (Array.isArray(row) ? row : [row]).map(csvCell).join(",")).join("\n") + "\n",
        ),
      ),
  );
}

// A download of what a part shows (the whole log, the whole table as CSV), made in the
// page: nothing is fetched again.
function downloadButton(label, filename, type, text) {
  const button = h("button", { type: "button", class: "part-download" }, label);
  button.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = h("a", { href: url, download: filename, hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return button;
}

function csvCell(value) {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",;\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function fileName(text, extension) {
  const base = String(text || "resync").replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "");
  return `${base || "resync"}.${extension}`;
}

function logPart(part) {
  const lines = Array.isArray(part.lines) ? part.lines : [];
  const first = Number.isFinite(Number(part.first_line)) && part.first_line !== null ? Number(part.first_line) : null;
  const title = [part.title || t("log_lines"), part.job_id].filter(Boolean).join(" · ");
  const code = h("code", {});
  lines.forEach((line, index) => {
    const row = h("span", { class: "log-line" });
    if (first !== null) row.append(h("span", { class: "log-number", "aria-hidden": "true" }, String(first + index)));
    row.append(String(line));
    code.append(row, "\n");
  });
  const text = lines.map(String).join("\n") + "\n";
  return h(
    "figure",
    { class: "part part-log" },
    h(
      "figcaption",
      {},
      title,
      " ",
      downloadButton(t("download_log"), fileName(part.job_id || part.title, "log"), "text/plain", text),
    ),
    h("pre", { class: "log-block", tabindex: "0" }, code),
  );
}

function safeHref(source) {
  try {
    const url = new URL(source, location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function citationsPart(part) {
  const items = Array.isArray(part.items) ? part.items : [];
  return h(
    "aside",
    { class: "part part-citations", "aria-label": t("sources") },
    h("p", { class: "part-title" }, t("sources")),
    h(
      "ol",
      {},
      items.map((item) => {
        const href = item.source && /^https?:/i.test(item.source) ? safeHref(item.source) : null;
        const title = href
          ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, item.title || item.source)
          : h("strong", {}, item.title || item.source || "—");
        return h(
          "li",
          {},
          title,
          item.section && h("span", { class: "cite-section" }, ` — ${item.section}`),
          item.source && !href && h("span", { class: "cite-source" }, ` (${item.source})`),
          item.excerpt && h("blockquote", {}, item.excerpt),
        );
      }),
    ),
  );
}

function cardPart(part) {
  const fields = part.fields && typeof part.fields === "object" ? Object.entries(part.fields) : [];
  const tone = ["info", "ok", "warn", "error"].includes(part.tone) ? part.tone : "info";
  return h(
    "section",
    { class: `part part-card tone-${tone}` },
    h("p", { class: "part-title" }, part.title || ""),
    fields.length > 0 &&
      h("dl", {}, fields.map(([key, value]) => [h("dt", {}, label("field", key)), h("dd", {}, valueNode(value))])),
  );
}

// A file the answer attaches (a report as CSV or Markdown): a real download, made in the page.
function exportPart(part) {
  const markdown = part.format === "markdown";
  const extension = markdown ? "md" : "csv";
  const filename = part.filename ? String(part.filename) : fileName("resync", extension);
  const type = part.media_type || (markdown ? "text/markdown" : "text/csv");
  const text = String(part.content ?? "");
  const rows = Math.max(text.split("\n").filter((line) => line.trim()).length - 1, 0);
  return h(
    "figure",
    { class: "part part-export" },
    h(
      "figcaption",
      {},
      h("span", { class: "export-name" }, filename),
      " ",
      h("span", { class: "export-size" }, markdown ? t("export_markdown") : t("export_csv", { rows })),
      " ",
      downloadButton(t("download_file", { name: filename }), filename, type, text),
    ),
  );
}

/** Render a RoutingResult's answer, parts and badge into the message element. */
export function fillAnswer(el, result, approvals) {
  el.classList.remove("pending");
  el.removeAttribute("aria-busy");
  const body = clear(el.querySelector(".message-body"));
  body.append(renderMarkdown(result.answer || ""));
  const parts = Array.isArray(result.parts) ? result.parts : [];
  const approval = result.approval && result.approval.id ? result.approval : null;
  let approvalShown = false;
  for (const part of parts) {
    if (!part || typeof part !== "object") continue;
    if (part.kind === "table") body.append(tablePart(part));
    else if (part.kind === "log") body.append(logPart(part));
    else if (part.kind === "citations") body.append(citationsPart(part));
    else if (part.kind === "card") body.append(cardPart(part));
    else if (part.kind === "export") body.append(exportPart(part));
    else if (part.kind === "action") {
      const id = part.approval_id || null;
      // ActionPart ids are strings, approval request ids numbers: compare them as text.
      const same = Boolean(approval && id !== null && String(approval.id) === String(id));
      const merged = { ...part, id, ...(same ? approval : {}) };
      if (same) approvalShown = true;
      body.append(approvals.card(merged));
    }
  }
  if (approval && !approvalShown) body.append(approvals.card(approval));
  body.append(badge(result));
}

export function fillError(el, error) {
  el.classList.remove("pending");
  el.classList.add("error");
  el.removeAttribute("aria-busy");
  const body = clear(el.querySelector(".message-body"));
  body.append(
    h("p", { class: "error-text", role: "alert" }, `${t("error_prefix")}: ${error.detail || t("error_generic")}`),
    error.trace_id && h("p", { class: "badges" }, h("small", { class: "trace" }, `${t("trace")}: ${error.trace_id}`)),
  );
}

/** A stored message from GET /conversations/{id}/messages. */
export function renderStoredMessage(message, approvals) {
  if (message.role === "user") return renderUserMessage(message.text || "", message.created_at);
  const el = messageShell("assistant", message.created_at);
  const result = message.result && typeof message.result === "object" ? message.result : { answer: message.text || "" };
  if (!result.answer && message.text) result.answer = message.text;
  fillAnswer(el, result, approvals);
  if (!message.result) el.querySelector(".badges").remove();
  return el;
}

const EXAMPLES = ["example_abends", "example_plan", "example_late", "example_prompts"];

/** The welcome screen; each example question is a button that asks it (`onAsk(text)`). */
export function renderWelcome(onAsk) {
  const examples = EXAMPLES.map((key) => {
    const button = h("button", { type: "button", class: "example-question" }, t(key));
    if (onAsk) button.addEventListener("click", () => onAsk(t(key)));
    return h("li", {}, button);
  });
  return h(
    "section",
    { class: "welcome", "data-view": "welcome", "data-ready": "true" },
    h("h2", {}, t("welcome_title")),
    h("p", {}, t("welcome_text")),
    h("section", { class: "plan-glance", "aria-live": "polite" }, h("p", { class: "muted" }, t("glance_loading"))),
    h("p", { class: "examples-title" }, t("examples_title")),
    h("ul", { class: "example-questions" }, examples),
  );
}

function names(rows) {
  const list = (Array.isArray(rows) ? rows : []).map((row) => row.name);
  return list.length > 5 ? `${list.slice(0, 5).join(", ")}, +${list.length - 5}` : list.join(", ");
}

/** The plan at a glance (GET /api/v1/plan/overview) in the welcome screen, or why not. */
export function fillPlanGlance(welcome, overview) {
  const box = welcome.querySelector(".plan-glance");
  if (!box) return;
  clear(box);
  if (!overview) {
    box.append(h("p", { class: "muted" }, t("glance_unavailable")));
    return;
  }
  const problems = [
    ["glance_failed", overview.failed_jobs],
    ["glance_late", overview.late_jobs],
    ["glance_prompts", overview.prompts_waiting],
    ["glance_stuck", overview.stuck_streams],
    ["glance_workstations", overview.unavailable_workstations],
  ].filter(([, rows]) => Array.isArray(rows) && rows.length > 0);
  box.append(
    h("h3", {}, t("glance_title", { total: overview.total_jobs ?? "—" })),
    h("dl", {},
      h("dt", {}, t("glance_jobs")), h("dd", {}, valueNode(overview.jobs_by_state || {})),
      h("dt", {}, t("glance_streams")), h("dd", {}, valueNode(overview.streams_by_state || {})),
    ),
    problems.length
      ? h("ul", { class: "glance-problems" },
          problems.map(([key, rows]) => h("li", {}, `${t(key, { count: rows.length })}: ${names(rows)}`)))
      : h("p", { class: "glance-ok" }, t("glance_no_problems")),
  );
}
