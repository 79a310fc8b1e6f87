// What a conversation keeps of its visitor once their contact is erased: the state without their
// name, what the bot collected, the pages they read, their booking or their rating's words, and
// closed. Pure: the Durable Object applies it (ConversationDO.erasePersonalData).
import { ENDED } from "../lib/flowRunner";
import type { ConversationState } from "./state";

/** The one system message an erased conversation still shows (its id: erasing again replaces it). */
export const ERASED_MESSAGE_ID = "erased";

/**
 * The state with nothing personal left: the visitor goes by `anonymousName` (« Visitor #12 »),
 * nothing is known or waiting to be copied of them (the copy marks say all is copied, so no
 * later copy writes a field back into D1), and the conversation is closed with its bot stopped.
 * The rating's score stays for the dashboard; its comment, their words, goes.
 */
export function erasedState(s: ConversationState, anonymousName: string, now: number): ConversationState {
  const version = s.fields.version;
  return {
    ...s,
    visitorName: anonymousName,
    known: { name: null, email: null, phone: null },
    fields: { custom: {}, version, syncedVersion: version },
    page: null,
    appointment: null,
    rating: s.rating ? { ...s.rating, comment: "" } : null,
    status: "closed",
    closedAt: s.closedAt ?? now,
    requestDeadline: null,
    requestUnattended: false,
    cursor: ENDED,
  };
}
