// The realtime wire protocol (WebSocket, JSON) between the widget, the console and the
// Durable Objects. Defined once here; the widget and the console import the types and
// the Durable Objects validate every incoming frame with these schemas.
import { z } from "zod";
import type { FlowPrompt, OfflineFormConfig, RequestOffer } from "./flow";
import type { Appointment } from "./appointments";
import type { OfflineSubmitted, OfflineThreadSummary } from "./offline";
import { MAX_ATTACHMENT_BYTES, MAX_CONVERSATION_MESSAGES, MAX_MESSAGE_LENGTH, RATING_COMMENT_MAX } from "./limits";

export { MAX_ATTACHMENT_BYTES, MAX_CONVERSATION_MESSAGES, MAX_MESSAGE_LENGTH, RATING_COMMENT_MAX };

export const ConversationStatusSchema = z.enum(["bot", "requested", "live", "offline_form", "closed"]);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;
export const RequestKindSchema = z.enum(["live", "video"]);
export type RequestKind = z.infer<typeof RequestKindSchema>;

export const AttachmentSchema = z.object({
  key: z.string().min(1).max(300),
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative().max(MAX_ATTACHMENT_BYTES),
  type: z.string().min(1).max(100),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/**
 * The file a message frame carries: only its key is read. Its name, type and size are what the
 * server stored under that key; other fields a client sends along are ignored.
 */
export const AttachmentRefSchema = z.looseObject({ key: AttachmentSchema.shape.key });

const ClientIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, { error: "Message ids are 8–64 letters, digits, _ or -." });

export const PageInfoSchema = z.object({
  url: z.string().max(2000),
  title: z.string().max(300).default(""),
  referrer: z.string().max(2000).default(""),
});
export type PageInfo = z.infer<typeof PageInfoSchema>;

/** 1 (bad) to 5 (great) stars. */
export const RatingScoreSchema = z.number().int().min(1).max(5);
/** Empty when the visitor left no comment. */
export const RatingCommentSchema = z.string().trim().max(RATING_COMMENT_MAX, { error: `Comments are limited to ${RATING_COMMENT_MAX} characters.` }).default("");

/** The visitor's rating of a closed conversation. */
export interface ConversationRating {
  score: number;
  /** Empty when none was left. */
  comment: string;
  ratedAt: number;
}

/** Frames a client (visitor widget or agent console) sends to a ConversationDO. */
export const ClientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("message"),
    id: ClientIdSchema,
    text: z.string().max(MAX_MESSAGE_LENGTH, { error: `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.` }).default(""),
    attachment: AttachmentRefSchema.optional(),
  }),
  z.object({ type: z.literal("typing"), typing: z.boolean() }),
  z.object({ type: z.literal("read"), seq: z.number().int().nonnegative() }),
  z.object({ type: z.literal("resume"), afterSeq: z.number().int().nonnegative() }),
  z.object({ type: z.literal("request"), kind: RequestKindSchema }),
  /** The visitor picked a button of the step the bot waits on (stored as their message, `id` as for messages). */
  z.object({ type: z.literal("choice"), id: ClientIdSchema, stepId: z.string().max(40), choiceId: z.string().max(40) }),
  z.object({ type: z.literal("page"), page: PageInfoSchema }),
  /** The visitor rates the closed conversation, once (the same rating again changes nothing; another is refused). */
  z.object({ type: z.literal("rate"), score: RatingScoreSchema, comment: RatingCommentSchema }),
  z.object({ type: z.literal("ping") }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const AuthorSchema = z.object({
  kind: z.enum(["visitor", "agent", "bot", "system"]),
  id: z.string().nullable(),
  name: z.string().nullable(),
});
export type Author = z.infer<typeof AuthorSchema>;

/** System notices are stored as a code plus arguments and translated where they are shown. */
export type SystemNotice =
  | { code: "takeover"; agent: string }
  | { code: "accepted"; agent: string; kind: RequestKind }
  | { code: "transferred"; from: string; to: string }
  | { code: "closed"; by: string | null }
  | { code: "request_timeout" }
  | { code: "nobody_online" }
  /** Asked outside the interface's business hours; `opensAt`: when they start again (null: no hours set in the coming week). */
  | { code: "outside_hours"; opensAt: number | null }
  | { code: "requested"; kind: RequestKind }
  /** The visitor wrote a message where the bot asked for their name: kept as their message, not taken as their name. */
  | { code: "kept_as_message" }
  /** The visitor filled in the offline form: their message is in the offline inbox. */
  | { code: "offline_form_sent" }
  /** A member opened the video call's page and joined it. */
  | { code: "call_joined"; role: "agent" | "visitor" }
  /** The video call ended; `durationMs` from when both were first there (0: they never were). */
  | { code: "call_ended"; durationMs: number }
  /** The visitor booked an appointment starting at `startsAt`. */
  | { code: "appointment_booked"; startsAt: number };

export interface ChatMessage {
  seq: number;
  id: string;
  author: Author;
  text: string;
  /** `url` is a short-lived signed link to the file. */
  attachment: (Attachment & { url: string }) | null;
  notice: SystemNotice | null;
  createdAt: number;
}

export interface CallLinks {
  callId: string;
  /** Signed link for the visitor. */
  visitorUrl: string;
  /** Signed link for the agent. */
  agentUrl: string;
}

/** What is known of the visitor now (from their record and what the bot collected): agents' views only. */
export interface VisitorFacts {
  /** Their own name, null while they are only "Visitor #12". */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Answers the bot kept in custom fields during this conversation. */
  custom: Record<string, string>;
}

/** What every participant may know of the conversation's state. */
export interface ConversationView {
  id: string;
  status: ConversationStatus;
  requestKind: RequestKind | null;
  requestedAt: number | null;
  requestDeadline: number | null;
  assignee: { id: string; name: string } | null;
  lastSeq: number;
  visitorReadSeq: number;
  agentReadSeq: number;
  /** The page the visitor is on, as the widget last reported it. */
  page: PageInfo | null;
  /** `url` is the visitor's link; agents also get their own, `agentUrl`. */
  call: { callId: string; url: string; agentUrl?: string } | null;
  /** The bot's flow step waiting for the visitor (buttons, a question, the request choice, a booking). */
  prompt: FlowPrompt | null;
  /** What the visitor may ask for right now; null when the flow offers no live or video chat here. */
  requestOffer: RequestOffer | null;
  /** The Live chat step's text while a request waits (empty: the widget's own). */
  waitingText: string;
  /** While the status is `offline_form`: which fields the form asks; null when the form is off. */
  offlineForm: OfflineFormConfig | null;
  /** Once the visitor sent the offline form: the thread it made (protocol/offline.ts). */
  offlineSubmitted?: OfflineSubmitted | null;
  /** The visitor's own view while the offline form or an Appointment step shows: what is known of them, to fill the form in. */
  offlinePrefill?: { name: string; email: string; phone: string };
  /**
   * The visitor's own view, once they booked through the Appointment step: the slot, the address
   * the confirmation went to and their call link, so the widget confirms it again after a reload.
   */
  appointment?: { id: string; startsAt: number; endsAt: number; email: string; visitorUrl: string } | null;
  /** While requested: nobody was available when the visitor asked (the step waits anyway), so nobody is promised. */
  unattended?: boolean;
  /** The published flow version this conversation runs (it keeps it until it ends). */
  flowVersion: number | null;
  /** Agents only: the visitor's name, email and phone as known right now, so the panel shows an answer as it is given. */
  visitor?: VisitorFacts;
  /** The visitor's rating, once the conversation is closed and they gave one. */
  rating: ConversationRating | null;
}

/** Frames a ConversationDO sends. */
export type ServerMessage =
  | { type: "welcome"; conversation: ConversationView; messages: ChatMessage[]; you: { role: "visitor" | "agent"; id: string } }
  | { type: "ack"; id: string; seq: number }
  | { type: "message"; message: ChatMessage }
  | { type: "typing"; from: "visitor" | "agent" | "bot"; name: string | null; typing: boolean }
  | { type: "read"; by: "visitor" | "agent"; seq: number }
  | { type: "state"; conversation: ConversationView }
  | { type: "page"; page: PageInfo }
  | { type: "presence"; visitorOnline: boolean }
  | { type: "pong" }
  | ServerError;

/**
 * Refusals keep the socket open. `id` names the refused message; `retryAfterMs` comes with
 * `rate_limited` (a socket that keeps going after it is closed with 1008).
 */
export interface ServerError {
  type: "error";
  code: string;
  message: string;
  id?: string;
  retryAfterMs?: number;
}

/** A row of the agents' live visitor list. */
export interface LobbyConversation {
  conversationId: string;
  visitorId: string;
  visitorName: string;
  interfaceId: string;
  interfaceName: string;
  status: ConversationStatus;
  requestKind: RequestKind | null;
  requestedAt: number | null;
  assignee: { id: string; name: string } | null;
  page: PageInfo | null;
  visitorOnline: boolean;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
  /** Visitor messages no agent has read yet. */
  unread: number;
  createdAt: number;
  /** The visitor's rating (1–5) once given; absent from rows copied before ratings existed. */
  rating?: number | null;
}

export interface AgentPresence {
  userId: string;
  name: string;
  status: "online" | "away" | "offline";
}

/** Frames the WorkspaceDO (the agents' lobby) sends to console tabs. */
export type LobbyServerMessage =
  | { type: "snapshot"; conversations: LobbyConversation[]; agents: AgentPresence[] }
  | { type: "conversation"; conversation: LobbyConversation }
  | { type: "removed"; conversationId: string }
  | { type: "request"; conversation: LobbyConversation }
  | { type: "agents"; agents: AgentPresence[] }
  /** The offline inbox changed: a new thread, a visitor's answer, or an agent's change; `unread`: threads unread now. */
  | { type: "offline"; change: "created" | "answer" | "updated"; thread: OfflineThreadSummary; unread: number }
  /** An appointment was booked or cancelled (protocol/appointments.ts): the console's list and the dashboard follow; `byUserId`: the agent who did it. */
  | { type: "appointment"; change: "booked" | "cancelled"; appointment: Appointment; byUserId?: string | null }
  /** Metric events landed in D1 (protocol/metrics.ts): the dashboard reads its figures again. Sent at most once a second. */
  | { type: "metrics" }
  | { type: "pong" }
  | { type: "error"; code: string; message: string };

export const LobbyClientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("availability"), status: z.enum(["online", "away"]) }),
]);
export type LobbyClientMessage = z.infer<typeof LobbyClientMessageSchema>;

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
