// A card field's value as readable DOM: lists as lists, counts as "HOLD 3 · SUCC 12",
// yes/no for booleans — never raw JSON or Python lists on screen.
import { h } from "./dom.js";
import { t } from "./i18n.js";

function scalar(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (value === true) return t("yes");
  if (value === false) return t("no");
  return String(value);
}

/** Plain text of any value (for titles, dialogs and CSV-free places). */
export function valueText(value) {
  if (Array.isArray(value)) return value.length ? value.map(valueText).join("; ") : t("none");
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    return entries.length ? entries.map(([k, v]) => `${k} ${valueText(v)}`).join(" · ") : t("none");
  }
  return scalar(value);
}

/** A node for a value: a list for arrays of several items, "key value" chips for objects. */
export function valueNode(value) {
  if (Array.isArray(value)) {
    if (value.length === 0) return h("span", { class: "value-none" }, t("none"));
    if (value.length === 1) return valueNode(value[0]);
    return h("ul", { class: "value-list" }, value.map((item) => h("li", {}, valueNode(item))));
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return h("span", { class: "value-none" }, t("none"));
    return h(
      "ul",
      { class: "value-counts" },
      entries.map(([key, item]) => h("li", {}, h("span", { class: "value-key" }, key), " ", valueText(item))),
    );
  }
  return document.createTextNode(scalar(value));
}
