// Teams: channels with their rules (add, edit, delete, test-send showing Teams' answer),
// the outbox and delivery log with retry-now, the user mapping, the incoming webhook.
import { confirmAction } from "../../js/dialog.js";
import { h } from "../../js/dom.js";
import { label } from "../../js/i18n.js";
import { channelForm, problem } from "../teams-form.js";
import { every, facts, ms, pill, section, table, when } from "../table.js";
import "../texts-teams.js";

const OUTCOME = { delivered: "ok", retry: "degraded", failed: "down", pending: "degraded", sending: "degraded", unknown: "down" };
const RETRYABLE = new Set(["failed", "unknown"]);

/** A delivery's state or outcome in the page's language; the code stays in data-outcome. */
function outcome(code) {
  const shown = pill(OUTCOME[code] || "down", code ? label("teams_state", code) : "—");
  if (code) shown.dataset.outcome = code;
  return shown;
}

function rulesText(channel, t) {
  if (channel.from_settings) return t("tm_from_settings");
  const rules = channel.rules;
  const parts = [];
  if (rules.min_severity !== "info") parts.push(t("tm_rule_severity", { value: label("teams_severity", rules.min_severity) }));
  if (rules.kinds.length) parts.push(t("tm_rule_kinds", { value: rules.kinds.join(", ") }));
  if (rules.streams.length) parts.push(t("tm_rule_streams", { value: rules.streams.join(", ") }));
  if (rules.workstations.length) parts.push(t("tm_rule_workstations", { value: rules.workstations.join(", ") }));
  if (!rules.approvals) parts.push(t("tm_rule_no_approvals"));
  if (rules.quiet_start && rules.quiet_end) {
    parts.push(t("tm_rule_quiet", { start: rules.quiet_start, end: rules.quiet_end, zone: rules.quiet_timezone, breakthrough: label("teams_severity", rules.breakthrough) }));
  }
  return parts.length ? parts.join(" · ") : t("tm_rule_all");
}

function answerFacts(answer, t) {
  return facts([
    [t("tm_outcome"), outcome(answer.outcome)],
    [t("tm_status_code"), answer.status_code ?? "—"],
    [t("tm_error"), answer.error || "—"],
    [t("tm_response"), answer.response || "—"],
    [t("tm_latency"), ms(answer.latency_ms)],
  ]);
}

