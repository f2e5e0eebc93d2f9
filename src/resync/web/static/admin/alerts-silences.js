// The #alerts view's silences: those in force (operators end them) and, for operators, a
// form creating one by kind, job, job stream or workstation for some minutes with a reason.
import { confirmAction } from "../js/dialog.js";
import { h } from "../js/dom.js";
import { label } from "../js/i18n.js";
import { section, table, when } from "./table.js";
import { KINDS } from "./texts-alerts.js";

const FIELDS = ["kind", "job_name", "job_stream", "workstation"];

function input(name, text, attrs = {}) {
  const id = `silence-${name}`;
  return h("div", { class: "field" }, h("label", { for: id }, text), h("input", { id, name, ...attrs }));
}

function matchText(row, t) {
  const parts = [];
  if (row.kind) parts.push(`${t("al_kind")}: ${label("alert_kind", row.kind)}`);
  if (row.job_name) parts.push(`${t("al_job")}: ${row.job_name}`);
  if (row.job_stream) parts.push(`${t("al_stream")}: ${row.job_stream}`);
  if (row.workstation) parts.push(`${t("al_workstation")}: ${row.workstation}`);
  return parts.join(" · ");
}

/** {el, load()} — the silences section; `announce` speaks each change. */
export function silences(ctx, announce) {
  const { api, t } = ctx;
  const operator = ctx.allowed("operator");
  const listing = h("div", { "data-list": "silences" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });

  async function load() {
    const rows = await api.get("/api/v1/monitoring/silences");
    const columns = [
      { key: "id", label: "#", numeric: true },
      { key: "match", label: t("al_match"), value: (row) => matchText(row, t) },
      { key: "reason", label: t("al_reason") },
      { key: "created_by", label: t("al_created_by") },
      { key: "ends_at", label: t("al_ends_at"), cell: (row) => when(row.ends_at) },
    ];
    if (operator) {
      columns.push({ key: "end", label: t("al_actions"), value: () => "", cell: (row) => endButton(row) });
    }
    listing.replaceChildren(table({ columns, rows, empty: t("al_no_silences") }));
  }

  function endButton(row) {
    const button = h("button", { type: "button", class: "ghost", "data-end-silence": row.id }, t("al_end"));
    button.addEventListener("click", async () => {
      if (!(await confirmAction(t("al_end_title", { id: row.id }), t("al_end_text")))) return;
      button.disabled = true;
      try {
        await api.delete(`/api/v1/monitoring/silences/${row.id}`);
        announce(t("al_ended", { id: row.id }));
        await load();
      } catch (failure) {
        button.disabled = false;
        error.textContent = `${t("error_prefix")}: ${failure.message}`;
        error.hidden = false;
      }
    });
    return button;
  }

  const parts = [listing];
  if (operator) {
    const kind = h("select", { id: "silence-kind", name: "kind" },
      h("option", { value: "" }, t("al_any")), KINDS.map((k) => h("option", { value: k }, label("alert_kind", k))));
    const form = h("form", { class: "filters", "data-form": "silence", "aria-label": t("al_silence_new") },
      h("div", { class: "field" }, h("label", { for: "silence-kind" }, t("al_kind")), kind),
      input("job_name", t("al_job"), { maxlength: 120 }),
      input("job_stream", t("al_stream"), { maxlength: 120 }),
      input("workstation", t("al_workstation"), { maxlength: 120 }),
      input("minutes", t("al_minutes"), { type: "number", min: 1, max: 43200, step: 1, value: 60, required: true }),
      input("reason", t("al_reason"), { maxlength: 2000 }),
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("al_silence_create"))));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = { minutes: Number(data.get("minutes")), reason: String(data.get("reason") || "").trim() };
      for (const name of FIELDS) {
        const value = String(data.get(name) || "").trim();
        if (value) body[name] = value;
      }
      error.hidden = true;
      if (!FIELDS.some((name) => body[name])) {
        error.textContent = t("al_silence_need");
        error.hidden = false;
        return;
      }
      if (!body.reason) {
        error.textContent = t("al_silence_reason");
        error.hidden = false;
        form.querySelector("[name=reason]").focus();
        return;
      }
      try {
        const made = await api.post("/api/v1/monitoring/silences", body);
        form.reset();
        announce(t("al_silence_created", { id: made.id, until: when(made.ends_at) }));
        await load();
      } catch (failure) {
        error.textContent = `${t("error_prefix")}: ${failure.message}`;
        error.hidden = false;
      }
    });
    parts.push(h("h3", {}, t("al_silence_new")), form);
  }
  return { el: section(t("al_silences"), error, ...parts), load };
}
