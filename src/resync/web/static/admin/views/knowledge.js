// Knowledge: the documents (upload with progress and delete for admins), and a search with
// the retrieval pipeline's trace: each stage's time, candidates in and out, top scores.
import { ApiError, storedCredentials } from "../../js/api.js";
import { confirmAction } from "../../js/dialog.js";
import { h } from "../../js/dom.js";
import { ms, section, table, when } from "../table.js";

const UPLOAD_PATH = "/api/v1/knowledge/documents";

/** Multipart upload through XMLHttpRequest: the only browser API that reports upload progress. */
function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", UPLOAD_PATH);
    xhr.setRequestHeader("X-Requested-With", "resync");
    xhr.setRequestHeader("Accept", "application/json");
    const basic = storedCredentials();
    if (basic) xhr.setRequestHeader("Authorization", `Basic ${basic}`);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { detail: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, { error: "network_error", detail: "upload failed" })));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

function stageRows(trace) {
  let incoming = null;
  return trace.stages.map((stage) => {
    const row = {
      name: stage.name,
      duration_ms: stage.duration_ms,
      in: incoming,
      candidates: stage.candidates.length,
      out: stage.passed_on.length,
      top: stage.candidates.slice(0, 3).map((c) => `${c.title || c.id} (${c.score.toFixed(3)})`).join("; "),
      notes: [stage.error, ...stage.notes].filter(Boolean).join("; "),
    };
    incoming = stage.passed_on.length;
    return row;
  });
}

export default {
  name: "knowledge",
  titleKey: "view_knowledge",
  role: "viewer",
  async render(root, ctx) {
    const { api, t } = ctx;
    const admin = ctx.allowed("admin");
    const documents = h("div", { "data-list": "documents" });
    const status = h("p", { class: "muted", role: "status", "data-status-line": "" });

    async function loadDocuments() {
      const list = await api.get("/api/v1/knowledge/documents");
      const columns = [
        { key: "source", label: t("source") },
        { key: "title", label: t("title") },
        { key: "language", label: t("language") },
        { key: "chunk_count", label: t("chunks"), numeric: true },
        { key: "updated_at", label: t("ingested_at"), cell: (d) => when(d.updated_at) },
      ];
      if (admin) {
        columns.push({ key: "actions", label: "", value: () => "", cell: (d) => {
          const remove = h("button", { type: "button", class: "danger small", "data-delete": d.source }, t("delete"));
          remove.addEventListener("click", async () => {
            if (!(await confirmAction(t("delete_document_title", { name: d.source }), t("delete_document_text")))) return;
            try {
              await api.delete(`/api/v1/knowledge/documents?source=${encodeURIComponent(d.source)}`);
              status.textContent = t("document_deleted", { name: d.source });
              await loadDocuments();
            } catch (failure) {
              status.textContent = `${t("error_prefix")}: ${failure.message}`;
            }
          });
          return remove;
        } });
      }
      documents.replaceChildren(table({ columns, rows: list, empty: t("no_documents") }));
    }

    const parts = [status];
    if (admin) {
      const fileInput = h("input", { id: "kb-file", name: "file", type: "file", accept: ".md,.markdown,.txt,.html,.htm,.pdf,.docx" });
      const progress = h("progress", { max: "1", value: "0", "aria-label": t("upload_progress"), hidden: true });
      const form = h("form", { class: "filters", "data-form": "upload" },
        h("div", { class: "field" }, h("label", { for: "kb-file" }, t("document_file")), fileInput),
        h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("upload"))), progress);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const file = fileInput.files[0];
        if (!file) {
          status.textContent = t("choose_file");
          return;
        }
        progress.hidden = false;
        progress.value = 0;
        try {
          const result = await upload(file, (fraction) => { progress.value = fraction; });
          progress.value = 1;
          status.textContent = t("uploaded", { name: result.source, status: result.status, chunks: result.chunks });
          form.reset();
          await loadDocuments();
        } catch (failure) {
          status.textContent = `${t("error_prefix")}: ${failure.message}`;
        }
      });
      parts.push(section(t("upload_document"), form));
    }

    const results = h("div", { "data-search": "results" }, h("p", { class: "empty-state" }, t("search_first")));
    const traceBox = h("div", { "data-trace": "" }, h("p", { class: "empty-state" }, t("search_first")));
    const query = h("input", { id: "kb-query", name: "q", type: "search", maxlength: 2000, required: true });
    const searchForm = h("form", { class: "filters", "data-form": "search" },
      h("div", { class: "field grow" }, h("label", { for: "kb-query" }, t("search_query")), query),
      h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, t("search"))));
    searchForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = query.value.trim();
      if (!text) return;
      const found = await api.get(`/api/v1/knowledge/search?trace=true&limit=5&q=${encodeURIComponent(text)}`);
      const trace = found.trace;
      traceBox.replaceChildren(trace ? h("div", {},
        h("p", {}, `${t("pipeline_total")}: ${ms(trace.total_ms)} · ${t("terms")}: ${trace.analysis.terms.join(", ") || "—"}`),
        table({
          columns: [
            { key: "name", label: t("stage") },
            { key: "duration_ms", label: t("time"), numeric: true, cell: (row) => ms(row.duration_ms) },
            { key: "in", label: t("candidates_in"), numeric: true },
            { key: "candidates", label: t("candidates"), numeric: true },
            { key: "out", label: t("candidates_out"), numeric: true },
            { key: "top", label: t("top_scores") },
            { key: "notes", label: t("notes") },
          ],
          rows: stageRows(trace),
          empty: t("no_stages"),
          onRow: (tr, row) => { tr.dataset.stage = row.name; },
        })) : "");
      results.replaceChildren(found.results.length
        ? h("ol", { class: "passages" }, found.results.map((r) => h("li", { "data-passage": r.id },
          h("p", {}, h("strong", {}, r.title), r.section ? ` · ${r.section}` : "", h("span", { class: "muted" }, ` · ${r.source} · ${r.score.toFixed(3)}`)),
          h("p", { class: "passage-text" }, r.text.length > 400 ? `${r.text.slice(0, 400)}…` : r.text))))
        : h("p", { class: "empty-state" }, t("no_passages")));
    });

    await loadDocuments();
    parts.push(
      section(t("search_trace"), searchForm, h("h3", {}, t("pipeline")), traceBox, h("h3", {}, t("top_passages")), results),
      section(t("documents"), documents));
    root.append(...parts);
  },
};
