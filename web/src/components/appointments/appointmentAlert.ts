// Which appointment frame calls for the agent's attention, decided without I/O (tested alone); the
// console's frame (Shell.tsx) plays the sound and shows the notification.
import type { AppointmentFrame } from "../../stores/createLobby";

export interface AppointmentAlertContext {
  /** Only an agent who is online is alerted, as for live requests and offline threads. */
  online: boolean;
  userId: string;
  /** The interface's agents who take appointments (empty: everyone); null when unknown (everyone). */
  agentIds: readonly string[] | null;
  /** The agent's preference for the request sound. */
  requestSound: boolean;
}

/**
 * A booking rings like a new offline thread (the request sound) for an agent who is online and takes
 * this interface's appointments; a cancellation only notifies, without a sound. `agentIds` empty: everyone.
 */
export function appointmentAlertFor(
  frame: AppointmentFrame,
  context: AppointmentAlertContext,
): { sound: boolean } | null {
  if (!context.online) return null;
  // The agent who cancelled it knows.
  if (frame.byUserId && frame.byUserId === context.userId) return null;
  if (context.agentIds && context.agentIds.length > 0 && !context.agentIds.includes(context.userId)) return null;
  return { sound: frame.change === "booked" && context.requestSound };
}
