// Sortable tables with an empty state that says what is empty and why.
import { h, displayValue } from "../js/dom.js";
import { t } from "../js/i18n.js";

/**
 * table({columns, rows, empty, caption}) — columns: [{key, label, value?(row), cell?(row),
 * numeric?}]; `value` gives the sort key (default row[key]), `cell` the content shown.
 * Every header is a button that sorts by its column (again: the other direction). Pass the
 * same `sort` object ({index, ascending}) to a table drawn again to keep its order.
 */
export function table({ columns, rows, empty, caption, onRow, sort = { index: -1, ascending: true } }) {
  if (!rows.length) return h("p", { class: "empty-state", "data-empty": "true" }, empty || t("empty_generic"));
  const body = h("tbody");
  const heads = columns.map((column, index) =>
    h("th", { scope: "col", "aria-sort": "none", class: column.numeric ? "numeric" : null },
      h("button", { type: "button", class: "sort-button", "data-sort": column.key }, column.label)));
  const valueOf = (column, row) => (column.value ? column.value(row) : row[column.key]);

  function fill() {
    body.replaceChildren();
    let ordered = rows;
    if (sort.index >= 0) {
      const column = columns[sort.index];
      ordered = [...rows].sort((a, b) => compare(valueOf(column, a), valueOf(column, b)) * (sort.ascending ? 1 : -1));
    }
    for (const row of ordered) {
      const cells = columns.map((column) => {
        const content = column.cell ? column.cell(row) : displayValue(valueOf(column, row));
        return h("td", { class: column.numeric ? "numeric" : null, "data-label": column.label }, content);
      });
      const tr = h("tr", {}, cells);
      if (onRow) onRow(tr, row);
      body.append(tr);
    }
  }

  const mark = () => heads.forEach((other, i) => other.setAttribute("aria-sort", i === sort.index ? (sort.ascending ? "ascending" : "descending") : "none"));
  heads.forEach((th, index) => {
    th.querySelector("button").addEventListener("click", () => {
      sort.ascending = sort.index === index ? !sort.ascending : true;
      sort.index = index;
      mark();
      fill();
    });
  });
  mark();
  fill();
  return h("div", { class: "table-wrap" },
    h("table", { class: "data-table" }, caption ? h("caption", {}, caption) : null, h("thead", {}, h("tr", {}, heads)), body));
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === "") return 1;
  if (b === null || b === undefined || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** A small "label: value" list (a definition list). */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value instanceof Node ? value : displayValue(value))]));
}

/** A status pill: ok / degraded / down / disabled and the like. */
export function pill(status, text) {
  return h("span", { class: "pill", "data-status": status }, text ?? status);
}

export function ms(value) {
  if (value === null || value === undefined) return "—";
  return value >= 100 ? `${Math.round(value)} ms` : `${Number(value).toFixed(1)} ms`;
}

export function when(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** A section with a heading, for grouping a view's parts. */
export function section(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), ...children);
}

/** Run `fn` every `ms` while the page is visible, until the view is left. */
export function every(ctx, milliseconds, fn) {
  const timer = setInterval(() => {
    if (!document.hidden) fn();
  }, milliseconds);
  ctx.onCleanup(() => clearInterval(timer));
}
