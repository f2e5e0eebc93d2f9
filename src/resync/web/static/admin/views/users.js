// Users: list, create, change role, disable/enable, reset password; your personal API
// tokens (a new one is shown once); login lockouts (list, clear).
import { confirmAction } from "../../js/dialog.js";
import { h } from "../../js/dom.js";
import { label } from "../../js/i18n.js";
import { section, table, when } from "../table.js";

const ROLES = ["viewer", "operator", "admin"];

function field(id, text, attrs) {
  return h("div", { class: "field" }, h("label", { for: id }, text), h("input", { id, ...attrs }));
}

function roleSelect(id, value) {
  return h("select", { id, name: "role" }, ROLES.map((role) => h("option", { value: role, selected: role === value }, label("role", role))));
}

export default {
  name: "users",
  titleKey: "view_users",
  role: "admin",
  async render(root, ctx) {
    const { api, t } = ctx;
    const users = h("div", { "data-list": "users" });
    const tokens = h("div", { "data-list": "tokens" });
    const lockouts = h("div", { "data-list": "lockouts" });
    const status = h("p", { class: "muted", role: "status", "data-status-line": "" });
    const newToken = h("div", { "data-new-token": "" });

    const report = (text) => {
      status.textContent = text;
    };
    const failed = (failure) => report(`${t("error_prefix")}: ${failure.detail ? JSON.stringify(failure.detail).replace(/^"|"$/g, "") : failure.message}`);
    const path = (username) => `/api/v1/users/${encodeURIComponent(username)}`;

    async function change(username, body, done) {
      try {
        await api.patch(path(username), body);
        report(done);
        await loadUsers();
      } catch (failure) {
        failed(failure);
      }
    }

    async function loadUsers() {
      const list = await api.get("/api/v1/users");
      users.replaceChildren(table({
        columns: [
          { key: "username", label: t("username") },
          { key: "display_name", label: t("display_name") },
          { key: "role", label: t("role"), cell: (user) => {
            const select = roleSelect(`role-${user.username}`, user.role);
            select.setAttribute("aria-label", t("role_of", { name: user.username }));
            select.addEventListener("change", () => change(user.username, { role: select.value }, t("role_changed", { name: user.username })));
            return select;
          } },
          { key: "disabled", label: t("col_state"), value: (user) => (user.disabled ? 1 : 0), cell: (user) => (user.disabled ? t("disabled") : t("enabled")) },
          { key: "created_at", label: t("created_at"), cell: (user) => when(user.created_at) },
          { key: "actions", label: "", value: () => "", cell: (user) => {
            const toggle = h("button", { type: "button", class: "ghost small", "data-toggle": user.username }, user.disabled ? t("enable") : t("disable"));
            toggle.addEventListener("click", async () => {
              if (!user.disabled && !(await confirmAction(t("disable_title", { name: user.username }), t("disable_text")))) return;
              await change(user.username, { disabled: !user.disabled }, t(user.disabled ? "user_enabled" : "user_disabled", { name: user.username }));
            });
            const reset = h("button", { type: "button", class: "ghost small", "data-reset": user.username }, t("reset_password"));
            reset.addEventListener("click", () => showReset(user.username));
            return h("span", { class: "row-actions" }, toggle, reset);
          } },
        ],
        rows: list,
        empty: t("no_users"),
      }));
    }

    const resetBox = h("div", {});
    function showReset(username) {
      const input = h("input", { id: "reset-password", name: "password", type: "password", minlength: 8, autocomplete: "new-password", required: true });
      const form = h("form", { class: "filters", "data-reset-form": username },
        h("div", { class: "field" }, h("label", { for: "reset-password" }, t("new_password_for", { name: username })), input),
        h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("save")),
          h("button", { type: "button", class: "ghost", "data-cancel": "" }, t("cancel"))));
      form.querySelector("[data-cancel]").addEventListener("click", () => resetBox.replaceChildren());
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (input.value.length < 8) return report(t("password_too_short"));
        await change(username, { password: input.value }, t("password_reset", { name: username }));
        resetBox.replaceChildren();
      });
      resetBox.replaceChildren(form);
      input.focus();
    }

    const createForm = h("form", { class: "filters", "data-form": "create-user" },
      field("new-username", t("username"), { name: "username", required: true, autocomplete: "off", maxlength: 64 }),
      field("new-display", t("display_name"), { name: "display_name", maxlength: 200 }),
      h("div", { class: "field" }, h("label", { for: "new-role" }, t("role")), roleSelect("new-role", "viewer")),
      field("new-password", t("password"), { name: "password", type: "password", minlength: 8, required: true, autocomplete: "new-password" }),
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("create_user"))));
    createForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(createForm));
      try {
        await api.post("/api/v1/users", data);
        report(t("user_created", { name: data.username }));
        createForm.reset();
        await loadUsers();
      } catch (failure) {
        failed(failure);
      }
    });

    async function loadTokens() {
      const list = await api.get("/api/v1/auth/tokens");
      tokens.replaceChildren(table({
        columns: [
          { key: "name", label: t("col_name") },
          { key: "prefix", label: t("prefix"), cell: (row) => h("code", {}, `${row.prefix}…`) },
          { key: "created_at", label: t("created_at"), cell: (row) => when(row.created_at) },
          { key: "expires_at", label: t("expires_at"), cell: (row) => when(row.expires_at) },
          { key: "last_used_at", label: t("last_used_at"), cell: (row) => when(row.last_used_at) },
          { key: "revoked_at", label: t("col_state"), cell: (row) => (row.revoked_at ? t("revoked") : t("active")) },
          { key: "actions", label: "", value: () => "", cell: (row) => {
            if (row.revoked_at) return "";
            const revoke = h("button", { type: "button", class: "danger small", "data-revoke": row.id }, t("revoke"));
            revoke.addEventListener("click", async () => {
              if (!(await confirmAction(t("revoke_title", { name: row.name }), t("revoke_text")))) return;
              try {
                await api.delete(`/api/v1/auth/tokens/${row.id}`);
                report(t("token_revoked", { name: row.name }));
                await loadTokens();
              } catch (failure) {
                failed(failure);
              }
            });
            return revoke;
          } },
        ],
        rows: list,
        empty: t("no_tokens"),
      }));
    }

    const tokenForm = h("form", { class: "filters", "data-form": "create-token" },
      field("token-name", t("col_name"), { name: "name", required: true, maxlength: 100 }),
      field("token-days", t("expires_in_days"), { name: "expires_in_days", type: "number", min: 1, max: 3650 }),
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("create_token"))));
    tokenForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(tokenForm);
      const days = String(data.get("expires_in_days") || "");
      try {
        const created = await api.post("/api/v1/auth/tokens", { name: String(data.get("name")), expires_in_days: days ? Number(days) : null });
        newToken.replaceChildren(h("p", { class: "card" }, t("token_once"), " ", h("code", { "data-token": "" }, created.token)));
        tokenForm.reset();
        await loadTokens();
      } catch (failure) {
        failed(failure);
      }
    });

    async function loadLockouts() {
      const list = await api.get("/api/v1/auth/lockouts");
      lockouts.replaceChildren(table({
        columns: [
          { key: "key", label: t("lockout_key") },
          { key: "failures", label: t("failures"), numeric: true },
          { key: "last_failure_at", label: t("last_failure"), cell: (row) => when(row.last_failure_at) },
          { key: "locked_until", label: t("locked_until"), cell: (row) => (row.locked ? when(row.locked_until) : t("not_locked")) },
          { key: "actions", label: "", value: () => "", cell: (row) => {
            const clearButton = h("button", { type: "button", class: "ghost small", "data-clear": row.key }, t("clear_lockout"));
            clearButton.addEventListener("click", async () => {
              try {
                await api.delete(`/api/v1/auth/lockouts/${encodeURIComponent(row.key)}`);
                report(t("lockout_cleared", { key: row.key }));
                await loadLockouts();
              } catch (failure) {
                failed(failure);
              }
            });
            return clearButton;
          } },
        ],
        rows: list,
        empty: t("no_lockouts"),
      }));
    }

    await Promise.all([loadUsers(), loadTokens(), loadLockouts()]);
    root.append(status,
      section(t("users"), users, resetBox),
      section(t("create_user"), createForm),
      section(t("my_tokens"), newToken, tokenForm, tokens),
      section(t("lockouts"), lockouts));
  },
};
