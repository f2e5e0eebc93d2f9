// Charts drawn by uPlot (vendored, pinned): time series and small sparklines.
import uPlot from "../vendor/uplot-1.6.32/uPlot.esm.js";
import { h } from "../js/dom.js";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

function cssVar(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * A line chart: `x` in seconds since the epoch, `series` [{label, values}]. Returns
 * {el, update(x, series)}; the chart follows its container's width.
 */
export function lineChart({ title, x, series, height = 220, ctx }) {
  const el = h("figure", { class: "chart", "data-chart": title });
  const caption = h("figcaption", {}, title);
  const plotBox = h("div", { class: "chart-plot" });
  el.append(caption, plotBox);
  const axis = { stroke: cssVar("--muted", "#556274"), grid: { stroke: cssVar("--border", "#d0d7e1"), width: 1 } };
  const options = {
    width: 600,
    height,
    series: [{}, ...series.map((s, index) => ({ label: s.label, stroke: s.color || COLORS[index % COLORS.length], width: 2, points: { show: Boolean(s.points), size: 6 } }))],
    axes: [axis, { ...axis, size: 56 }],
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
  };
  const plot = new uPlot(options, [x, ...series.map((s) => s.values)], plotBox);
  const resize = () => {
    const width = Math.max(240, Math.floor(plotBox.clientWidth || el.clientWidth || 600));
    plot.setSize({ width, height });
  };
  const observer = new ResizeObserver(resize);
  observer.observe(plotBox);
  requestAnimationFrame(resize);
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    observer.disconnect();
    plot.destroy();
  };
  if (ctx) ctx.onCleanup(destroy);
  return {
    el,
    destroy,
    update(newX, newSeries) {
      plot.setData([newX, ...newSeries.map((s) => s.values)]);
    },
  };
}

/** A sparkline: a tiny line over the last values, no axes. */
export function sparkline({ label, values, ctx }) {
  const el = h("div", { class: "sparkline", role: "img", "aria-label": label });
  const x = values.map((_, index) => index);
  const plot = new uPlot({
    width: 140,
    height: 36,
    series: [{}, { stroke: cssVar("--primary", "#1f4e79"), width: 1.5, points: { show: false } }],
    axes: [{ show: false }, { show: false }],
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
  }, [x, values], el);
  if (ctx) ctx.onCleanup(() => plot.destroy());
  return {
    el,
    update(newValues) {
      plot.setData([newValues.map((_, index) => index), newValues]);
    },
  };
}
