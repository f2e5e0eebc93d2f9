// The #alerts view's history: alerts raised per interval and the plan's jobs by state, as
// sampled by the poller (GET /api/v1/monitoring/history), drawn with uPlot.
import { h } from "../js/dom.js";
import { label } from "../js/i18n.js";
import { lineChart } from "./chart.js";
import { section } from "./table.js";

const RANGES = { 1: 60, 6: 300, 24: 900 }; // hours → seconds per point

/** {el, load()} — the history section with its period chooser. */
export function history(ctx) {
  const { api, t } = ctx;
  let hours = 6;
  let charts = null; // {keys, raised, jobs}
  const grid = h("div", { class: "chart-grid", "data-chart-box": "history" });
  const range = h("select", { id: "alert-history-range" },
    Object.keys(RANGES).map((value) => h("option", { value, selected: Number(value) === hours }, t(`al_range_${value}`))));
  range.addEventListener("change", () => {
    hours = Number(range.value);
    load().catch(() => {});
  });

  function drop() {
    if (!charts) return;
    charts.raised.destroy();
    charts.jobs.destroy();
    charts = null;
  }

  async function load() {
    const until = new Date();
    const since = new Date(until.getTime() - hours * 3600_000);
    const query = new URLSearchParams({ since: since.toISOString(), until: until.toISOString(), step: String(RANGES[hours]) });
    const found = await api.get(`/api/v1/monitoring/history?${query}`);
    const points = found.points;
    if (!points.length) {
      drop();
      grid.replaceChildren(h("p", { class: "empty-state", "data-empty": "true" }, t("al_no_history")));
      return;
    }
    // Every interval of the period gets a slot, so the axis spans the period chosen; an
    // interval without a sample raised nothing and has no count of jobs.
    const step = found.step;
    const start = Date.parse(found.since) / 1000;
    const slots = Math.max(1, Math.ceil((Date.parse(found.until) / 1000 - start) / step));
    const bySlot = new Map(points.map((p) => [Math.round((Date.parse(p.at) / 1000 - start) / step), p]));
    const x = Array.from({ length: slots }, (_, index) => start + index * step);
    const at = (index) => bySlot.get(index);
    const sparse = points.length < 3;
    const keys = [...new Set(points.flatMap((p) => Object.keys(p.jobs_by_state || {})))].sort();
    const raised = [{ label: t("al_chart_raised"), values: x.map((_, i) => at(i)?.raised ?? 0) }];
    const jobs = keys.map((key) => ({ label: label("job_state", key) || key, points: sparse,
      values: x.map((_, i) => (at(i) ? at(i).jobs_by_state?.[key] ?? 0 : null)) }));
    if (charts && charts.keys === `${keys.join("|")}/${sparse}`) {
      charts.raised.update(x, raised);
      charts.jobs.update(x, jobs);
      return;
    }
    drop();
    charts = {
      keys: `${keys.join("|")}/${sparse}`,
      raised: lineChart({ title: t("al_chart_raised"), x, series: raised, height: 200, ctx }),
      jobs: lineChart({ title: t("al_chart_jobs"), x, series: jobs, height: 200, ctx }),
    };
    charts.raised.el.dataset.history = "raised";
    charts.jobs.el.dataset.history = "jobs";
    grid.replaceChildren(charts.raised.el, charts.jobs.el);
  }

  const chooser = h("div", { class: "toolbar" }, h("label", { for: "alert-history-range" }, t("al_range")), range);
  return { el: section(t("al_history"), chooser, grid), load };
}
