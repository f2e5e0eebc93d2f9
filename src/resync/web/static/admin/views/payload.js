// Payload editor: compose the chat page's exact frame, validated as you type, send it over
// a real WebSocket (one-time ticket) or POST /api/v1/chat, and see every raw frame with its
// timing. Saved payloads stay in this browser, per user; "as curl" gives the REST call.
import { h } from "../../js/dom.js";
import { section } from "../table.js";
import "../texts-review.js";

const MAX_TEXT = 4000; // chat.schemas.MAX_MESSAGE_CHARS
const FIELDS = { message: ["type", "text", "conversation_id"], ping: ["type"] };
const EXAMPLE = { type: "message", text: "quais jobs falharam hoje?" };

/** Problems of a frame against the chat protocol (empty: valid). */
export function frameProblems(source) {
  let frame;
  try {
    frame = JSON.parse(source);
  } catch (error) {
    return [`JSON: ${error.message}`];
  }
  if (!frame || typeof frame !== "object" || Array.isArray(frame)) return ["o quadro deve ser um objeto JSON"];
  const problems = [];
  if (!(frame.type in FIELDS)) problems.push("type: use \"message\" ou \"ping\"");
  else {
    for (const key of Object.keys(frame)) if (!FIELDS[frame.type].includes(key)) problems.push(`${key}: campo desconhecido no protocolo (ignorado pelo servidor)`);
  }
  if (frame.type === "message") {
    if (typeof frame.text !== "string") problems.push("text: obrigatório, texto");
    else if (!frame.text.trim()) problems.push("text: não pode ser vazio");
    else if (frame.text.length > MAX_TEXT) problems.push(`text: no máximo ${MAX_TEXT} caracteres`);
    if (frame.conversation_id !== undefined && frame.conversation_id !== null
      && (typeof frame.conversation_id !== "string" || frame.conversation_id.length > 32)) {
      problems.push("conversation_id: texto de até 32 caracteres");
    }
  }
  return problems;
}

function storageKey(user) {
  return `resync.payloads.${user ? user.username : "anonymous"}`;
}

function loadSaved(user) {
  try {
    return JSON.parse(localStorage.getItem(storageKey(user)) || "{}") || {};
  } catch {
    return {};
  }
}

function curlFor(frame, user) {
  const body = JSON.stringify({ text: frame.text, ...(frame.conversation_id ? { conversation_id: frame.conversation_id } : {}) });
  const quoted = `'${body.replace(/'/g, "'\\''")}'`;
  return `curl -sS -u ${user ? user.username : "USER"} -H 'Content-Type: application/json' -d ${quoted} ${location.origin}/api/v1/chat`;
}

