// A conversation's view as the server sends it, for front-end tests: a new bot conversation
// unless the test says otherwise.
import type { ConversationView } from "@raibu/protocol/realtime";

export function conversationView(over: Partial<ConversationView> = {}): ConversationView {
  return {
    id: "c1",
    status: "bot",
    requestKind: null,
    requestedAt: null,
    requestDeadline: null,
    assignee: null,
    lastSeq: 0,
    visitorReadSeq: 0,
    agentReadSeq: 0,
    page: null,
    call: null,
    prompt: null,
    requestOffer: null,
    waitingText: "",
    offlineForm: null,
    flowVersion: null,
    rating: null,
    ...over,
  };
}
