// What the bot's flow asks of the widget, as pure functions of the conversation view: the
// step waiting for the visitor, the request buttons to offer, and how the message box adapts
// to a question.
import type { FlowPrompt, QuestionField, RequestOffer } from "@raibu/protocol/flow";
import type { ConversationView, RequestKind } from "@raibu/protocol/realtime";
import type { MessageKey } from "./i18n";

/** The step the bot waits on; only while the bot holds the conversation. */
export function activePrompt(view: ConversationView | null): FlowPrompt | null {
  return view?.status === "bot" ? (view.prompt ?? null) : null;
}

const OFFERED: Record<RequestOffer, RequestKind[]> = { live: ["live"], video: ["video"], both: ["live", "video"] };

/**
 * The request buttons to show: what the flow offers at any time, and what a Live chat step
 * the bot waits on offers, each kind once, "live" before "video".
 */
export function requestKinds(view: ConversationView | null): RequestKind[] {
  if (view?.status !== "bot") return [];
  const prompt = activePrompt(view);
  const offered = new Set([...(view.requestOffer ? OFFERED[view.requestOffer] : []), ...(prompt?.kind === "live_chat" ? OFFERED[prompt.offer] : [])]);
  return (["live", "video"] as const).filter((kind) => offered.has(kind));
}

/** How the message box reads and fills in. */
export interface ComposerInput {
  /** A textarea (Shift+Enter breaks the line) rather than a one-line input. */
  multiline: boolean;
  type: "text" | "email" | "tel";
  autocomplete?: "name" | "email" | "tel";
  placeholder: MessageKey;
}

/** The message box for the answer a question step expects; a plain message box otherwise. */
export function composerInput(field: QuestionField | null): ComposerInput {
  switch (field) {
    case "name":
      return { multiline: false, type: "text", autocomplete: "name", placeholder: "answerName" };
    case "email":
      return { multiline: false, type: "email", autocomplete: "email", placeholder: "answerEmail" };
    case "phone":
      return { multiline: false, type: "tel", autocomplete: "tel", placeholder: "answerPhone" };
    case "custom":
      return { multiline: false, type: "text", placeholder: "answerText" };
    case "text":
      return { multiline: true, type: "text", placeholder: "answerText" };
    default:
      // No question, or a field a newer server knows and this build does not.
      return { multiline: true, type: "text", placeholder: "placeholder" };
  }
}

/** The field the bot's current question fills, if it is asking one. */
export function questionField(view: ConversationView | null): QuestionField | null {
  const prompt = activePrompt(view);
  return prompt?.kind === "question" ? prompt.field : null;
}
