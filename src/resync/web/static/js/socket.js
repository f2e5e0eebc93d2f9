// The chat WebSocket: one-time ticket per connection, keep-alive pings, reconnect with backoff.
import { api, ApiError } from "./api.js";

const PING_INTERVAL_MS = 25000;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export class ChatSocket {
  /**
   * @param {object} handlers onFrame(frame), onState(state, info), onReconnected(),
   *   onUnauthorized(), onClosedWhileBusy(code)
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.ws = null;
    this.attempt = 0;
    this.stopped = true;
    this.everConnected = false;
    this.retryTimer = null;
    this.pingTimer = null;
    this.awaitingPong = false;
  }

  get isOpen() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopPing();
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close(1000, "logout");
    }
    this.handlers.onState("offline");
  }

  /** Reconnect now (e.g. the browser came back online), skipping the remaining wait. */
  reconnectNow() {
    if (this.stopped || this.isOpen) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  send(frame) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  async connect() {
    if (this.stopped) return;
    this.handlers.onState("connecting");
    let ticket;
    try {
      ticket = (await api.ticket()).ticket;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.handlers.onUnauthorized();
        return;
      }
      this.scheduleRetry();
      return;
    }
    if (this.stopped) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}/ws/chat?ticket=${encodeURIComponent(ticket)}`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener("open", () => {
      if (this.ws !== ws) return;
      const reconnected = this.everConnected;
      this.everConnected = true;
      this.attempt = 0;
      this.startPing();
      this.handlers.onState("online");
      if (reconnected) this.handlers.onReconnected();
    });
    ws.addEventListener("message", (event) => {
      if (this.ws !== ws) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && frame.type === "pong") {
        this.awaitingPong = false;
        return;
      }
      if (frame && frame.type === "reconnect") {
        this.attempt = 0; // the server is going away: reconnect at the first step of the backoff
        return;
      }
      if (frame && typeof frame.type === "string") this.handlers.onFrame(frame);
    });
    ws.addEventListener("close", (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.stopPing();
      this.handlers.onClosed(event.code);
      this.scheduleRetry();
    });
  }

  scheduleRetry() {
    if (this.stopped) return;
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt += 1;
    this.handlers.onState("retry", { seconds: Math.ceil(delay / 1000) });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  startPing() {
    this.stopPing();
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (!this.isOpen) return;
      if (this.awaitingPong) {
        // No pong since the last ping: the connection is dead even if the socket looks open.
        this.ws.close(4000, "pong timeout");
        return;
      }
      this.awaitingPong = true;
      this.send({ type: "ping" });
    }, PING_INTERVAL_MS);
  }

  stopPing() {
    clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
