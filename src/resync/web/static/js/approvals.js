// Approval cards: rendered from ActionParts / ApprovalRequests, kept in sync by id, and the
// approve/reject decision (with a required comment) for operators and admins.
import { api, ApiError } from "./api.js";
import { askComment } from "./dialog.js";
import { h, clear } from "./dom.js";
import { t, label, language } from "./i18n.js";
import { valueNode, valueText } from "./values.js";

const DECIDERS = new Set(["operator", "admin"]);
const IN_FLIGHT = new Set(["approved", "executing"]);
const POLL_MS = 2000;
const POLL_LIMIT = 30;

function personName(person) {
  if (!person) return "";
  if (typeof person === "object") return person.display_name || person.username || person.id || "";
  return String(person);
}

/** Ids arrive as numbers (approval frames, the API) and as strings (ActionParts). */
function approvalKey(approval) {
  return approval && approval.id != null && approval.id !== "" ? String(approval.id) : null;
}

/** A status in words: translated, or the code made readable ("not_allowed" → "not allowed"). */
export function statusLabel(status) {
  const text = label("status", status);
  return text === String(status) ? String(status).replaceAll("_", " ") : text;
}

/** What the card is, by its state: a proposal, a pending request, a finished one… */
function cardTitle(status) {
  const key = `approval_title_${status}`;
  const text = t(key);
  return text === key ? t("approval_title_other") : text;
}

function when(value) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(language() === "en" ? "en-US" : "pt-BR", { dateStyle: "short", timeStyle: "short" });
}

function warningText(warning) {
  if (typeof warning === "string") return warning;
  if (!warning || typeof warning !== "object") return String(warning ?? "");
  return String(warning[language()] || warning.pt || warning.en || warning.code || "");
}

export class ApprovalBoard {
  /** @param {object} options getUser(): the signed-in user; announce(text): aria-live notice;
   *  ask(text): send a question in the chat (the card's "job log" button) */
  constructor({ getUser, announce, ask }) {
    this.getUser = getUser;
    this.announce = announce;
    this.ask = ask;
    this.data = new Map(); // id -> latest ApprovalRequest fields
    this.cards = new Map(); // id -> Set of card elements
  }

  /** A card element for this approval (or proposed action), registered for live updates. */
  card(approval) {
    const el = h("section", { class: "approval-card", tabindex: "-1" });
    const id = approvalKey(approval);
    if (id) {
      const known = this.data.get(id) || {};
      this.data.set(id, { ...known, ...approval, status: approval.status || known.status });
      if (!this.cards.has(id)) this.cards.set(id, new Set());
      this.cards.get(id).add(el);
      el.dataset.approvalId = id;
      this.draw(el, this.data.get(id));
    } else {
      this.draw(el, approval);
    }
    return el;
  }

  /** Apply a changed ApprovalRequest (an `approval` frame or an API answer) to its cards. */
  update(approval) {
    const id = approvalKey(approval);
    if (!id) return;
    const before = this.data.get(id);
    const merged = { ...(before || {}), ...approval };
    this.data.set(id, merged);
    for (const el of this.liveCards(id)) this.draw(el, merged);
    if (before && before.status !== merged.status) {
      this.announce(
        t("approval_update", {
          action: merged.action ? label("action", merged.action) : "",
          target: merged.target || "",
          status: statusLabel(merged.status),
        }),
      );
    }
  }

  liveCards(id) {
    const set = this.cards.get(id) || new Set();
    for (const el of set) if (!el.isConnected) set.delete(el);
    return [...set];
  }

  /** Forget cards of a view that was replaced (they stay registered only while shown). */
  prune() {
    for (const id of this.cards.keys()) this.liveCards(id);
  }

