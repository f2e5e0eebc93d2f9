// Routing: the stored decisions with filters and paging, an explain panel per decision,
// and the last 24 hours by mode/intent/handler/outcome with p50/p95 and a timeline chart.
import { h } from "../../js/dom.js";
import { lineChart } from "../chart.js";
import { facts, ms, pill, section, table, when } from "../table.js";

const PAGE = 25;
const OUTCOME_COLORS = { ok: "#2ca02c", fallback: "#ff7f0e", error: "#d62728" };
const FILTERS = ["mode", "intent", "handler", "outcome", "text", "since", "until"];

function query(filters, offset) {
  const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  for (const name of FILTERS) {
    const value = filters[name];
    if (!value) continue;
    params.set(name, name === "since" || name === "until" ? new Date(value).toISOString() : value);
  }
  return `/admin/routing/decisions?${params}`;
}

function select(name, labelText, values) {
  const id = `routing-filter-${name}`;
  return h("div", { class: "field" }, h("label", { for: id }, labelText),
    h("select", { id, name }, h("option", { value: "" }, "—"), values.map((value) => h("option", { value }, value))));
}

function input(name, labelText, type = "text") {
  const id = `routing-filter-${name}`;
  return h("div", { class: "field" }, h("label", { for: id }, labelText), h("input", { id, name, type, maxlength: type === "text" ? 200 : null }));
}

function explain(decision, t, close) {
  const copy = h("button", { type: "button", class: "ghost small", "data-copy": decision.trace_id }, t("copy"));
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(decision.trace_id);
      copy.textContent = t("copied");
    } catch {
      const range = document.createRange();
      range.selectNodeContents(copy.previousSibling);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copy.textContent = t("selected");
    }
  });
  const closeButton = h("button", { type: "button", class: "ghost small" }, t("close"));
  closeButton.addEventListener("click", close);
  return h("aside", { class: "card explain", "data-explain": decision.id, "aria-label": t("explain") },
    h("div", { class: "panel-head" }, h("h2", {}, t("explain")), closeButton),
    facts([
      [t("col_at"), when(decision.at)],
      [t("message"), decision.message],
      [t("intent"), decision.intent],
      [t("confidence"), decision.confidence.toFixed(2)],
      [t("mode"), decision.mode],
      [t("reasons"), decision.reasons.length ? h("ul", { class: "plain-list", "data-field": "reasons" }, decision.reasons.map((r) => h("li", {}, r))) : "—"],
      [t("entities"), Object.keys(decision.entities).length
        ? h("ul", { class: "plain-list", "data-field": "entities" }, Object.entries(decision.entities).map(([kind, values]) => h("li", {}, `${kind}: ${values.join(", ")}`)))
        : t("no_entities")],
      [t("col_handler"), decision.handler],
      [t("tools"), decision.tools.length ? decision.tools.join(", ") : t("no_tools")],
      [t("decision_time"), ms(decision.decision_ms)],
      [t("handler_time"), ms(decision.handler_ms)],
      [t("total_time"), ms(decision.latency_ms)],
      [t("col_outcome"), pill(decision.outcome === "ok" ? "ok" : decision.outcome === "error" ? "down" : "degraded", decision.outcome)],
      [t("error_prefix"), decision.error || "—"],
      [t("worker"), decision.worker],
      ["trace_id", h("span", { class: "trace" }, h("code", { "data-field": "trace_id" }, decision.trace_id), " ", copy)],
    ]));
}

function groupTable(t, title, counts, latency = {}) {
  const rows = Object.entries(counts).map(([key, count]) => ({ key, count, p50: latency[key]?.p50 ?? null, p95: latency[key]?.p95 ?? null }));
  return section(title, table({
    columns: [
      { key: "key", label: title },
      { key: "count", label: t("col_count"), numeric: true },
      { key: "p50", label: "p50", numeric: true, cell: (row) => ms(row.p50) },
      { key: "p95", label: "p95", numeric: true, cell: (row) => ms(row.p95) },
    ],
    rows,
    empty: t("no_decisions_window"),
  }));
}

