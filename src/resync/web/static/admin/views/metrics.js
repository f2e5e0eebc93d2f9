// Metrics: the collectors of /metrics as charts (rates for counters, values for gauges,
// rate and mean latency for histograms), refreshed every few seconds until paused.
import { h } from "../../js/dom.js";
import { lineChart } from "../chart.js";
import { section, table } from "../table.js";

const REFRESH_MS = 5000;
const KEEP = 60; // points kept per chart
const MAX_SERIES = 6; // label sets drawn per chart (the largest ones)

const labelText = (labels) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(" ") || "total";

/** family → {seriesKey: value} for the part charted: counters and _count/_sum of histograms. */
function values(family, suffix) {
  const out = {};
  for (const sample of family.samples) {
    if (suffix && sample.name !== family.name + suffix) continue;
    if (!suffix && family.type === "counter" && !sample.name.endsWith("_total")) continue;
    out[labelText(sample.labels)] = sample.value;
  }
  return out;
}

export default {
  name: "metrics",
  titleKey: "view_metrics",
  role: "admin",
  async render(root, ctx) {
    const { api, t } = ctx;
    const history = { x: [], points: new Map() }; // family → [{key: y}] per snapshot
    const panels = new Map(); // family → {keys, chart, el}
    let previous = null;
    let paused = false;

    const grid = h("div", { class: "chart-grid" });
    const totals = h("div", {});
    const stamp = h("span", { class: "muted" });
    const pause = h("button", { type: "button", class: "ghost", "aria-pressed": "false" }, t("pause"));
    pause.addEventListener("click", () => {
      paused = !paused;
      pause.setAttribute("aria-pressed", String(paused));
      pause.textContent = paused ? t("resume") : t("pause");
      stamp.textContent = paused ? t("paused") : stamp.textContent;
    });

    function derive(snapshot) {
      const seconds = previous ? (Date.parse(snapshot.at) - Date.parse(previous.at)) / 1000 : 0;
      const before = new Map((previous?.families || []).map((f) => [f.name, f]));
      const result = new Map();
      for (const family of snapshot.families) {
        const old = before.get(family.name);
        if (family.type === "gauge") {
          result.set(family.name, { unit: t("unit_value"), y: values(family) });
        } else if (family.type === "counter" || family.type === "histogram") {
          const suffix = family.type === "histogram" ? "_count" : null;
          const now = values(family, suffix);
          const then = old ? values(old, suffix) : {};
          const rate = {};
          for (const [key, value] of Object.entries(now)) rate[key] = seconds > 0 ? Math.max(0, (value - (then[key] ?? 0)) / seconds) : 0;
          result.set(family.name, { unit: t("unit_rate"), y: rate });
          if (family.type === "histogram") {
            const sums = values(family, "_sum");
            const oldSums = old ? values(old, "_sum") : {};
            const mean = {};
            for (const [key, count] of Object.entries(now)) {
              const calls = count - (then[key] ?? 0);
              mean[key] = calls > 0 ? (1000 * (sums[key] - (oldSums[key] ?? 0))) / calls : 0;
            }
            result.set(`${family.name} (ms)`, { unit: t("unit_mean_ms"), y: mean, help: family.help });
          }
        }
        const entry = result.get(family.name);
        if (entry) entry.help = family.help;
      }
      return result;
    }

    function draw(snapshot) {
      const derived = derive(snapshot);
      previous = snapshot;
      history.x.push(Date.parse(snapshot.at) / 1000);
      if (history.x.length > KEEP) history.x.shift();
      for (const [name, entry] of derived) {
        const rows = history.points.get(name) || [];
        rows.push(entry.y);
        while (rows.length < history.x.length) rows.unshift({});
        if (rows.length > KEEP) rows.shift();
        history.points.set(name, rows);
        const latest = Object.entries(entry.y).sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([key]) => key);
        const keys = [...new Set([...(panels.get(name)?.keys || []), ...latest])].slice(0, MAX_SERIES);
        const series = (keys.length ? keys : ["total"]).map((key) => ({ label: key, values: rows.map((row) => row[key] ?? null) }));
        let panel = panels.get(name);
        if (panel && panel.keys.join("|") !== keys.join("|")) {
          panel.chart.destroy();
          panel.el.remove();
          panel = null;
        }
        if (!panel) {
          const chart = lineChart({ title: `${name} · ${entry.unit}`, x: history.x.slice(), series, height: 180, ctx });
          chart.el.dataset.metric = name;
          if (entry.help) chart.el.title = entry.help;
          panel = { keys, chart, el: chart.el };
          panels.set(name, panel);
          grid.append(chart.el);
        } else {
          panel.chart.update(history.x.slice(), series);
        }
      }
      totals.replaceChildren(table({
        columns: [
          { key: "name", label: t("metric") },
          { key: "type", label: t("metric_type") },
          { key: "labels", label: t("labels") },
          { key: "value", label: t("value"), numeric: true, cell: (row) => Number(row.value.toFixed(3)).toLocaleString() },
        ],
        rows: snapshot.families.flatMap((family) => family.samples.map((sample) => ({ name: sample.name, type: family.type, labels: labelText(sample.labels), value: sample.value }))),
        empty: t("no_metrics"),
      }));
      stamp.textContent = `${t("updated_at")} ${new Date().toLocaleTimeString()} · ${t("auto_refresh", { seconds: REFRESH_MS / 1000 })}`;
    }

    draw(await api.get("/api/v1/monitoring/metrics"));
    root.append(h("div", { class: "toolbar" }, pause, stamp), grid, section(t("current_values"), totals));
    const timer = setInterval(async () => {
      if (paused || document.hidden) return;
      try {
        draw(await api.get("/api/v1/monitoring/metrics"));
      } catch {
        stamp.textContent = t("refresh_failed");
      }
    }, REFRESH_MS);
    ctx.onCleanup(() => clearInterval(timer));
  },
};
