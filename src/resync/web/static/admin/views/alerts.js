// Alerts: the monitor's alerts newest first, filtered by status, kind and severity, paged
// and sortable; an alert's detail in pt and en; acknowledge or resolve with a comment
// (operators); the silences; the history chart. Refreshed after every poll of the plan
// (the /ws/monitoring feed) and every 10 s.
import { askComment } from "../../js/dialog.js";
import { h } from "../../js/dom.js";
import { label, language } from "../../js/i18n.js";
import { history } from "../alerts-history.js";
import { liveFeed } from "../alerts-live.js";
import { silences } from "../alerts-silences.js";
import { every, facts, section, table, when } from "../table.js";
import { KINDS, SEVERITIES, STATUSES } from "../texts-alerts.js";

const PAGE = 25;
const REFRESH_MS = 10000;
const FILTERS = { status: STATUSES, kind: KINDS, severity: SEVERITIES };
const PREFIX = { status: "alert_status", kind: "alert_kind", severity: "alert_severity" };

function announce(text) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

const textOf = (alert) => alert.texts?.[language()] || alert.texts?.pt || { title: alert.title, detail: alert.detail };
const target = (alert) => [alert.job_name, alert.job_stream, alert.workstation].filter(Boolean).join(" · ");

function severityPill(severity) {
  return h("span", { class: "severity-pill", "data-severity": severity }, label("alert_severity", severity));
}

function statusPill(status) {
  return h("span", { class: "status-pill", "data-alert-status": status }, label("alert_status", status));
}

