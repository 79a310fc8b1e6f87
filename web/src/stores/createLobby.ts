// The workspace lobby (WS /ws/lobby): the live visitor list and agent presence, kept by one
// socket per console tab and shared through context by the navigation badge and the live page.
import { createMemo, createSignal, onCleanup } from "solid-js";
import type { LobbyConversation, LobbyServerMessage } from "@raibu/protocol/realtime";

/** The lobby's word that the offline inbox changed (a new thread, a visitor's answer, an agent's edit). */
export type OfflineFrame = Extract<LobbyServerMessage, { type: "offline" }>;
/** The lobby's word that an appointment was booked or cancelled. */
export type AppointmentFrame = Extract<LobbyServerMessage, { type: "appointment" }>;
import { openLiveSocket, socketUrl, type LinkState } from "../../../client/liveSocket";
import { createProvider } from "../lib/createProvider";
import { applyLobbyFrame, emptyLobby, pendingRequests, type LobbyState } from "../lib/lobbyView";
import { createSessionEnded } from "./createSessionEnded";

export type { LinkState };

export interface LobbyOptions {
  /** A visitor asked for a live or video chat. */
  onRequest?: (row: LobbyConversation) => void;
  onOffline?: (frame: OfflineFrame) => void;
  onAppointment?: (frame: AppointmentFrame) => void;
  /** Each snapshot (the first, and after a reconnect): what was missed meanwhile is fetched again. */
  onSnapshot?: () => void;
}

export function createLobby(options: LobbyOptions = {}) {
  const [state, setState] = createSignal<LobbyState>(emptyLobby());
  const [link, setLink] = createSignal<LinkState>("connecting");
  const [ready, setReady] = createSignal(false);
  // Counts the snapshots (the first, then one after each reconnect): a page reads again what it may have missed.
  const [snapshots, setSnapshots] = createSignal(0);
  // The offline inbox's unread threads (the navigation badge), and the open inbox page's listeners.
  const [offlineUnread, setOfflineUnread] = createSignal(0);
  const offlineListeners = new Set<(frame: OfflineFrame) => void>();
  const appointmentListeners = new Set<(frame: AppointmentFrame) => void>();
  const metricsListeners = new Set<() => void>();

  function handle(frame: LobbyServerMessage) {
    if (frame.type === "snapshot") setReady(true);
    setState((s) => applyLobbyFrame(s, frame));
    if (frame.type === "request") options.onRequest?.(frame.conversation);
    if (frame.type === "snapshot") {
      setSnapshots((n) => n + 1);
      options.onSnapshot?.();
    }
    if (frame.type === "offline") {
      setOfflineUnread(frame.unread);
      for (const listener of offlineListeners) listener(frame);
      options.onOffline?.(frame);
    }
    if (frame.type === "appointment") {
      for (const listener of appointmentListeners) listener(frame);
      options.onAppointment?.(frame);
    }
    if (frame.type === "metrics") for (const listener of metricsListeners) listener();
  }

  const socket = openLiveSocket<LobbyServerMessage>({ url: () => socketUrl("/ws/lobby"), welcome: "snapshot", onFrame: handle, onLink: setLink, onEnded: createSessionEnded() });
  onCleanup(() => socket.close());

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
    snapshots,
    offlineUnread,
    setOfflineUnread,
    /** Calls `listener` with each offline frame until the returned function is called. */
    onOffline(listener: (frame: OfflineFrame) => void) {
      offlineListeners.add(listener);
      return () => void offlineListeners.delete(listener);
    },
    /** Calls `listener` with each appointment frame until the returned function is called. */
    onAppointment(listener: (frame: AppointmentFrame) => void) {
      appointmentListeners.add(listener);
      return () => void appointmentListeners.delete(listener);
    },
    /** Calls `listener` each time metric events landed (the dashboard reads its figures again) until the returned function is called. */
    onMetrics(listener: () => void) {
      metricsListeners.add(listener);
      return () => void metricsListeners.delete(listener);
    },
  };
}

export type Lobby = ReturnType<typeof createLobby>;

export const [LobbyProvider, useLobby] = createProvider<Lobby>("Lobby");