  draw(el, approval) {
    const status = approval.status || "pending";
    const user = this.getUser();
    const canDecide = Boolean(approval.id) && status === "pending" && user && DECIDERS.has(user.role);
    const hadFocus = el.contains(document.activeElement);
    el.dataset.status = status;
    clear(el);
    const snapshot = approval.snapshot && typeof approval.snapshot === "object" ? approval.snapshot : {};
    const rc = snapshot.return_code ?? snapshot.rc;
    const lastRun = snapshot.end_time || snapshot.start_time;
    const rows = [
      ["approval_action", approval.action && label("action", approval.action)],
      ["approval_target", approval.target],
      ["approval_state", approval.target_state || snapshot.state],
      ["approval_rc", rc === null || rc === undefined ? "" : String(rc)],
      ["approval_last_run", when(lastRun)],
      ["approval_justification", approval.justification],
      ["approval_risk", approval.risk],
      ["approval_requester", personName(approval.requester)],
      ["approval_approver", personName(approval.decided_by)],
      ["approval_comment", approval.decision_comment],
      ["approval_result", approval.reason],
      ["approval_expires", status === "pending" ? when(approval.expires_at) : ""],
    ].filter(([key, value]) => value || key === "approval_action" || key === "approval_target");
    el.append(
      h(
        "header",
        { class: "approval-head" },
        h("p", { class: "part-title" }, cardTitle(status)),
        h("span", { class: `status-pill status-${status}`, role: "status" }, statusLabel(status)),
      ),
      h(
        "dl",
        {},
        rows.map(([key, value]) => [
          h("dt", {}, t(key)),
          key === "approval_risk"
            ? h("dd", { class: `risk risk-${String(value).toLowerCase()}` }, label("risk", String(value).toLowerCase()))
            : h("dd", {}, valueNode(value)),
        ]),
      ),
    );
    const warnings = Array.isArray(approval.warnings) ? approval.warnings : [];
    if (warnings.length) {
      el.append(
        h(
          "section",
          { class: "approval-warnings", role: "note" },
          h("p", { class: "part-title" }, t("approval_warnings")),
          h(
            "ul",
            {},
            warnings.map((w) => h("li", { class: `warning-${(w && w.severity) || "warn"}` }, warningText(w))),
          ),
        ),
      );
    }
    const job = approval.job_name || snapshot.name;
    if (job && this.ask) {
      const log = h("button", { type: "button", class: "approval-log ghost small" }, t("approval_log", { job }));
      log.addEventListener("click", () => this.ask(t("approval_log_question", { job })));
      el.append(h("p", { class: "approval-links" }, log));
    }
    if (status === "pending" && user && !DECIDERS.has(user.role)) {
      el.append(h("p", { class: "approval-note" }, t("read_only")));
    }
    if (canDecide) {
      const approve = h("button", { type: "button", class: "approve primary" }, t("approve"));
      const reject = h("button", { type: "button", class: "reject danger" }, t("reject"));
      approve.addEventListener("click", () => this.decide(el, approval.id, "approve"));
      reject.addEventListener("click", () => this.decide(el, approval.id, "reject"));
      el.append(h("div", { class: "approval-actions" }, approve, reject));
    }
    if (status === "outcome_unknown" && user && DECIDERS.has(user.role)) {
      const recheck = h("button", { type: "button", class: "recheck primary" }, t("recheck"));
      recheck.addEventListener("click", () => this.recheck(el, approval.id));
      el.append(h("div", { class: "approval-actions" }, recheck));
    }
    el.append(h("p", { class: "approval-error", role: "alert", hidden: true }));
    if (hadFocus) el.focus();
  }

  async decide(el, id, decision) {
    // Ids arrive as numbers from the API and as text from ActionParts; the board keys on text.
    const approval = this.data.get(String(id)) || {};
    const title = t(decision === "approve" ? "approve_title" : "reject_title", {
      action: approval.action ? label("action", approval.action) : "",
      target: valueText(approval.target || ""),
    });
    const comment = await askComment(title);
    if (comment === null) return;
    for (const button of el.querySelectorAll(".approval-actions button")) button.disabled = true;
    try {
      const updated = await api.decide(id, decision, comment);
      this.update(updated && updated.id ? updated : { id, status: decision === "approve" ? "approved" : "rejected" });
      el.focus();
      this.follow(id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) await this.refresh(id);
      const target = this.liveCards(String(id)).includes(el) ? el : null;
      if (target) {
        for (const button of target.querySelectorAll(".approval-actions button")) button.disabled = false;
        const message = target.querySelector(".approval-error");
        message.textContent = `${t("error_prefix")}: ${(language() === "en" && error.detailEn) || error.detail || error.message || t("error_generic")}`;
        message.hidden = false;
      }
    }
  }

  /** Ask HWA what became of a request whose outcome is unknown. */
  async recheck(el, id) {
    for (const button of el.querySelectorAll(".approval-actions button")) button.disabled = true;
    try {
      this.update(await api.recheck(id));
    } catch (error) {
      const message = el.querySelector(".approval-error");
      message.textContent = `${t("error_prefix")}: ${error.detail || error.message || t("error_generic")}`;
      message.hidden = false;
      for (const button of el.querySelectorAll(".approval-actions button")) button.disabled = false;
    }
  }

  async refresh(id) {
    try {
      this.update(await api.approval(id));
    } catch {
      // keep what we have; the next approval frame corrects it
    }
  }

  /** After a decision, follow the request until execution ends (frames may not reach us). */
  async follow(id) {
    for (let i = 0; i < POLL_LIMIT; i += 1) {
      const current = this.data.get(String(id));
      if (!current || !IN_FLIGHT.has(current.status)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      await this.refresh(id);
    }
  }
}
