// Review (revisão): thumbs-down and doubtful answers, newest first; a reviewer reads the
// decision and the conversation and resolves each (golden case, incident, knowledge gap,
// dismiss). The classifier's accuracy on the accepted golden cases is shown on top.
import { h, displayValue } from "../../js/dom.js";
import { storedCredentials } from "../../js/api.js";
import { label } from "../../js/i18n.js";
import { facts, pill, section, table, when } from "../table.js";
import "../texts-review.js";

const INTENTS = ["greeting", "general", "status", "troubleshooting", "job_management", "monitoring", "analysis", "reporting", "unknown"];
const ROUTINGS = ["rag_only", "agentic", "diagnostic"];
const ACTIONS = ["golden", "incident", "knowledge_gap", "dismiss"];

function percent(value) {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(0)}%`;
}

function select(id, values, labelOf, keep) {
  return h("select", { id }, keep ? h("option", { value: "" }, keep) : null, values.map((v) => h("option", { value: v }, labelOf(v))));
}

function field(id, text, control) {
  return h("div", { class: "field" }, h("label", { for: id }, text), control);
}

async function goldenText() {
  const headers = { Accept: "application/yaml", "X-Requested-With": "resync" };
  const basic = storedCredentials();
  if (basic) headers.Authorization = `Basic ${basic}`;
  const response = await fetch("/api/v1/review/golden.yaml", { headers, credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

export default {
  name: "review",
  titleKey: "view_review",
  role: "admin",
  async render(root, ctx) {
    const { api, t } = ctx;
    const status = select("review-status", ["open", "resolved", "all"], (v) => t(`rv_status.${v}`));
    const kind = select("review-kind", ["feedback", "doubtful"], (v) => t(`rv_kind.${v}`), t("rv_all"));
    const accuracy = h("div", { "data-accuracy": "" });
    const list = h("div", { "data-review-list": "" });
    const detail = h("div", { class: "review-detail", "data-review-detail": "" });
    const golden = h("pre", { class: "golden", "data-golden": "", hidden: true });
    const goldenButton = h("button", { type: "button", class: "ghost" }, t("rv_golden"));

    async function showAccuracy() {
      const data = await api.get("/api/v1/review/accuracy");
      accuracy.replaceChildren(data.cases
        ? h("p", {}, t("rv_accuracy_text", { cases: data.cases, intent: percent(data.intent_accuracy), routing: percent(data.routing_accuracy) }))
        : h("p", { class: "empty-state" }, t("rv_accuracy_none")));
      if (data.failures && data.failures.length) {
        accuracy.append(h("ul", {}, data.failures.map((f) => h("li", {}, h("q", {}, f.input), ` — ${f.expected} → ${f.predicted}`))));
      }
    }

    async function showList() {
      const query = new URLSearchParams({ status: status.value });
      if (kind.value) query.set("kind", kind.value);
      const { items } = await api.get(`/api/v1/review?${query}`);
      list.replaceChildren(table({
        rows: items,
        empty: t("rv_empty"),
        columns: [
          { key: "created_at", label: "", cell: (r) => when(r.created_at) },
          { key: "text", label: t("rv_question") },
          { key: "intent", label: t("rv_decision"), value: (r) => r.decision.intent, cell: (r) => `${label("intent", r.decision.intent) || r.decision.intent} · ${percent(r.decision.confidence)}` },
          { key: "doubts", label: t("rv_doubts"), value: (r) => r.doubts.join(", ") },
          { key: "feedback", label: t("rv_feedback"), value: (r) => (r.feedback ? `${r.feedback.rating}${r.feedback.reason ? ` · ${label("reason", r.feedback.reason)}` : ""}` : "") },
          { key: "status", label: t("rv_status"), cell: (r) => pill(r.status === "open" ? "degraded" : "ok", r.status) },
          { key: "open", label: "", value: () => "", cell: (r) => {
            const button = h("button", { type: "button", class: "ghost small", "data-open": r.id }, t("rv_open"));
            button.addEventListener("click", () => showItem(r.id));
            return button;
          } },
        ],
        onRow: (tr, r) => tr.setAttribute("data-item", r.id),
      }));
    }

    async function showItem(id) {
      const item = await api.get(`/api/v1/review/${encodeURIComponent(id)}`);
      const d = item.decision;
      const action = select("resolve-action", ACTIONS, (v) => t(`rv_action.${v}`));
      const intent = select("resolve-intent", INTENTS, (v) => label("intent", v) || v, t("rv_keep"));
      const routing = select("resolve-routing", ROUTINGS, (v) => label("mode", v) || v, t("rv_keep"));
      const entities = h("textarea", { id: "resolve-entities", rows: "2", class: "code-input" });
      entities.value = JSON.stringify(d.entities || {});
      const note = h("textarea", { id: "resolve-note", rows: "2", maxlength: "4000" });
      const job = h("input", { id: "resolve-job", value: (d.entities && d.entities.job_name && d.entities.job_name[0]) || "" });
      const cause = h("textarea", { id: "resolve-cause", rows: "2" });
      const fix = h("textarea", { id: "resolve-fix", rows: "2" });
      const incident = h("fieldset", { hidden: true }, h("legend", {}, t("rv_action.incident")),
        field("resolve-job", t("rv_job"), job), field("resolve-cause", t("rv_cause"), cause), field("resolve-fix", t("rv_fix"), fix));
      action.addEventListener("change", () => {
        incident.hidden = action.value !== "incident";
      });
      const message = h("p", { role: "status", "aria-live": "polite" });
      const form = h("form", { class: "resolve-form", novalidate: true },
        field("resolve-action", t("rv_action"), action), field("resolve-intent", t("rv_intent"), intent),
        field("resolve-routing", t("rv_routing"), routing), field("resolve-entities", t("rv_entities"), entities),
        field("resolve-note", t("rv_note"), note), incident,
        h("button", { type: "submit", class: "primary" }, t("rv_resolve")), message);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const body = { action: action.value };
        if (intent.value) body.intent = intent.value;
        if (routing.value) body.routing = routing.value;
        if (note.value.trim()) body.note = note.value.trim();
        try {
          const parsed = JSON.parse(entities.value || "{}");
          if (JSON.stringify(parsed) !== JSON.stringify(d.entities || {})) body.entities = parsed;
        } catch (error) {
          message.textContent = `${t("rv_entities")}: ${error.message}`;
          return;
        }
        if (action.value === "incident") body.incident = { job_name: job.value.trim(), cause: cause.value.trim(), fix: fix.value.trim() };
        try {
          await api.post(`/api/v1/review/${encodeURIComponent(id)}/resolve`, body);
        } catch (failure) {
          const problems = failure.body && Array.isArray(failure.body.detail) ? failure.body.detail.map((p) => p.msg).join("; ") : failure.message;
          message.textContent = problems;
          return;
        }
        message.textContent = t("rv_resolved", { action: t(`rv_action.${action.value}`) });
        detail.dataset.resolved = action.value;
        await Promise.all([showList(), showAccuracy()]);
      });
      detail.replaceChildren(section(`${t("rv_question")}: ${item.text}`,
        h("h3", {}, t("rv_answer")), h("blockquote", {}, item.answer),
        h("h3", {}, t("rv_decision")),
        facts([
          ["intent", d.intent], ["confidence", percent(d.confidence)], ["routing", d.routing_mode], ["handler", d.handler],
          ["tools", (d.tools || []).join(", ") || "—"], ["entities", h("code", {}, JSON.stringify(d.entities || {}))],
          ["reasons", (d.reasons || []).join("; ") || "—"], ["degraded", displayValue(d.degraded)], ["trace", d.trace_id || "—"],
          [t("rv_doubts"), item.doubts.join(", ") || "—"],
          [t("rv_feedback"), item.feedback ? `${item.feedback.rating} ${item.feedback.reason || ""} ${item.feedback.comment || ""}` : "—"],
        ]),
        h("h3", {}, t("rv_conversation")),
        h("ol", { class: "review-conversation" }, item.conversation.map((m) =>
          h("li", { "data-role": m.role, class: m.id === item.id ? "current" : null }, h("strong", {}, `${m.role}: `), m.text))),
        form));
      detail.dataset.item = id;
      action.focus();
    }

    goldenButton.addEventListener("click", async () => {
      golden.textContent = await goldenText();
      golden.hidden = false;
    });
    status.addEventListener("change", showList);
    kind.addEventListener("change", showList);
    await Promise.all([showAccuracy(), showList()]);
    root.append(
      section(t("rv_accuracy"), accuracy, goldenButton, golden),
      h("div", { class: "review-filters" }, field("review-status", t("rv_status"), status), field("review-kind", t("rv_kind"), kind)),
      list, detail,
    );
  },
};