export default {
  name: "payload",
  titleKey: "view_payload",
  role: "operator",
  async render(root, ctx) {
    const { api, t, user } = ctx;
    const editor = h("textarea", { id: "payload-frame", rows: "8", spellcheck: "false", class: "code-input", "aria-describedby": "payload-problems" });
    editor.value = JSON.stringify(EXAMPLE, null, 2);
    const problems = h("ul", { id: "payload-problems", class: "form-error", "aria-live": "polite" });
    const transport = h("select", { id: "payload-transport" },
      h("option", { value: "ws" }, "WebSocket (/ws/chat)"), h("option", { value: "rest" }, "REST (POST /api/v1/chat)"));
    const send = h("button", { type: "submit", class: "primary" }, t("pl_send"));
    const frames = h("ol", { class: "frames", "data-frames": "" });
    const result = h("div", { class: "payload-result" });
    const curl = h("pre", { class: "curl", "data-curl": "" });
    const copy = h("button", { type: "button", class: "ghost small" }, t("pl_copy"));
    const copied = h("span", { class: "muted", role: "status" });
    const name = h("input", { id: "payload-name", maxlength: "60" });
    const saveButton = h("button", { type: "button", class: "ghost" }, t("pl_save"));
    const savedList = h("ul", { class: "saved-payloads" });
    let socket = null;

    function validate() {
      const found = frameProblems(editor.value);
      problems.replaceChildren(...found.map((p) => h("li", {}, p)));
      editor.setAttribute("aria-invalid", String(found.some((p) => !p.includes("ignorado"))));
      const blocking = found.filter((p) => !p.includes("ignorado"));
      send.disabled = blocking.length > 0;
      if (!found.length) problems.replaceChildren(h("li", { class: "ok-text" }, t("pl_valid")));
      if (!blocking.length) {
        const frame = JSON.parse(editor.value);
        curl.textContent = frame.type === "message" ? curlFor(frame, user) : "—";
      }
    }

    function frameLine(direction, started, text) {
      const elapsed = `${(performance.now() - started).toFixed(1)} ms`;
      frames.append(h("li", { "data-direction": direction }, h("span", { class: "frame-meta" }, `${direction === "out" ? "↑" : "↓"} +${elapsed}`), " ", h("code", {}, text)));
    }

    function showResult(body) {
      const link = body && body.trace_id ? h("a", { href: `#routing?trace_id=${encodeURIComponent(body.trace_id)}`, "data-decision": body.trace_id }, t("pl_decision_link")) : null;
      result.replaceChildren(h("h3", {}, t("pl_result")), h("pre", { class: "result-json", "data-result": "" }, JSON.stringify(body, null, 2)), link || "");
    }

    async function overSocket(frame) {
      const { ticket } = await api.post("/api/v1/auth/ticket");
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const started = performance.now();
      await new Promise((resolve) => {
        socket = new WebSocket(`${scheme}://${location.host}/ws/chat?ticket=${encodeURIComponent(ticket)}`);
        socket.addEventListener("open", () => {
          const text = JSON.stringify(frame);
          frameLine("out", started, text);
          socket.send(text);
        });
        socket.addEventListener("message", (event) => {
          frameLine("in", started, String(event.data));
          let data = null;
          try {
            data = JSON.parse(event.data);
          } catch {
            return;
          }
          if (["result", "error", "pong"].includes(data.type)) {
            showResult(data);
            socket.close(1000);
          }
        });
        socket.addEventListener("error", () => result.replaceChildren(h("p", { class: "form-error" }, t("pl_ws_failed"))));
        socket.addEventListener("close", (event) => {
          frameLine("in", started, `[close ${event.code}${event.reason ? ` ${event.reason}` : ""}]`);
          socket = null;
          resolve();
        });
      });
    }

    async function overRest(frame) {
      const started = performance.now();
      const body = { text: frame.text, ...(frame.conversation_id ? { conversation_id: frame.conversation_id } : {}) };
      frameLine("out", started, `POST /api/v1/chat ${JSON.stringify(body)}`);
      try {
        const answer = await api.post("/api/v1/chat", body);
        frameLine("in", started, JSON.stringify(answer));
        showResult(answer);
      } catch (failure) {
        frameLine("in", started, JSON.stringify(failure.body || { error: failure.message }));
        showResult(failure.body || { error: failure.message });
      }
    }

    async function submit(event) {
      event.preventDefault();
      validate();
      if (send.disabled) return;
      const frame = JSON.parse(editor.value);
      frames.replaceChildren();
      result.replaceChildren();
      send.disabled = true;
      send.textContent = t("pl_sending");
      try {
        if (transport.value === "rest" && frame.type === "message") await overRest(frame);
        else await overSocket(frame);
      } catch (failure) {
        result.replaceChildren(h("p", { class: "form-error", role: "alert" }, failure.message || String(failure)));
      } finally {
        send.textContent = t("pl_send");
        validate();
      }
    }

    function showSaved() {
      const saved = loadSaved(user);
      const names = Object.keys(saved).sort();
      savedList.replaceChildren(...(names.length ? names.map((key) => {
        const load = h("button", { type: "button", class: "ghost small" }, t("pl_load"));
        load.addEventListener("click", () => {
          editor.value = saved[key];
          name.value = key;
          validate();
        });
        const remove = h("button", { type: "button", class: "ghost small" }, t("pl_delete"));
        remove.addEventListener("click", () => {
          const current = loadSaved(user);
          delete current[key];
          localStorage.setItem(storageKey(user), JSON.stringify(current));
          showSaved();
        });
        return h("li", { "data-saved": key }, h("span", {}, key), " ", load, " ", remove);
      }) : [h("li", { class: "empty-state" }, t("pl_no_saved"))]));
    }

    saveButton.addEventListener("click", () => {
      const key = name.value.trim();
      if (!key) {
        name.focus();
        return;
      }
      const current = loadSaved(user);
      current[key] = editor.value;
      localStorage.setItem(storageKey(user), JSON.stringify(current));
      showSaved();
    });
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(curl.textContent);
        copied.textContent = t("pl_copied");
      } catch {
        const range = document.createRange();
        range.selectNodeContents(curl);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    });
    editor.addEventListener("input", validate);
    ctx.onCleanup(() => {
      if (socket) socket.close(1000);
    });

    const form = h("form", { class: "payload-form", novalidate: true },
      h("label", { for: "payload-frame" }, t("pl_frame")), editor, problems,
      h("label", { for: "payload-transport" }, t("pl_transport")), transport, " ", send);
    form.addEventListener("submit", submit);
    root.append(
      h("div", { class: "payload-layout" },
        h("div", {}, section(t("view_payload"), form),
          section(t("pl_curl"), curl, copy, " ", copied),
          section(t("pl_saved_payloads"), h("label", { for: "payload-name" }, t("pl_name")), name, " ", saveButton, savedList)),
        h("div", {}, section(t("pl_frames"), frames), result)),
    );
    validate();
    showSaved();
  },
};