export default {
  name: "routing",
  titleKey: "view_routing",
  role: "admin",
  async render(root, ctx) {
    const { api, t } = ctx;
    const [stats, timeline] = await Promise.all([api.get("/admin/routing/stats"), api.get("/admin/routing/timeline?hours=24&buckets=48")]);
    const state = { offset: 0, filters: {} };
    const known = (key) => Object.keys(stats[key]);

    const summary = section(t("routing_stats"), facts([
      [t("messages"), stats.total],
      [t("errors"), stats.errors],
      ["p50", ms(stats.latency_ms.p50)],
      ["p95", ms(stats.latency_ms.p95)],
      ["max", ms(stats.latency_ms.max)],
      [t("source"), stats.source],
    ]));
    const x = timeline.starts.map((iso) => Date.parse(iso) / 1000);
    const chart = lineChart({
      title: t("decisions_over_time"),
      x,
      series: Object.entries(timeline.counts).map(([outcome, values]) => ({ label: outcome, values, color: OUTCOME_COLORS[outcome] })),
      ctx,
    });
    const groups = h("div", { class: "cards" },
      ...[["mode", "by_mode"], ["intent", "by_intent"], ["col_handler", "by_handler"], ["col_outcome", "by_outcome"]].map(
        ([key, group]) => groupTable(t, t(key), stats[group], (stats.latency_by || {})[group])));

    const form = h("form", { class: "filters", "aria-label": t("filters") },
      select("mode", t("mode"), ["rag_only", "agentic", "diagnostic", ...known("by_mode")].filter((v, i, a) => a.indexOf(v) === i)),
      input("intent", t("intent")), input("handler", t("col_handler")),
      select("outcome", t("col_outcome"), ["ok", "fallback", "error"]),
      input("text", t("text_or_trace")), input("since", t("since"), "datetime-local"), input("until", t("until"), "datetime-local"),
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("apply_filters")),
        h("button", { type: "reset", class: "ghost" }, t("clear_filters"))));
    const listing = h("div", { class: "decision-list" });
    const pager = h("div", { class: "pager" });
    const panel = h("div", { class: "explain-slot" });

    async function open(id) {
      const decision = await api.get(`/admin/routing/decisions/${encodeURIComponent(id)}`);
      panel.replaceChildren(explain(decision, t, () => panel.replaceChildren()));
      panel.querySelector("h2").focus?.();
    }

    async function load() {
      const page = await api.get(query(state.filters, state.offset));
      listing.replaceChildren(table({
        columns: [
          { key: "at", label: t("col_at"), cell: (row) => when(row.at) },
          { key: "message", label: t("message") },
          { key: "mode", label: t("mode") },
          { key: "intent", label: t("intent") },
          { key: "handler", label: t("col_handler") },
          { key: "outcome", label: t("col_outcome") },
          { key: "latency_ms", label: t("total_time"), numeric: true, cell: (row) => ms(row.latency_ms) },
          { key: "id", label: "", cell: (row) => h("button", { type: "button", class: "ghost small", "data-open": row.id }, t("explain")) },
        ],
        rows: page.items,
        empty: Object.values(state.filters).some(Boolean) ? t("no_decisions_filtered") : t("no_decisions"),
        onRow: (tr, row) => tr.querySelector("[data-open]").addEventListener("click", () => open(row.id)),
      }));
      const last = Math.min(page.offset + page.items.length, page.total);
      const prev = h("button", { type: "button", class: "ghost", disabled: page.offset === 0 }, t("previous"));
      const next = h("button", { type: "button", class: "ghost", disabled: last >= page.total }, t("next"));
      prev.addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); load(); });
      next.addEventListener("click", () => { state.offset += PAGE; load(); });
      pager.replaceChildren(prev, h("span", { class: "muted", "data-range": `${page.offset}-${last}` },
        t("range_of", { first: page.total ? page.offset + 1 : 0, last, total: page.total })), next);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      state.filters = Object.fromEntries(FILTERS.map((name) => [name, String(data.get(name) || "").trim()]));
      state.offset = 0;
      load();
    });
    form.addEventListener("reset", () => {
      state.filters = {};
      state.offset = 0;
      setTimeout(load, 0);
    });

    await load();
    root.append(h("div", { class: "cards" }, summary), chart.el, groups,
      section(t("decisions"), form, h("div", { class: "split" }, h("div", {}, listing, pager), panel)));
  },
};
