// Audit: the append-only log filtered by actor, action, target and time, paged, and the
// same selection exported as CSV.
import { download } from "../../js/api.js";
import { h } from "../../js/dom.js";
import { section, table, when } from "../table.js";

const PAGE = 50;
const FILTERS = ["actor", "action", "target", "since", "until"];

function params(filters) {
  const out = new URLSearchParams();
  for (const name of FILTERS) {
    const value = filters[name];
    if (value) out.set(name, name === "since" || name === "until" ? new Date(value).toISOString() : value);
  }
  return out;
}

function field(name, text, type = "text") {
  const id = `audit-filter-${name}`;
  return h("div", { class: "field" }, h("label", { for: id }, text), h("input", { id, name, type, maxlength: type === "text" ? 200 : null }));
}

export default {
  name: "audit",
  titleKey: "view_audit",
  role: "admin",
  async render(root, ctx) {
    const { api, t } = ctx;
    const state = { filters: {}, offset: 0 };
    const listing = h("div", { "data-list": "audit" });
    const pager = h("div", { class: "pager" });
    const status = h("p", { class: "muted", role: "status" });
    const exportButton = h("button", { type: "button", class: "ghost", "data-export": "csv" }, t("export_csv"));
    const form = h("form", { class: "filters", "aria-label": t("filters") },
      field("actor", t("actor")), field("action", t("approval_action")), field("target", t("approval_target")),
      field("since", t("since"), "datetime-local"), field("until", t("until"), "datetime-local"),
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("apply_filters")),
        h("button", { type: "reset", class: "ghost" }, t("clear_filters")), exportButton));

    async function load() {
      const query = params(state.filters);
      query.set("offset", String(state.offset));
      query.set("limit", String(PAGE + 1)); // one more tells whether a next page exists
      const found = await api.get(`/api/v1/audit?${query}`);
      const rows = found.slice(0, PAGE);
      const filtered = Object.values(state.filters).some(Boolean);
      listing.replaceChildren(table({
        columns: [
          { key: "id", label: "#", numeric: true },
          { key: "at", label: t("col_at"), cell: (row) => when(row.at) },
          { key: "actor", label: t("actor") },
          { key: "action", label: t("approval_action") },
          { key: "target", label: t("approval_target") },
          { key: "outcome", label: t("col_outcome") },
          { key: "client", label: t("client") },
          { key: "detail", label: t("detail"), value: (row) => JSON.stringify(row.detail), cell: (row) => h("code", {}, JSON.stringify(row.detail)) },
        ],
        rows,
        empty: filtered ? t("no_audit_filtered") : t("no_audit"),
      }));
      const prev = h("button", { type: "button", class: "ghost", disabled: state.offset === 0 }, t("previous"));
      const next = h("button", { type: "button", class: "ghost", disabled: found.length <= PAGE }, t("next"));
      prev.addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); load(); });
      next.addEventListener("click", () => { state.offset += PAGE; load(); });
      pager.replaceChildren(prev, h("span", { class: "muted", "data-range": "" },
        rows.length ? t("rows_from", { first: state.offset + 1, last: state.offset + rows.length }) : "—"), next);
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
    exportButton.addEventListener("click", async () => {
      exportButton.disabled = true;
      try {
        const blob = await download(`/api/v1/audit/export?${params(state.filters)}`);
        const url = URL.createObjectURL(blob);
        const link = h("a", { href: url, download: "resync-audit.csv", class: "visually-hidden" });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        status.textContent = t("exported");
      } catch (failure) {
        status.textContent = `${t("error_prefix")}: ${failure.message}`;
      } finally {
        exportButton.disabled = false;
      }
    });

    await load();
    root.append(section(t("audit_entries"), form, status, listing, pager));
  },
};
