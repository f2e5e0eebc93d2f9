// The #teams view's channel form: add a channel or edit one (its URL, rules, enabled flag).
import { h } from "../js/dom.js";
import { label, t } from "../js/i18n.js";

export const SEVERITIES = ["info", "low", "medium", "high", "critical"];

const list = (text) => String(text || "").split(",").map((part) => part.trim()).filter(Boolean);

function field(id, text, control) {
  return h("div", { class: "field" }, h("label", { for: id }, text), control);
}

function severitySelect(id, name, value) {
  return h("select", { id, name }, SEVERITIES.map((level) => h("option", { value: level, selected: level === value }, label("teams_severity", level))));
}

function check(id, name, text, checked) {
  return h("div", { class: "field check" }, h("label", { for: id }, h("input", { id, name, type: "checkbox", checked }), " ", text));
}

/** The form for `channel` (null: a new one); `onSave(body, name)` posts or patches it. */
export function channelForm(channel, onSave, onCancel) {
  const rules = channel ? channel.rules : {};
  const editing = Boolean(channel);
  const prefix = editing ? "edit-channel" : "new-channel";
  const text = (name, value, attrs = {}) => h("input", { id: `${prefix}-${name}`, name, value: value ?? "", ...attrs });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "filters channel-form", "data-form": editing ? "edit-channel" : "add-channel", novalidate: true },
    editing ? null : field(`${prefix}-name`, t("col_name"), text("name", "", { required: true, maxlength: 100, autocomplete: "off" })),
    field(`${prefix}-url`, editing ? t("tm_url_keep") : t("tm_url"), text("url", "", { type: "url", maxlength: 2000, autocomplete: "off", required: !editing })),
    field(`${prefix}-min_severity`, t("tm_min_severity"), severitySelect(`${prefix}-min_severity`, "min_severity", rules.min_severity || "info")),
    field(`${prefix}-kinds`, t("tm_kinds"), text("kinds", (rules.kinds || []).join(", "))),
    field(`${prefix}-streams`, t("tm_streams"), text("streams", (rules.streams || []).join(", "))),
    field(`${prefix}-workstations`, t("tm_workstations"), text("workstations", (rules.workstations || []).join(", "))),
    field(`${prefix}-quiet_start`, t("tm_quiet_start"), text("quiet_start", rules.quiet_start, { type: "time" })),
    field(`${prefix}-quiet_end`, t("tm_quiet_end"), text("quiet_end", rules.quiet_end, { type: "time" })),
    field(`${prefix}-quiet_timezone`, t("tm_quiet_timezone"), text("quiet_timezone", rules.quiet_timezone || "UTC", { maxlength: 64 })),
    field(`${prefix}-breakthrough`, t("tm_breakthrough"), severitySelect(`${prefix}-breakthrough`, "breakthrough", rules.breakthrough || "critical")),
    field(`${prefix}-teams_channel_id`, t("tm_teams_channel_id"), text("teams_channel_id", channel && channel.teams_channel_id, { maxlength: 200 })),
    check(`${prefix}-approvals`, "approvals", t("tm_approvals"), rules.approvals ?? true),
    check(`${prefix}-enabled`, "enabled", t("tm_enabled"), channel ? channel.enabled : true),
    h("div", { class: "field actions" },
      h("button", { type: "submit", class: "primary" }, editing ? t("save") : t("tm_add")),
      editing ? h("button", { type: "button", class: "ghost", "data-cancel": "" }, t("cancel")) : null),
    error);
  const value = (name) => form.elements.namedItem(name);
  if (editing) form.querySelector("[data-cancel]").addEventListener("click", onCancel);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const name = editing ? channel.name : value("name").value.trim();
    const url = value("url").value.trim();
    if (!name || (!editing && !url)) {
      error.textContent = t("tm_required");
      error.hidden = false;
      return;
    }
    const body = {
      rules: {
        min_severity: value("min_severity").value,
        kinds: list(value("kinds").value),
        streams: list(value("streams").value),
        workstations: list(value("workstations").value),
        approvals: value("approvals").checked,
        quiet_start: value("quiet_start").value || null,
        quiet_end: value("quiet_end").value || null,
        quiet_timezone: value("quiet_timezone").value.trim() || "UTC",
        breakthrough: value("breakthrough").value,
      },
      enabled: value("enabled").checked,
      teams_channel_id: value("teams_channel_id").value.trim() || null,
    };
    if (url) body.url = url;
    if (!editing) body.name = name;
    try {
      await onSave(body, name);
      if (!editing) form.reset();
    } catch (failure) {
      error.textContent = problem(failure);
      error.hidden = false;
    }
  });
  return form;
}

/** A refused call as one readable line (FastAPI's validation list included). */
export function problem(failure) {
  const detail = failure && failure.detail;
  if (Array.isArray(detail)) return detail.map((item) => `${(item.loc || []).slice(1).join(".")}: ${item.msg}`).join("; ");
  if (detail && typeof detail === "object") return JSON.stringify(detail);
  return `${t("error_prefix")}: ${detail || (failure && failure.message) || failure}`;
}
