// Health: every component of /health with status, latency, details, a latency sparkline.
import { h, displayValue } from "../../js/dom.js";
import { label } from "../../js/i18n.js";
import { sparkline } from "../chart.js";
import { every, facts, ms, pill } from "../table.js";

const REFRESH_MS = 10000;
const KEEP = 30; // latency samples kept per component for its sparkline

async function report(api) {
  try {
    return await api.get("/health");
  } catch (failure) {
    if (failure.status === 503 && failure.body && failure.body.components) return failure.body;
    throw failure;
  }
}

function details(component) {
  const pairs = Object.entries(component)
    .filter(([key]) => !["status", "latency_ms", "required"].includes(key))
    .map(([key, value]) => [key, typeof value === "object" && value !== null ? h("code", {}, JSON.stringify(value)) : displayValue(value)]);
  return pairs.length ? facts(pairs) : null;
}

export default {
  name: "health",
  titleKey: "view_health",
  role: "viewer",
  async render(root, ctx) {
    const { api, t } = ctx;
    const history = new Map();
    const summary = h("p", { class: "health-summary" });
    const grid = h("div", { class: "cards" });
    const stamp = h("p", { class: "muted" });
    const cards = new Map();

    function show(data) {
      summary.replaceChildren(pill(data.status, `${t("overall")}: ${label("health", data.status) || data.status}`),
        data.version ? h("span", { class: "muted" }, ` · v${data.version}`) : null);
      stamp.textContent = `${t("updated_at")} ${new Date().toLocaleTimeString()} · ${t("auto_refresh", { seconds: REFRESH_MS / 1000 })}`;
      for (const [name, component] of Object.entries(data.components || {})) {
        const values = history.get(name) || [];
        values.push(component.latency_ms ?? 0);
        if (values.length > KEEP) values.shift();
        history.set(name, values);
        let card = cards.get(name);
        if (!card) {
          const spark = sparkline({ label: t("latency_of", { name }), values, ctx });
          card = { el: h("section", { class: "card", "data-component": name }), spark };
          cards.set(name, card);
          grid.append(card.el);
        } else {
          card.spark.update(values);
        }
        card.el.replaceChildren(...[
          h("h2", {}, name),
          h("p", {}, pill(component.status, label("health", component.status) || component.status),
            " ", h("span", { class: "latency" }, ms(component.latency_ms)),
            component.required ? null : h("span", { class: "muted" }, ` · ${t("optional")}`)),
          card.spark.el,
          details(component),
        ].filter(Boolean));
      }
      if (!cards.size) grid.replaceChildren(h("p", { class: "empty-state" }, t("no_components")));
    }

    show(await report(api));
    root.append(summary, stamp, grid);
    every(ctx, REFRESH_MS, async () => {
      try {
        show(await report(api));
      } catch {
        stamp.textContent = t("refresh_failed");
      }
    });
  },
};
