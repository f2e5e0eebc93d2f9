// A tiny, safe Markdown subset rendered to DOM nodes: paragraphs, **bold**, `code`,
// bullet and numbered lists, ``` fenced blocks ```. Anything else stays literal text.
import { h } from "./dom.js";

const INLINE = /(\*\*[^*\n]+\*\*|`[^`\n]+`)/g;

export function inline(text) {
  const nodes = [];
  for (const piece of String(text).split(INLINE)) {
    if (!piece) continue;
    if (piece.length > 4 && piece.startsWith("**") && piece.endsWith("**")) {
      nodes.push(h("strong", {}, piece.slice(2, -2)));
    } else if (piece.length > 2 && piece.startsWith("`") && piece.endsWith("`")) {
      nodes.push(h("code", {}, piece.slice(1, -1)));
    } else {
      nodes.push(piece);
    }
  }
  return nodes;
}

function withBreaks(lines) {
  const nodes = [];
  lines.forEach((line, index) => {
    if (index > 0) nodes.push(h("br"));
    nodes.push(...inline(line));
  });
  return nodes;
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d+)[.)]\s+(.*)$/;
const HEADING = /^#{1,6}\s+(.*)$/;

/** Render `text` into a DocumentFragment of block elements. */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  const lines = String(text ?? "").replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i += 1;
      continue;
    }
    if (line.trim().startsWith("```")) {
      const code = [];
      i += 1;
      while (i < lines.length && !lines[i].trim().startsWith("```")) code.push(lines[i++]);
      i += 1;
      fragment.append(h("pre", { class: "code-block" }, h("code", {}, code.join("\n"))));
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      fragment.append(h("p", { class: "md-heading" }, h("strong", {}, ...inline(heading[1]))));
      i += 1;
      continue;
    }
    if (BULLET.test(line) || NUMBERED.test(line)) {
      const numbered = NUMBERED.test(line);
      const pattern = numbered ? NUMBERED : BULLET;
      const start = numbered ? Number(NUMBERED.exec(line)[1]) : null;
      const list = h(numbered ? "ol" : "ul", numbered && start !== 1 ? { start } : {});
      while (i < lines.length && pattern.test(lines[i])) {
        const match = pattern.exec(lines[i]);
        list.append(h("li", {}, ...inline(numbered ? match[2] : match[1])));
        i += 1;
      }
      fragment.append(list);
      continue;
    }
    const paragraph = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !lines[i].trim().startsWith("```") &&
      !BULLET.test(lines[i]) &&
      !NUMBERED.test(lines[i])
    ) {
      paragraph.push(lines[i]);
      i += 1;
    }
    fragment.append(h("p", {}, ...withBreaks(paragraph)));
  }
  return fragment;
}
