// Offline messages: what a visitor leaves when nobody answered a request (the offline form),
// the agents' « Messages hors ligne » inbox, and the thread that follows by email and by the
// reply page. The Worker validates with these schemas; the console and the widget import the
// types.
import { z } from "@hono/zod-openapi";
import { EmailSchema, LocaleSchema } from "./fields";
import { OFFLINE_MESSAGE_MAX, OFFLINE_NAME_MAX, OFFLINE_PHONE_MAX, OFFLINE_PHONE_PATTERN } from "./offlineLimits";

// In offlineLimits.ts (free of zod) so the widget's form checks the same limits without zod.
export { OFFLINE_MESSAGE_MAX, OFFLINE_NAME_MAX, OFFLINE_PHONE_MAX, OFFLINE_PHONE_PATTERN };
/** How many threads one page of the inbox holds. */
export const OFFLINE_PAGE_SIZE = 50;
/** How long an emailed reply link (and reply address) opens its thread, unless the deployment says otherwise. */
export const OFFLINE_REPLY_LINK_DAYS = 30;

const ClientIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, { error: "Ids are 8–64 letters, digits, _ or -." });

/**
 * The widget's offline form as submitted. Which fields are required is the Live chat step's choice
 * (protocol/flow.ts OfflineFormSchema), checked by the Worker against the conversation's step;
 * email is always required. `id` is the widget's: the same submission sent twice makes one thread.
 */
export const OfflineSubmissionSchema = z
  .object({
    id: ClientIdSchema,
    name: z.string().trim().max(OFFLINE_NAME_MAX, { error: `Names are limited to ${OFFLINE_NAME_MAX} characters.` }).default(""),
    email: EmailSchema,
    phone: z
      .string()
      .trim()
      .max(OFFLINE_PHONE_MAX)
      .regex(OFFLINE_PHONE_PATTERN, { error: "Enter a phone number (digits, spaces, + ( ) . -)." })
      .default(""),
    message: z.string().trim().max(OFFLINE_MESSAGE_MAX, { error: `Messages are limited to ${OFFLINE_MESSAGE_MAX} characters.` }).default(""),
  })
  .openapi("OfflineSubmission");
export type OfflineSubmission = z.infer<typeof OfflineSubmissionSchema>;

/** The answer to a submission: the thread it made (or had made, when sent again). */
export const OfflineSubmittedSchema = z.object({ threadId: z.string(), submittedAt: z.number() }).openapi("OfflineSubmitted");
export type OfflineSubmitted = z.infer<typeof OfflineSubmittedSchema>;

export const OfflineThreadStatusSchema = z.enum(["open", "closed"]);
export type OfflineThreadStatus = z.infer<typeof OfflineThreadStatusSchema>;

/** How a message reached the thread. */
export const OfflineViaSchema = z.enum(["form", "console", "link", "email"]);
export type OfflineVia = z.infer<typeof OfflineViaSchema>;

/** Where an agent's emailed reply is: the emails table's status, read live. */
export const DeliveryStatusSchema = z.enum(["queued", "sent", "dev_outbox", "failed"]);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** A row of the inbox list. */
export const OfflineThreadSummarySchema = z
  .object({
    id: z.string(),
    interfaceId: z.string(),
    interfaceName: z.string(),
    /** The chat the form was filled in from. */
    conversationId: z.string().nullable(),
    visitorId: z.string().nullable(),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    /** The language the visitor's emails and reply page are written in (the conversation's). */
    lang: LocaleSchema,
    status: OfflineThreadStatusSchema,
    /** Marked to follow up (« suivi »). */
    starred: z.boolean(),
    /** A visitor message no agent has opened yet. */
    unread: z.boolean(),
    /** The first line of the thread's latest message. */
    preview: z.string(),
    lastAuthor: z.enum(["visitor", "agent"]),
    messageCount: z.number().int(),
    lastMessageAt: z.number(),
    createdAt: z.number(),
  })
  .openapi("OfflineThreadSummary");
export type OfflineThreadSummary = z.infer<typeof OfflineThreadSummarySchema>;

export const OfflineDeliverySchema = z
  .object({
    emailId: z.string(),
    status: DeliveryStatusSchema,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    sentAt: z.number().nullable(),
  })
  .openapi("OfflineDelivery");
export type OfflineDelivery = z.infer<typeof OfflineDeliverySchema>;

export const OfflineMessageSchema = z
  .object({
    id: z.string(),
    threadId: z.string(),
    author: z.enum(["visitor", "agent"]),
    /** The agent who wrote a reply; null for the visitor's messages. */
    agent: z.object({ id: z.string(), name: z.string() }).nullable(),
    text: z.string(),
    via: OfflineViaSchema,
    /** Agents' replies only: the email that carries it. */
    delivery: OfflineDeliverySchema.nullable(),
    createdAt: z.number(),
  })
  .openapi("OfflineMessage");
export type OfflineMessage = z.infer<typeof OfflineMessageSchema>;

export const OfflineListQuerySchema = z.object({
  /** `1`: only threads marked to follow up. */
  starred: z.enum(["0", "1"]).optional(),
  /** `1`: only threads with an unread visitor message. */
  unread: z.enum(["0", "1"]).optional(),
  status: z.enum(["open", "closed", "all"]).default("all"),
  interfaceId: z.string().max(64).optional(),
  /** Inclusive days (YYYY-MM-DD) of the last message, in the workspace's time zone. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Words searched in the visitor's name, email and the thread's text. */
  q: z.string().trim().max(200).optional(),
  /** The `nextCursor` of the page before. */
  cursor: z.string().max(200).optional(),
});
export type OfflineListQuery = z.infer<typeof OfflineListQuerySchema>;

export const OfflineThreadPageSchema = z
  .object({
    threads: z.array(OfflineThreadSummarySchema),
    /** Null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .openapi("OfflineThreadPage");
export type OfflineThreadPage = z.infer<typeof OfflineThreadPageSchema>;

export const OfflineThreadDetailSchema = z
  .object({
    thread: OfflineThreadSummarySchema,
    messages: z.array(OfflineMessageSchema),
    /** The visitor's contact, when they are one already. */
    contactId: z.string().nullable(),
  })
  .openapi("OfflineThreadDetail");
export type OfflineThreadDetail = z.infer<typeof OfflineThreadDetailSchema>;

export const OfflineReplyBodySchema = z
  .object({
    /** The console's: the same reply sent twice is stored and emailed once. */
    id: ClientIdSchema,
    text: z.string().trim().min(1, { error: "Write a reply." }).max(OFFLINE_MESSAGE_MAX, { error: `Replies are limited to ${OFFLINE_MESSAGE_MAX} characters.` }),
  })
  .openapi("OfflineReplyBody");

export const OfflineThreadUpdateSchema = z
  .object({ starred: z.boolean().optional(), unread: z.boolean().optional(), status: OfflineThreadStatusSchema.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { error: "Nothing to change." })
  .openapi("OfflineThreadUpdate");

export const OfflineCountsSchema = z.object({ unread: z.number().int() }).openapi("OfflineCounts");
export type OfflineCounts = z.infer<typeof OfflineCountsSchema>;

/** The visitor's answer from the reply page. */
export const OfflineAnswerBodySchema = z.object({
  /** The page's: a double submit appends once. */
  id: ClientIdSchema,
  text: z.string().trim().min(1).max(OFFLINE_MESSAGE_MAX),
});
