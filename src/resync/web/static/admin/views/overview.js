// Overview: the plan by state and its current problems, pending approvals, today's routing,
// health at a glance — each part links to the view with the details.
import { h } from "../../js/dom.js";
import { label } from "../../js/i18n.js";
import { facts, ms, pill, section, table } from "../table.js";

function counts(t, title, byState, empty) {
  const rows = Object.entries(byState || {}).map(([state, count]) => ({ state, count }));
  return section(title, table({
    columns: [{ key: "state", label: t("col_state") }, { key: "count", label: t("col_count"), numeric: true }],
    rows,
    empty,
  }));
}

function problems(plan, t) {
  const job = (row) => ({ kind: "job", name: row.name, where: `${row.workstation}#${row.job_stream}`, state: row.state, extra: row.abend_code || (row.return_code ?? "") });
  const rows = [
    ...plan.failed_jobs.map((row) => ({ ...job(row), problem: t("problem_failed") })),
    ...plan.late_jobs.map((row) => ({ ...job(row), problem: t("problem_late") })),
    ...plan.prompts_waiting.map((row) => ({ ...job(row), problem: t("problem_prompt") })),
    ...plan.stuck_streams.map((row) => ({ problem: t("problem_stuck"), name: row.name, where: row.workstation, state: row.state, extra: "" })),
    ...plan.unavailable_workstations.map((row) => ({ problem: t("problem_unlinked"), name: row.name, where: row.type, state: row.linked ? "LINKED" : "UNLINKED", extra: "" })),
  ];
  return section(t("plan_problems"), table({
    columns: [
      { key: "problem", label: t("col_problem") },
      { key: "name", label: t("col_name") },
      { key: "where", label: t("col_where") },
      { key: "state", label: t("col_state") },
      { key: "extra", label: t("col_code") },
    ],
    rows,
    empty: t("no_plan_problems"),
  }));
}

export default {
  name: "overview",
  titleKey: "view_overview",
  role: "viewer",
  async render(root, ctx) {
    const { api, t } = ctx;
    const [plan, pending, health, routing] = await Promise.all([
      api.get("/api/v1/plan/overview"),
      api.get("/api/v1/approvals?status=pending&limit=100"),
      api.get("/health").catch((failure) => failure.body || { status: "down", components: {} }),
      ctx.allowed("admin") ? api.get("/admin/routing/stats") : Promise.resolve(null),
    ]);
    const grid = h("div", { class: "cards" });
    grid.append(section(t("plan_title"), facts([
      [t("engine"), plan.engine],
      [t("plan_window"), `${new Date(plan.plan_start).toLocaleString()} → ${new Date(plan.plan_end).toLocaleString()}`],
      [t("time_zone"), plan.time_zone],
      [t("total_jobs"), plan.total_jobs],
    ])));
    grid.append(counts(t, t("jobs_by_state"), plan.jobs_by_state, t("no_jobs")));
    grid.append(counts(t, t("streams_by_state"), plan.streams_by_state, t("no_streams")));
    grid.append(section(t("health_glance"),
      h("p", {}, pill(health.status, label("health", health.status) || health.status)),
      h("ul", { class: "inline-list" }, Object.entries(health.components || {}).map(([name, c]) =>
        h("li", {}, pill(c.status, `${name} · ${ms(c.latency_ms)}`)))),
      h("a", { href: "#health" }, t("see_health"))));
    grid.append(section(t("pending_approvals"),
      h("p", { class: "big-number", "data-count": "pending" }, String(pending.length)),
      pending.length ? h("a", { href: "#approvals" }, t("see_approvals")) : h("p", { class: "muted" }, t("no_pending_approvals"))));
    if (routing) {
      const modes = Object.entries(routing.by_mode).map(([mode, count]) => `${mode}: ${count}`).join(" · ");
      const fallback = routing.by_outcome.fallback || 0;
      const rate = (n) => (routing.total ? `${((100 * n) / routing.total).toFixed(1)}%` : "—");
      grid.append(section(t("routing_today"), facts([
        [t("messages"), routing.total],
        [t("by_mode"), modes || "—"],
        [t("error_rate"), rate(routing.errors)],
        [t("fallback_rate"), rate(fallback)],
        ["p95", ms(routing.latency_ms.p95)],
      ]), h("a", { href: "#routing" }, t("see_routing"))));
    }
    root.append(grid, problems(plan, t));
  },
};
