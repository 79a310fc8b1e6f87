// A visitor's earlier conversations: the list agents see in the visitor panel, and the read-only
// transcripts a returning visitor's widget shows above their new conversation.
import { z } from "@hono/zod-openapi";
import { WIDGET_HISTORY_CONVERSATIONS } from "./limits";

/** How many earlier conversations the widget shows (./limits.ts), and how many of each one's newest messages. */
export { WIDGET_HISTORY_CONVERSATIONS };
export const WIDGET_HISTORY_MESSAGES = 100;
/** How many of a visitor's conversations the visitor panel lists. */
export const VISITOR_CONVERSATIONS_LIMIT = 20;

const StatusSchema = z.enum(["bot", "requested", "live", "offline_form", "closed"]);

/** One of the visitor's conversations, as the agents' visitor panel lists it (from D1). */
export const PastConversationSchema = z
  .object({
    id: z.string(),
    interfaceId: z.string(),
    status: StatusSchema,
    createdAt: z.number(),
    closedAt: z.number().nullable(),
    lastMessageAt: z.number().nullable(),
    lastMessagePreview: z.string().nullable(),
    /** 1–5 once the visitor rated it. */
    rating: z.number().int().nullable(),
    ratingComment: z.string().nullable(),
  })
  .openapi("PastConversation");
export type PastConversation = z.infer<typeof PastConversationSchema>;

export const PastConversationListSchema = z.object({ conversations: z.array(PastConversationSchema) }).openapi("PastConversationList");

/** A stored message as the realtime protocol's ChatMessage carries it. */
const TranscriptMessageSchema = z
  .object({
    seq: z.number(),
    id: z.string(),
    author: z.object({ kind: z.enum(["visitor", "agent", "bot", "system"]), id: z.string().nullable(), name: z.string().nullable() }),
    text: z.string(),
    attachment: z.object({ key: z.string(), name: z.string(), size: z.number(), type: z.string(), url: z.string() }).nullable(),
    notice: z.looseObject({ code: z.string() }).nullable(),
    createdAt: z.number(),
  })
  .openapi("TranscriptMessage");

/** A returning visitor's earlier conversation, read-only, its newest messages oldest first. */
export const WidgetPastConversationSchema = z
  .object({
    id: z.string(),
    createdAt: z.number(),
    closedAt: z.number().nullable(),
    rating: z.number().int().nullable(),
    messages: z.array(TranscriptMessageSchema),
  })
  .openapi("WidgetPastConversation");
export type WidgetPastConversation = z.infer<typeof WidgetPastConversationSchema>;

/** Newest first. */
export const WidgetHistorySchema = z.object({ conversations: z.array(WidgetPastConversationSchema) }).openapi("WidgetHistory");
export type WidgetHistory = z.infer<typeof WidgetHistorySchema>;
