// Configuration: the effective settings by group with their source, the run-time ones
// editable (with a required reason, refused field by field), connection tests, recent changes.
import { h, displayValue } from "../../js/dom.js";
import { label } from "../../js/i18n.js";
import { facts, ms, pill, section, when } from "../table.js";
import "../texts-review.js";

function shownValue(value) {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** What the input holds, typed like the current value (a bad one goes as typed: refused). */
function typed(entry, text) {
  if (typeof entry.value === "number") {
    const number = Number(text);
    return text.trim() !== "" && Number.isFinite(number) ? number : text;
  }
  return text;
}

function testResult(result, t) {
  if (result.ok) {
    const details = Object.entries(result)
      .filter(([key]) => !["target", "ok", "configured", "latency_ms"].includes(key))
      .map(([key, value]) => [key, displayValue(value)]);
    return [pill("ok", t("cfg_test_ok", { ms: ms(result.latency_ms) })), facts(details)];
  }
  const status = result.configured === false ? "disabled" : "down";
  const head = result.configured === false ? t("cfg_test_not_configured") : "erro";
  return [pill(status, head), h("p", { class: "form-error", role: "alert" }, result.error || "")];
}

export default {
  name: "config",
  titleKey: "view_config",
  role: "admin",
  async render(root, ctx) {
    const { api, t } = ctx;
    const inputs = new Map(); // key → {entry, input, error}
    const status = h("p", { class: "muted", role: "status", "aria-live": "polite" });
    const groups = h("div", { class: "config-groups" });
    const audit = h("div");

    function row(entry) {
      const cells = [h("th", { scope: "row" }, h("code", {}, entry.key))];
      if (entry.editable) {
        const input = h("input", {
          id: `setting-${entry.key}`,
          name: entry.key,
          value: shownValue(entry.value) === "—" ? "" : shownValue(entry.value),
          "aria-describedby": `setting-${entry.key}-error`,
          "data-setting": entry.key,
        });
        const error = h("span", { id: `setting-${entry.key}-error`, class: "form-error field-error", role: "alert", hidden: true });
        const reset = h("button", { type: "button", class: "ghost small", "data-reset": entry.key, disabled: entry.source !== "console" }, t("cfg_reset"));
        reset.addEventListener("click", () => resetKey(entry.key));
        inputs.set(entry.key, { entry, input, error });
        cells.push(h("td", {}, h("label", { class: "visually-hidden", for: input.id }, entry.key), input, error, " ", reset));
      } else {
        cells.push(h("td", {}, h("span", { "data-value": entry.key }, shownValue(entry.value)),
          entry.read_only_reason && entry.runtime ? h("small", { class: "muted block" }, entry.read_only_reason) : null));
      }
      cells.push(h("td", {}, shownValue(entry.default)), h("td", {}, pill(entry.source === "console" ? "degraded" : "ok", label("source", entry.source))));
      return h("tr", { "data-key": entry.key, "data-source": entry.source }, cells);
    }

    function showGroups(data) {
      inputs.clear();
      groups.replaceChildren(...data.groups.map((group) =>
        h("details", { class: "card config-group", open: group.settings.some((e) => e.editable), "data-group": group.name },
          h("summary", {}, h("h2", {}, group.name)),
          h("div", { class: "table-wrap" }, h("table", { class: "data-table" },
            h("thead", {}, h("tr", {}, ...[t("cfg_key"), t("cfg_value"), t("cfg_default"), t("cfg_source")].map((name) => h("th", { scope: "col" }, name)))),
            h("tbody", {}, group.settings.map(row)))))));
    }

    async function showAudit() {
      const entries = await api.get("/api/v1/audit?action=settings.change&limit=20");
      const resets = await api.get("/api/v1/audit?action=settings.reset&limit=20");
      const all = [...entries, ...resets].sort((a, b) => String(b.at).localeCompare(String(a.at)));
      audit.replaceChildren(all.length
        ? h("ul", { class: "audit-list" }, all.map((e) => h("li", { "data-audit": e.target },
          h("time", {}, when(e.at)), " · ", h("strong", {}, e.actor || "—"), " · ", h("code", {}, e.target),
          `: ${shownValue(e.detail.old)} → ${shownValue(e.detail.new)} — `, h("q", {}, e.detail.reason || ""))))
        : h("p", { class: "empty-state" }, t("cfg_no_audit")));
    }

    async function reload() {
      showGroups(await api.get("/api/v1/admin/config"));
      await showAudit();
    }

    const reason = h("input", { id: "config-reason", maxlength: "500", required: true });
    const save = h("button", { type: "submit", class: "primary" }, t("cfg_save"));
    const form = h("form", { class: "config-form", novalidate: true },
      h("p", { class: "muted" }, t("cfg_editable_hint")), groups,
      h("div", { class: "card" }, h("label", { for: "config-reason" }, t("cfg_reason")), reason, " ", save, status));

    async function submit(event) {
      event.preventDefault();
      const changes = {};
      for (const [key, { entry, input, error }] of inputs) {
        error.hidden = true;
        input.removeAttribute("aria-invalid");
        if (input.value !== (shownValue(entry.value) === "—" ? "" : shownValue(entry.value))) changes[key] = typed(entry, input.value);
      }
      if (!Object.keys(changes).length) {
        status.textContent = t("cfg_nothing");
        return;
      }
      if (!reason.value.trim()) {
        status.textContent = t("cfg_reason_required");
        reason.focus();
        return;
      }
      save.disabled = true;
      try {
        const answer = await api.put("/api/v1/admin/settings", { changes, reason: reason.value.trim() });
        reason.value = "";
        await reload();
        status.textContent = t("cfg_saved", { keys: answer.changed.map((e) => e.key).join(", ") });
      } catch (failure) {
        const fields = (failure.body && failure.body.fields) || {};
        for (const [key, message] of Object.entries(fields)) {
          const field = inputs.get(key);
          if (!field) continue;
          field.error.textContent = message;
          field.error.hidden = false;
          field.input.setAttribute("aria-invalid", "true");
        }
        status.textContent = Object.keys(fields).length ? t("cfg_refused") : failure.message;
      } finally {
        save.disabled = false;
      }
    }

    async function resetKey(key) {
      if (!reason.value.trim()) {
        status.textContent = t("cfg_reason_required");
        reason.focus();
        return;
      }
      try {
        await api.delete(`/api/v1/admin/settings/${encodeURIComponent(key)}?reason=${encodeURIComponent(reason.value.trim())}`);
        reason.value = "";
        await reload();
        status.textContent = t("cfg_reset_done", { key });
      } catch (failure) {
        status.textContent = failure.message;
      }
    }

    form.addEventListener("submit", submit);
    const data = await api.get("/api/v1/admin/config");
    const tests = h("div", { class: "cards" }, data.tests.map((name) => {
      const out = h("div", { class: "test-result", "data-test-result": name, "aria-live": "polite" });
      const button = h("button", { type: "button", class: "ghost", "data-test": name }, t("cfg_test", { name }));
      button.addEventListener("click", async () => {
        button.disabled = true;
        out.replaceChildren(h("p", { class: "muted" }, t("cfg_testing")));
        try {
          out.replaceChildren(...testResult(await api.post(`/api/v1/admin/config/test/${name}`), t));
        } catch (failure) {
          out.replaceChildren(pill("down", "erro"), h("p", { class: "form-error" }, failure.message));
        } finally {
          button.disabled = false;
        }
      });
      return h("section", { class: "card" }, h("h2", {}, name), button, out);
    }));
    showGroups(data);
    await showAudit();
    root.append(section(t("cfg_tests"), tests), form, section(t("cfg_audit"), audit));
  },
};
