// The visitor's conversation as Solid values. The session (client/conversationSession.ts, shared
// with the console) does the work; this names the visitor's socket and turns its state into signals.
import { onCleanup } from "solid-js";
import type { Author, ChatMessage } from "@raibu/protocol/realtime";
import { openConversationSession } from "../../../client/conversationSession";
import { signalsOf } from "../../../client/solidSignals";

export type { Typing } from "../../../client/conversationSession";

/** How long a refusal's words stay on screen. */
const PROBLEM_MS = 6000;

export interface ConversationOptions {
  token: () => string;
  visitor: () => Author;
  /** Messages from agents, the bot or the system this client had not held, after the first welcome. */
  onIncoming?: (messages: ChatMessage[]) => void;
}

export function createConversation(options: ConversationOptions) {
  const session = openConversationSession({
    side: "visitor",
    me: options.visitor,
    path: (id) => `/ws/visitor?token=${encodeURIComponent(options.token())}&conversation=${encodeURIComponent(id)}`,
    onIncoming: options.onIncoming,
    problemMs: PROBLEM_MS,
    onChange: (state) => update(state),
  });
  const [signals, update] = signalsOf(session.state);
  onCleanup(session.stop);

  return {
    ...session,
    ...signals,
    connected: () => signals.link() === "open",
  };
}

export type Conversation = ReturnType<typeof createConversation>;
