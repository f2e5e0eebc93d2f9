// Approvals: pending requests as cards (approve/reject with a comment for operators), the
// decided ones in a table (re-check of outcome_unknown), live through the chat WebSocket's
// approval frames (the event bus), with a slow poll as a safety net.
import { ApprovalBoard } from "../../js/approvals.js";
import { h } from "../../js/dom.js";
import { label } from "../../js/i18n.js";
import { ChatSocket } from "../../js/socket.js";
import { every, section, table, when } from "../table.js";

const POLL_MS = 30000;

function announce(text) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

function snapshot(approval, t) {
  const data = approval.snapshot || {};
  if (!Object.keys(data).length) return h("span", { class: "muted" }, "—");
  return h("details", { class: "snapshot" }, h("summary", {}, t("snapshot")), h("pre", {}, JSON.stringify(data, null, 2)));
}

export default {
  name: "approvals",
  titleKey: "view_approvals",
  role: "viewer",
  async render(root, ctx) {
    const { api, t } = ctx;
    const board = new ApprovalBoard({ getUser: () => ctx.user, announce });
    const pendingBox = h("div", { class: "approval-grid", "data-list": "pending" });
    const decidedBox = h("div", { "data-list": "decided" });
    const live = h("span", { class: "muted", "data-live": "offline" }, t("live_offline"));

    async function load() {
      const all = await api.get("/api/v1/approvals?limit=200");
      const pending = all.filter((a) => a.status === "pending");
      const decided = all.filter((a) => a.status !== "pending");
      board.prune();
      pendingBox.replaceChildren(...(pending.length
        ? pending.map((a) => h("div", { class: "approval-item", "data-approval": a.id }, board.card(a), snapshot(a, t)))
        : [h("p", { class: "empty-state" }, t("no_pending_approvals_why"))]));
      decidedBox.replaceChildren(table({
        columns: [
          { key: "id", label: "#", numeric: true },
          { key: "action", label: t("approval_action"), cell: (a) => label("action", a.action) },
          { key: "target", label: t("approval_target") },
          { key: "risk", label: t("approval_risk") },
          { key: "requester", label: t("approval_requester") },
          { key: "status", label: t("col_state"), cell: (a) => h("span", { class: `status-pill status-${a.status}`, "data-status": a.status }, label("status", a.status)) },
          { key: "decided_by", label: t("approval_approver") },
          { key: "decision_comment", label: t("approval_comment") },
          { key: "reason", label: t("approval_result") },
          { key: "decided_at", label: t("col_at"), cell: (a) => when(a.decided_at || a.created_at) },
          { key: "snapshot", label: t("snapshot"), value: () => "", cell: (a) => (a.status === "outcome_unknown" ? board.card(a) : snapshot(a, t)) },
        ],
        rows: decided,
        empty: t("no_decided_approvals"),
      }));
    }

    let reloadTimer = null;
    const socket = new ChatSocket({
      onFrame: (frame) => {
        if (frame.type !== "approval") return;
        const { type, ...approval } = frame;
        board.update(approval);
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => load().catch(() => {}), 300);
      },
      onState: (name) => {
        live.dataset.live = name;
        live.textContent = name === "online" ? t("live_online") : t("live_offline");
      },
      onReconnected: () => load().catch(() => {}),
      onClosed: () => {},
      onUnauthorized: () => {},
    });
    await load();
    root.append(h("p", {}, live),
      section(t("pending_approvals"), pendingBox),
      section(t("decided_approvals"), decidedBox));
    socket.start();
    ctx.onCleanup(() => {
      clearTimeout(reloadTimer);
      socket.stop();
    });
    every(ctx, POLL_MS, () => load().catch(() => {}));
  },
};
