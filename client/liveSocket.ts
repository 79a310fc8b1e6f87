// The one WebSocket both front ends keep open to a Durable Object (a conversation, the lobby):
// it reconnects with back-off, notices a socket that went silent without a close event, tries
// again at once when the browser is back online or the tab visible, and holds every send until
// the server's first frame (the welcome) says the session is open. A close with SESSION_ENDED
// (the agent's session was ended: logout, password reset, removal) is final. What the frames mean
// is the caller's business.

export type LinkState = "connecting" | "open" | "reconnecting";

/** 1 s, 2 s, 4 s … at most 15 s. */
export const reconnectDelay = (attempt: number) => Math.min(1000 * 2 ** attempt, 15_000);

export const PING_EVERY_MS = 25_000;
/** The close code of a socket whose session ended: no reconnect, the caller is told once. */
export const SESSION_ENDED_CODE = 4001;
/** ws: or wss: to this page's origin at `path`, as the page itself is served. */
export function socketUrl(path: string): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
}

/** The exact frame both Durable Objects answer without waking up (their auto-response). */
const PING_FRAME = '{"type":"ping"}';

export interface LiveSocketOptions<In extends { type: string }> {
  /** Where to connect; read again before every attempt. */
  url: () => string;
  /** The type of the server's first frame (`welcome`, `snapshot`): the session is open once it arrives. */
  welcome: In["type"];
  /** Every frame, in order. `reconnected` is true for a welcome that follows an earlier one of this socket. */
  onFrame: (frame: In, info: { reconnected: boolean }) => void;
  onLink: (state: LinkState) => void;
  /** The socket closed before any welcome: the server may have refused it (a 403, a 404). */
  onClosedBeforeWelcome?: () => void;
  /** The server ended the session (close code 4001, or one of `finalCloseCodes`): the socket is closed for good. */
  onEnded?: (code: number) => void;
  /** Close codes besides 4001 after which trying again is pointless (a call that is over, a page refused). */
  finalCloseCodes?: readonly number[];
}

export interface LiveSocket {
  /** Sends a frame if the session is open; false when it was not sent. */
  send(frame: object): boolean;
  /** Closes for good: no reconnect, no listeners left. */
  close(): void;
}

export function openLiveSocket<In extends { type: string }>(options: LiveSocketOptions<In>): LiveSocket {
  let socket: WebSocket | null = null;
  let open = false;
  let everOpen = false;
  let closed = false;
  let attempt = 0;
  let lastFrameAt = 0;
  let pingSentAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const waiting = (): LinkState => (everOpen ? "reconnecting" : "connecting");

  function connect() {
    clearTimeout(retryTimer);
    if (closed) return;
    options.onLink(waiting());
    let ws: WebSocket;
    try {
      ws = new WebSocket(options.url());
    } catch {
      return scheduleReconnect();
    }
    socket = ws;
    open = false;
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      lastFrameAt = Date.now();
      let frame: unknown;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (typeof frame !== "object" || frame === null) return;
      receive(frame as In);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      if (event.code === SESSION_ENDED_CODE || options.finalCloseCodes?.includes(event.code)) {
        stop();
        options.onEnded?.(event.code);
        return;
      }
      if (!everOpen) options.onClosedBeforeWelcome?.();
      drop();
      scheduleReconnect();
    };
  }

  function receive(frame: In) {
    if (frame.type !== options.welcome) return options.onFrame(frame, { reconnected: false });
    const reconnected = everOpen;
    open = true;
    everOpen = true;
    attempt = 0;
    startPing();
    // The caller catches up (resume, resends) from within its handler, so sends work there.
    options.onFrame(frame, { reconnected });
    options.onLink("open");
  }

  /** Forgets the current socket; its late events are ignored. */
  function drop() {
    const ws = socket;
    socket = null;
    open = false;
    clearInterval(pingTimer);
    if (ws) {
      ws.onmessage = ws.onclose = null;
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
    }
  }

  function scheduleReconnect() {
    if (closed) return;
    options.onLink(waiting());
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, reconnectDelay(attempt++));
  }

  function startPing() {
    clearInterval(pingTimer);
    pingSentAt = 0;
    pingTimer = setInterval(() => {
      // Nothing at all since the last ping, a whole interval ago: the socket went silent (a
      // laptop lid, a mobile network change) and may never fire close. Measured from the ping,
      // not the clock, because background tabs stretch intervals to a minute or more.
      if (pingSentAt > lastFrameAt) {
        drop();
        scheduleReconnect();
        return;
      }
      pingSentAt = Date.now();
      if (socket?.readyState === WebSocket.OPEN) socket.send(PING_FRAME);
    }, PING_EVERY_MS);
  }

  /** Back online or visible again: try now rather than waiting out the back-off. A live socket is left alone. */
  function reconnectSoon() {
    if (closed || socket) return;
    attempt = 0;
    connect();
  }
  const onOnline = () => reconnectSoon();
  const onVisible = () => document.visibilityState === "visible" && reconnectSoon();
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onVisible);

  function stop() {
    closed = true;
    clearTimeout(retryTimer);
    drop();
    window.removeEventListener("online", onOnline);
    document.removeEventListener("visibilitychange", onVisible);
  }

  connect();

  return {
    send(frame) {
      if (!socket || !open || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    close: stop,
  };
}