export default {
  name: "alerts",
  titleKey: "view_alerts",
  role: "viewer",
  async render(root, ctx) {
    const { api, t } = ctx;
    const operator = ctx.allowed("operator");
    const state = { filters: {}, offset: 0, detail: null, sort: { index: -1, ascending: true } };
    const listing = h("div", { "data-list": "alerts" });
    const pager = h("div", { class: "pager" });
    const detailBox = h("div", { "data-detail": "alert" });
    const stamp = h("span", { class: "muted", role: "status" });
    const silenceBox = silences(ctx, announce);
    const historyBox = history(ctx);

    const selects = Object.entries(FILTERS).map(([name, values]) => {
      const id = `alert-filter-${name}`;
      return h("div", { class: "field" }, h("label", { for: id }, t(`al_${name}`)),
        h("select", { id, name }, h("option", { value: "" }, t("al_any")),
          values.map((value) => h("option", { value }, label(PREFIX[name], value)))));
    });
    const form = h("form", { class: "filters", "aria-label": t("filters") }, selects,
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("apply_filters")),
        h("button", { type: "reset", class: "ghost" }, t("clear_filters"))));

    async function act(alert, verb) {
      const comment = await askComment(t(verb === "ack" ? "al_ack_title" : "al_resolve_title", { id: alert.id }));
      if (comment === null) return;
      try {
        await api.post(`/api/v1/monitoring/alerts/${alert.id}/${verb}`, { comment });
        announce(t(verb === "ack" ? "al_acked" : "al_resolved", { id: alert.id }));
        await refresh();
      } catch (failure) {
        stamp.textContent = `${t("error_prefix")}: ${failure.message}`;
      }
    }

    function actions(alert) {
      const buttons = [];
      if (alert.status === "active") buttons.push(["ack", t("al_ack")]);
      if (alert.status === "active" || alert.status === "acknowledged") buttons.push(["resolve", t("al_resolve")]);
      return h("div", { class: "row-actions" }, buttons.map(([verb, text]) => {
        const button = h("button", { type: "button", class: "ghost", "data-action": verb, "data-alert": alert.id }, text);
        button.addEventListener("click", () => act(alert, verb));
        return button;
      }));
    }

    function titleCell(alert) {
      const button = h("button", { type: "button", class: "link-button", "data-open": alert.id,
        "aria-label": t("al_open_detail", { id: alert.id }) }, textOf(alert).title);
      button.addEventListener("click", () => {
        state.detail = alert.id;
        showDetail().catch((failure) => { stamp.textContent = `${t("error_prefix")}: ${failure.message}`; });
      });
      return button;
    }

    async function showDetail() {
      if (state.detail === null) {
        detailBox.replaceChildren();
        return;
      }
      const alert = await api.get(`/api/v1/monitoring/alerts/${state.detail}`);
      const close = h("button", { type: "button", class: "ghost" }, t("al_close"));
      close.addEventListener("click", () => {
        state.detail = null;
        detailBox.replaceChildren();
      });
      const texts = ["pt", "en"].filter((lang) => alert.texts?.[lang]).map((lang) =>
        h("div", { class: "alert-text", lang, "data-lang": lang },
          h("h3", {}, t(`al_text_${lang}`)), h("p", {}, h("strong", {}, alert.texts[lang].title)), h("p", {}, alert.texts[lang].detail)));
      detailBox.replaceChildren(section(t("al_detail", { id: alert.id }),
        h("div", { class: "toolbar" }, severityPill(alert.severity), statusPill(alert.status),
          operator ? actions(alert) : null, close),
        h("div", { class: "alert-texts" }, texts),
        facts([
          [t("al_kind"), label("alert_kind", alert.kind)],
          [t("al_job"), alert.job_name],
          [t("al_stream"), alert.job_stream],
          [t("al_workstation"), alert.workstation],
          [t("al_first_seen"), when(alert.first_seen)],
          [t("al_last_seen"), when(alert.last_seen)],
          [t("al_occurrences"), alert.occurrences],
          [t("al_acknowledged_by"), alert.acknowledged_by ? `${alert.acknowledged_by} · ${when(alert.acknowledged_at)}` : null],
          [t("al_resolved_by"), alert.resolved_by ? `${alert.resolved_by} · ${when(alert.resolved_at)}` : null],
          [t("al_comment"), alert.comment],
        ])));
      detailBox.firstChild.dataset.alert = String(alert.id);
    }

    async function emptyText() {
      const chosen = Object.entries(state.filters).filter(([, value]) => value);
      if (chosen.length) {
        const filters = chosen.map(([name, value]) => `${t(`al_${name}`)}: ${label(PREFIX[name], value)}`).join(", ");
        return t("al_empty_filtered", { filters });
      }
      const now = await api.get("/api/v1/monitoring/current");
      const poller = now.poller || {};
      if (!poller.polls) return t("al_empty_off");
      return t("al_empty_none", { seconds: poller.interval_s, polls: poller.polls });
    }

    async function load() {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(state.filters)) if (value) query.set(name, value);
      query.set("limit", String(PAGE));
      query.set("offset", String(state.offset));
      const page = await api.get(`/api/v1/monitoring/alerts?${query}`);
      const columns = [
        { key: "id", label: "#", numeric: true },
        { key: "severity", label: t("al_severity"), value: (a) => SEVERITIES.indexOf(a.severity), cell: (a) => severityPill(a.severity) },
        { key: "kind", label: t("al_kind"), cell: (a) => label("alert_kind", a.kind) },
        { key: "title", label: t("al_title"), value: (a) => textOf(a).title, cell: titleCell },
        { key: "target", label: t("al_target"), value: target },
        { key: "status", label: t("al_status"), cell: (a) => statusPill(a.status) },
        { key: "first_seen", label: t("al_first_seen"), cell: (a) => when(a.first_seen) },
        { key: "last_seen", label: t("al_last_seen"), cell: (a) => when(a.last_seen) },
        { key: "occurrences", label: t("al_occurrences"), numeric: true },
      ];
      if (operator) columns.push({ key: "actions", label: t("al_actions"), value: () => "", cell: actions });
      const empty = page.items.length ? "" : await emptyText();
      listing.replaceChildren(table({
        columns,
        rows: page.items,
        empty,
        sort: state.sort, // kept across the live refreshes
        onRow: (tr, alert) => {
          tr.dataset.alertRow = String(alert.id);
          tr.dataset.severity = alert.severity;
          tr.dataset.status = alert.status;
        },
      }));
      const prev = h("button", { type: "button", class: "ghost", disabled: state.offset === 0 }, t("previous"));
      const next = h("button", { type: "button", class: "ghost", disabled: state.offset + PAGE >= page.total }, t("next"));
      prev.addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); load().catch(() => {}); });
      next.addEventListener("click", () => { state.offset += PAGE; load().catch(() => {}); });
      pager.replaceChildren(prev, h("span", { class: "muted", "data-range": "" }, page.items.length
        ? `${t("rows_from", { first: state.offset + 1, last: state.offset + page.items.length })} · ${t("al_total", { total: page.total })}`
        : "—"), next);
    }

    async function refresh() {
      await Promise.all([load(), silenceBox.load(), historyBox.load(), showDetail()]);
      stamp.textContent = `${t("updated_at")} ${new Date().toLocaleTimeString()} · ${t("auto_refresh", { seconds: REFRESH_MS / 1000 })}`;
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      state.filters = Object.fromEntries(Object.keys(FILTERS).map((name) => [name, String(data.get(name) || "")]));
      state.offset = 0;
      load().catch((failure) => { stamp.textContent = `${t("error_prefix")}: ${failure.message}`; });
    });
    form.addEventListener("reset", () => {
      state.filters = {};
      state.offset = 0;
      setTimeout(() => load().catch(() => {}), 0);
    });

    const failed = () => { stamp.textContent = t("refresh_failed"); };
    await refresh();
    const live = liveFeed(ctx, () => refresh().catch(failed));
    root.append(h("div", { class: "toolbar" }, live, stamp),
      section(t("al_list"), form, listing, pager), detailBox, silenceBox.el, historyBox.el);
    every(ctx, REFRESH_MS, () => refresh().catch(failed));
  },
};
