// The events of conversations, offline messages and appointments, as webhooks receive them. Each
// has a stable event id, so the place that emits it may run twice (a retry) and it goes out once.
// Emitting never fails the caller: what happened stands, a lost event is logged.
import type { Appointment } from "@raibu/protocol/appointments";
import type { OfflineMessage } from "@raibu/protocol/offline";
import type { ConversationState } from "../conversation/state";
import type { Env } from "../env";
import type { ThreadRow } from "../offline/threads";
import { emitEvent, type EmittedEvent } from "./events";

async function emitQuietly(env: Env, e: EmittedEvent): Promise<void> {
  try {
    await emitEvent(env, e);
  } catch (err) {
    console.error(`${e.event} not queued`, err);
  }
}

/** A conversation closed (by an agent, or its bot's flow ending): conversations close once. */
export function conversationClosed(env: Env, s: ConversationState, closedBy: { id: string; name: string } | null): Promise<void> {
  return emitQuietly(env, {
    workspaceId: s.workspaceId,
    event: "conversation.closed",
    eventId: `conversation.closed:${s.id}`,
    data: {
      conversation: {
        id: s.id,
        interfaceId: s.interfaceId,
        visitorId: s.visitorId,
        visitor: { name: s.known.name ?? null, email: s.known.email ?? null, phone: s.known.phone ?? null },
        startedAt: s.startedAt,
        closedAt: s.closedAt,
        closedBy: closedBy ? { id: closedBy.id, name: closedBy.name } : null,
        assignee: s.assignee ? { id: s.assignee.id, name: s.assignee.name } : null,
      },
    },
  });
}

/** A visitor's message reached the offline inbox: the form's first message, or an answer by link or email. */
export function offlineMessageReceived(env: Env, thread: ThreadRow, message: OfflineMessage): Promise<void> {
  return emitQuietly(env, {
    workspaceId: thread.workspaceId,
    event: "offline_message.received",
    eventId: `offline_message.received:${message.id}`,
    data: {
      thread: {
        id: thread.id,
        interfaceId: thread.interfaceId,
        conversationId: thread.conversationId,
        visitorId: thread.visitorId,
        name: thread.name,
        email: thread.email,
        phone: thread.phone,
        lang: thread.lang,
      },
      message: { id: message.id, text: message.text, via: message.via, createdAt: message.createdAt },
    },
  });
}

/** Without the agents' call link: that link is for the team's console, not for other systems. */
const appointmentData = ({ agentUrl: _agentUrl, ...appointment }: Appointment) => appointment;

export function appointmentBooked(env: Env, workspaceId: string, appointment: Appointment): Promise<void> {
  return emitQuietly(env, { workspaceId, event: "appointment.booked", eventId: `appointment.booked:${appointment.id}`, data: { appointment: appointmentData(appointment) } });
}

export function appointmentCancelled(env: Env, workspaceId: string, appointment: Appointment, by: "visitor" | "agent"): Promise<void> {
  return emitQuietly(env, {
    workspaceId,
    event: "appointment.cancelled",
    eventId: `appointment.cancelled:${appointment.id}`,
    data: { appointment: appointmentData(appointment), cancelledBy: by },
  });
}
