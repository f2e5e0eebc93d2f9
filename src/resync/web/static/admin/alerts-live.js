// The #alerts view's live feed: /ws/monitoring sends a board after every poll of the plan;
// each one asks the view to refresh (at most every few seconds). Reconnects with a backoff
// until the view is left; the view's own slow poll stays the safety net.
import { h } from "../js/dom.js";

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];
const MIN_GAP_MS = 3000;

/** Start the feed; returns the element showing whether it is live. */
export function liveFeed(ctx, onBoard) {
  const { api, t } = ctx;
  const badge = h("span", { class: "muted", "data-live": "offline" }, t("al_live_offline"));
  let socket = null;
  let attempt = 0;
  let stopped = false;
  let last = 0;
  let pending = null;

  const show = (name) => {
    badge.dataset.live = name;
    badge.textContent = name === "online" ? t("al_live_online") : t("al_live_offline");
  };

  function board() {
    const wait = Math.max(0, last + MIN_GAP_MS - Date.now());
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      last = Date.now();
      if (!stopped) onBoard();
    }, wait);
  }

  async function connect() {
    if (stopped) return;
    let ticket;
    try {
      ticket = (await api.post("/api/v1/auth/ticket")).ticket;
    } catch {
      retry();
      return;
    }
    if (stopped) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/monitoring?ticket=${encodeURIComponent(ticket)}`);
    socket.addEventListener("open", () => {
      attempt = 0;
      show("online");
    });
    socket.addEventListener("message", (event) => {
      if (JSON.parse(event.data).type === "board") board();
    });
    socket.addEventListener("close", () => retry());
  }

  function retry() {
    socket = null;
    if (stopped) return;
    show("offline");
    setTimeout(connect, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    attempt += 1;
  }

  ctx.onCleanup(() => {
    stopped = true;
    clearTimeout(pending);
    if (socket) socket.close();
  });
  connect();
  return badge;
}