export default {
  name: "teams",
  titleKey: "view_teams",
  role: "admin",
  async render(root, ctx) {
    const { api, t } = ctx;
    const status = h("p", { class: "muted", role: "status", "aria-live": "polite", "data-status-line": "" });
    const channels = h("div", { "data-list": "channels" });
    const answer = h("div", { class: "test-result", "data-test-answer": "", "aria-live": "polite" });
    const editor = h("div", { "data-channel-editor": "" });
    const outbox = h("div", { "data-list": "outbox" });
    const deliveries = h("div", { "data-list": "deliveries" });
    const links = h("div", { "data-list": "teams-users" });
    const incoming = h("div", { "data-incoming": "" });
    const report = (text) => {
      status.textContent = text;
    };
    const channelPath = (name) => `/api/v1/teams/channels/${encodeURIComponent(name)}`;

    async function testSend(channel, button) {
      button.disabled = true;
      answer.replaceChildren(h("p", { class: "muted" }, t("tm_testing")));
      try {
        const result = await api.post(`${channelPath(channel.name)}/test`);
        answer.dataset.outcome = result.outcome;
        answer.replaceChildren(h("h3", {}, t("tm_test_answer", { name: channel.name })), answerFacts(result, t));
      } catch (failure) {
        answer.replaceChildren(h("p", { class: "form-error", role: "alert" }, problem(failure)));
      } finally {
        button.disabled = false;
      }
      await loadLogs();
    }

    function edit(channel) {
      editor.replaceChildren(section(t("tm_edit_title", { name: channel.name }), channelForm(channel, async (body) => {
        await api.patch(channelPath(channel.name), body);
        editor.replaceChildren();
        report(t("tm_saved", { name: channel.name }));
        await loadChannels();
      }, () => editor.replaceChildren())));
      editor.querySelector("input, select").focus();
    }

    async function remove(channel) {
      if (!(await confirmAction(t("tm_delete_title", { name: channel.name }), t("tm_delete_text")))) return;
      try {
        await api.delete(channelPath(channel.name));
        report(t("tm_deleted", { name: channel.name }));
        await loadChannels();
      } catch (failure) {
        report(problem(failure));
      }
    }

    async function loadChannels() {
      const list = await api.get("/api/v1/teams/channels");
      channels.replaceChildren(table({
        columns: [
          { key: "name", label: t("col_name") },
          { key: "url", label: t("tm_url"), cell: (c) => h("code", { class: "wrap" }, c.url) },
          { key: "enabled", label: t("col_state"), value: (c) => (c.enabled ? 1 : 0), cell: (c) => pill(c.enabled ? "ok" : "disabled", c.enabled ? t("tm_enabled") : t("tm_disabled")) },
          { key: "rules", label: t("tm_rules"), value: (c) => rulesText(c, t), cell: (c) => rulesText(c, t) },
          { key: "actions", label: "", value: () => "", cell: (c) => {
            const test = h("button", { type: "button", class: "ghost small", "data-test-channel": c.name }, t("tm_test"));
            test.addEventListener("click", () => testSend(c, test));
            if (c.from_settings) return h("span", { class: "row-actions" }, test);
            const change = h("button", { type: "button", class: "ghost small", "data-edit-channel": c.name }, t("tm_edit"));
            change.addEventListener("click", () => edit(c));
            const drop = h("button", { type: "button", class: "danger small", "data-delete-channel": c.name }, t("delete"));
            drop.addEventListener("click", () => remove(c));
            return h("span", { class: "row-actions" }, test, change, drop);
          } },
        ],
        rows: list,
        empty: t("tm_no_channels"),
      }));
    }

    async function retry(id) {
      try {
        await api.post(`/api/v1/teams/outbox/${id}/retry`);
        report(t("tm_retried", { id }));
      } catch (failure) {
        report(problem(failure));
      }
      await loadLogs();
    }

    function retryButton(id) {
      const button = h("button", { type: "button", class: "ghost small", "data-retry": id }, t("tm_retry"));
      button.addEventListener("click", () => retry(id));
      return button;
    }

    let shownLogs = "";
    async function loadLogs() {
      const [rows, attempts] = await Promise.all([api.get("/api/v1/teams/outbox?limit=100"), api.get("/api/v1/teams/deliveries?limit=200")]);
      const seen = JSON.stringify([rows, attempts]);
      if (seen === shownLogs) return; // unchanged: keep the tables as sorted
      shownLogs = seen;
      const byId = new Map(rows.map((row) => [row.id, row]));
      outbox.replaceChildren(table({
        columns: [
          { key: "created_at", label: t("tm_time"), cell: (r) => when(r.created_at) },
          { key: "kind", label: t("tm_event"), cell: (r) => h("span", {}, r.kind, r.title ? h("small", { class: "muted block" }, r.title) : null) },
          { key: "channel", label: t("tm_channel") },
          { key: "status", label: t("tm_status"), cell: (r) => outcome(r.status) },
          { key: "attempts", label: t("tm_attempts"), numeric: true },
          { key: "last_error", label: t("tm_last_error") },
          { key: "next_attempt_at", label: t("tm_next_attempt"), cell: (r) => (r.status === "pending" ? when(r.next_attempt_at) : "—") },
          { key: "actions", label: "", value: () => "", cell: (r) => (RETRYABLE.has(r.status) ? retryButton(r.id) : "") },
        ],
        rows,
        empty: t("tm_no_outbox"),
        onRow: (tr, r) => tr.setAttribute("data-outbox", r.id),
      }));
      deliveries.replaceChildren(table({
        columns: [
          { key: "at", label: t("tm_time"), cell: (d) => when(d.at) },
          { key: "event", label: t("tm_event"), value: (d) => (d.outbox_id ? byId.get(d.outbox_id)?.kind || d.dedupe_key : t("tm_test_event")) },
          { key: "channel", label: t("tm_channel") },
          { key: "status_code", label: t("tm_status"), value: (d) => d.status_code ?? "", cell: (d) => h("span", {}, outcome(d.outcome), " ", d.status_code ?? "") },
          { key: "attempt", label: t("tm_attempt"), numeric: true },
          { key: "error", label: t("tm_last_error") },
          { key: "latency_ms", label: t("tm_latency"), numeric: true, cell: (d) => ms(d.latency_ms) },
          { key: "actions", label: "", value: () => "", cell: (d) => (RETRYABLE.has(byId.get(d.outbox_id)?.status) ? retryButton(d.outbox_id) : "") },
        ],
        rows: attempts,
        empty: t("tm_no_deliveries"),
        onRow: (tr, d) => tr.setAttribute("data-delivery", d.id),
      }));
    }

    const userSelect = h("select", { id: "teams-username", name: "username" });
    const keyInput = h("input", { id: "teams-key", name: "teams_key", required: true, maxlength: 200, autocomplete: "off" });
    const linkForm = h("form", { class: "filters", "data-form": "map-user" },
      h("div", { class: "field" }, h("label", { for: "teams-key" }, t("tm_teams_key")), keyInput),
      h("div", { class: "field" }, h("label", { for: "teams-username" }, t("tm_resync_user")), userSelect),
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("tm_map"))));
    linkForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const key = keyInput.value.trim();
      if (!key) return keyInput.focus();
      try {
        await api.put("/api/v1/teams/users", { teams_key: key, username: userSelect.value });
        report(t("tm_mapped", { key, name: userSelect.value }));
        linkForm.reset();
        await loadLinks();
      } catch (failure) {
        report(problem(failure));
      }
      return undefined;
    });

    async function loadLinks() {
      const [list, accounts] = await Promise.all([api.get("/api/v1/teams/users"), api.get("/api/v1/users")]);
      userSelect.replaceChildren(...accounts.filter((u) => !u.disabled).map((u) => h("option", { value: u.username }, u.username)));
      links.replaceChildren(table({
        columns: [
          { key: "teams_key", label: t("tm_teams_key") },
          { key: "username", label: t("tm_resync_user") },
          { key: "created_at", label: t("created_at"), cell: (l) => when(l.created_at) },
          { key: "actions", label: "", value: () => "", cell: (l) => {
            const drop = h("button", { type: "button", class: "danger small", "data-unmap": l.teams_key }, t("tm_unmap"));
            drop.addEventListener("click", async () => {
              if (!(await confirmAction(t("tm_unmap_title", { key: l.teams_key }), t("tm_unmap_text")))) return;
              try {
                await api.delete(`/api/v1/teams/users/${encodeURIComponent(l.teams_key)}`);
                report(t("tm_unmapped", { key: l.teams_key }));
                await loadLinks();
              } catch (failure) {
                report(problem(failure));
              }
            });
            return drop;
          } },
        ],
        rows: list,
        empty: t("tm_no_users"),
      }));
    }

    async function loadIncoming() {
      const data = await api.get("/api/v1/teams/incoming");
      incoming.replaceChildren(
        data.secret_set ? null : h("p", { class: "empty-state", "data-empty": "true" }, t("tm_secret_missing")),
        facts([
          [t("tm_secret"), pill(data.secret_set ? "ok" : "disabled", data.secret_set ? t("tm_secret_set") : t("tm_secret_unset"))],
          [t("tm_last_message"), when(data.last_message_at)],
          [t("tm_last_outcome"), data.last_outcome ? label("teams_incoming", data.last_outcome) : "—"],
          [t("tm_accepted"), data.accepted],
          [t("tm_rejected"), h("span", { "data-field": "rejected_signatures" }, String(data.rejected_signatures))],
          [t("tm_replays"), data.replays],
          [t("tm_stale"), data.stale],
          [t("tm_outbox_depth"), data.outbox_depth],
        ]),
        h("p", { class: "muted" }, t("tm_since_start")));
    }

    const addForm = channelForm(null, async (body) => {
      await api.post("/api/v1/teams/channels", body);
      report(t("tm_saved", { name: body.name }));
      await loadChannels();
    });
    const refresh = h("button", { type: "button", class: "ghost small", "data-refresh": "" }, t("tm_refresh"));
    refresh.addEventListener("click", () => Promise.all([loadLogs(), loadIncoming()]).catch((failure) => report(problem(failure))));

    await Promise.all([loadChannels(), loadLogs(), loadLinks(), loadIncoming()]);
    every(ctx, 10_000, () => Promise.all([loadLogs(), loadIncoming()]).catch(() => {}));
    root.append(status,
      section(t("tm_channels"), channels, answer),
      editor,
      section(t("tm_add"), addForm),
      section(t("tm_sending"), h("div", { class: "toolbar" }, refresh), h("h3", {}, t("tm_outbox")), outbox, h("h3", {}, t("tm_deliveries")), deliveries),
      section(t("tm_users"), linkForm, links),
      section(t("tm_incoming"), incoming));
  },
};
