// REST calls to the Resync API with HTTP Basic credentials kept in sessionStorage.
const CREDENTIALS_KEY = "resync.basic";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.error) || "http_error";
    this.detail = (body && body.detail) || "";
    this.detailEn = (body && body.detail_en) || ""; // the same detail in English, when given
    this.traceId = (body && body.trace_id) || "";
    this.body = body; // the whole answer (a 503 from /health still carries its report)
  }
}

function encodeBasic(username, password) {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function saveCredentials(username, password) {
  sessionStorage.setItem(CREDENTIALS_KEY, encodeBasic(username, password));
}

export function hasCredentials() {
  return Boolean(sessionStorage.getItem(CREDENTIALS_KEY));
}

/** The stored Basic value itself, to tell whether someone signed in again meanwhile. */
export function storedCredentials() {
  return sessionStorage.getItem(CREDENTIALS_KEY);
}

export function clearCredentials() {
  sessionStorage.removeItem(CREDENTIALS_KEY);
}

/** One JSON call to the API (the console's views go through this too). */
export async function request(method, path, body) {
  const headers = { Accept: "application/json", "X-Requested-With": "resync" };
  const basic = sessionStorage.getItem(CREDENTIALS_KEY);
  if (basic) headers.Authorization = `Basic ${basic}`;
  const init = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, { error: "network_error", detail: String(error.message || error) });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Lists may come bare or wrapped ({"items": [...]}); callers always get an array. */
function asList(data, key = "items") {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data[key])) return data[key];
  return [];
}

export const api = {
  me: () => request("GET", "/api/v1/auth/me"),
  ticket: () => request("POST", "/api/v1/auth/ticket"),
  chat: (text, conversationId) =>
    request("POST", "/api/v1/chat", conversationId ? { text, conversation_id: conversationId } : { text }),
  conversations: async () => asList(await request("GET", "/api/v1/conversations")),
  messages: async (id) =>
    asList(await request("GET", `/api/v1/conversations/${encodeURIComponent(id)}/messages`)),
  deleteConversation: (id) => request("DELETE", `/api/v1/conversations/${encodeURIComponent(id)}`),
  approvals: async (status) =>
    asList(await request("GET", `/api/v1/approvals?status=${encodeURIComponent(status)}`)),
  approval: (id) => request("GET", `/api/v1/approvals/${encodeURIComponent(id)}`),
  feedback: (conversationId, messageId, body) =>
    request(
      "POST",
      `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/feedback`,
      body,
    ),
  conversationFeedback: (id) => request("GET", `/api/v1/conversations/${encodeURIComponent(id)}/feedback`),
  decide: (id, decision, comment) =>
    request("POST", `/api/v1/approvals/${encodeURIComponent(id)}/${decision}`, { comment }),
  recheck: (id) => request("POST", `/api/v1/approvals/${encodeURIComponent(id)}/recheck`, {}),
  health: () => request("GET", "/health/core"), // statuses of database, HWA, LLM, KB
  planOverview: () => request("GET", "/api/v1/plan/overview"),
};

/** A file from the API (a CSV export) as a Blob, with the same credentials and headers. */
export async function download(path) {
  const headers = { "X-Requested-With": "resync" };
  const basic = sessionStorage.getItem(CREDENTIALS_KEY);
  if (basic) headers.Authorization = `Basic ${basic}`;
  const response = await fetch(path, { headers, credentials: "same-origin", cache: "no-store" });
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    throw new ApiError(response.status, body);
  }
  return response.blob();
}
