// Which offline inbox change calls for the agent's attention, and how: decided here without I/O
// (tested alone); the console's frame (Shell.tsx) plays the sound and shows the notification.
import type { OfflineFrame } from "../../stores/createLobby";

export interface OfflineAlert {
  /** The sound to play, by the agent's preference it falls under; null for none. */
  sound: "request" | "message" | null;
  notification: boolean;
}

export interface OfflineAlertContext {
  /** Only an agent who is online is alerted, as for live requests. */
  online: boolean;
  /** The thread this tab shows, while the tab is seen: news there needs no alert. */
  watchingId: string | null;
  sounds: { request: boolean; message: boolean };
}

/**
 * A new thread rings like a live request, a visitor's answer like a visitor's message; an agent's
 * change (a star, a reply, read marks) alerts nobody.
 */
export function offlineAlertFor(frame: OfflineFrame, context: OfflineAlertContext): OfflineAlert | null {
  if (frame.change === "updated" || !context.online || context.watchingId === frame.thread.id) return null;
  const kind = frame.change === "created" ? "request" : "message";
  return { sound: context.sounds[kind] ? kind : null, notification: true };
}

/** The thread an address of the inbox opens (`/offline/<id>`), if any. */
export function openThreadId(route: string): string | null {
  const match = /^\/offline\/([^/?#]+)/.exec(route);
  return match ? decodeURIComponent(match[1]!) : null;
}
