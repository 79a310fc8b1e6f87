// The workspace lobby (WS /ws/lobby): the live visitor list and agent presence, kept by one
// socket per console tab and shared through context by the navigation badge and the live page.
import { createComponent, createContext, createMemo, createSignal, onCleanup, useContext, type JSX } from "solid-js";
import type { LobbyConversation, LobbyServerMessage } from "../../../worker/src/protocol/realtime";
import { PING_EVERY_MS, PING_FRAME, reconnectDelay, socketUrl } from "../lib/format";
import { applyLobbyFrame, emptyLobby, pendingRequests, type LobbyState } from "../lib/lobbyView";

export type LinkState = "connecting" | "open" | "reconnecting";

export interface LobbyOptions {
  /** A visitor asked for a live or video chat. */
  onRequest?: (row: LobbyConversation) => void;
}

export function createLobby(options: LobbyOptions = {}) {
  const [state, setState] = createSignal<LobbyState>(emptyLobby());
  const [link, setLink] = createSignal<LinkState>("connecting");
  const [ready, setReady] = createSignal(false);

  let socket: WebSocket | null = null;
  let everOpen = false;
  let stopped = false;
  let attempt = 0;
  let lastFrameAt = 0;
  let pingSentAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  function connect() {
    clearTimeout(retryTimer);
    if (stopped) return;
    setLink(everOpen ? "reconnecting" : "connecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(socketUrl("/ws/lobby"));
    } catch {
      return scheduleReconnect();
    }
    socket = ws;
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      lastFrameAt = Date.now();
      let frame: LobbyServerMessage;
      try {
        frame = JSON.parse(String(event.data)) as LobbyServerMessage;
      } catch {
        return;
      }
      handle(frame);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      drop();
      scheduleReconnect();
    };
  }

  function handle(frame: LobbyServerMessage) {
    if (frame.type === "snapshot") {
      everOpen = true;
      attempt = 0;
      setLink("open");
      setReady(true);
      startPing();
    }
    setState((s) => applyLobbyFrame(s, frame));
    if (frame.type === "request") options.onRequest?.(frame.conversation);
  }

  function drop() {
    const ws = socket;
    socket = null;
    clearInterval(pingTimer);
    if (ws) {
      ws.onmessage = ws.onclose = null;
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
    }
  }

  function scheduleReconnect() {
    if (stopped) return;
    setLink(everOpen ? "reconnecting" : "connecting");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, reconnectDelay(attempt++));
  }

  function startPing() {
    clearInterval(pingTimer);
    pingSentAt = 0;
    pingTimer = setInterval(() => {
      // Silence for a whole interval after a ping: the socket died without a close event.
      if (pingSentAt > lastFrameAt) {
        drop();
        scheduleReconnect();
        return;
      }
      pingSentAt = Date.now();
      if (socket?.readyState === WebSocket.OPEN) socket.send(PING_FRAME);
    }, PING_EVERY_MS);
  }

  /** Back online or visible again: try now rather than waiting out the back-off. */
  function reconnectSoon() {
    if (stopped || socket) return;
    attempt = 0;
    connect();
  }
  const onOnline = () => reconnectSoon();
  const onVisible = () => document.visibilityState === "visible" && reconnectSoon();
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onVisible);

  connect();

  onCleanup(() => {
    stopped = true;
    clearTimeout(retryTimer);
    drop();
    window.removeEventListener("online", onOnline);
    document.removeEventListener("visibilitychange", onVisible);
  });

  const rows = () => state().rows;
  const byId = createMemo(() => new Map(state().rows.map((r) => [r.conversationId, r])));

  return {
    rows,
    agents: () => state().agents,
    /** The lobby's row of a conversation, if it holds it. */
    row: (conversationId: string) => byId().get(conversationId),
    pendingRequests: createMemo(() => pendingRequests(state().rows)),
    link,
    /** The first snapshot arrived. */
    ready,
  };
}

export type Lobby = ReturnType<typeof createLobby>;

const LobbyContext = createContext<Lobby>();

export function LobbyProvider(props: { lobby: Lobby; children: JSX.Element }): JSX.Element {
  return createComponent(LobbyContext.Provider, {
    get value() {
      return props.lobby;
    },
    get children() {
      return props.children;
    },
  });
}

export function useLobby(): Lobby {
  const lobby = useContext(LobbyContext);
  if (!lobby) throw new Error("useLobby needs a <LobbyProvider> above it.");
  return lobby;
}
