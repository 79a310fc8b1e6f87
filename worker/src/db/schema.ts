// The D1 schema: everything queried across conversations. Every table that holds
// workspace data carries workspace_id, and every query filters on it. One file, long by nature
// (some 700 lines, one table after another): drizzle-kit reads it whole to write the migrations.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { AppointmentSettings } from "@raibu/protocol/appointments";
import { LANGS } from "@raibu/protocol/lang";
import { METRIC_KINDS } from "@raibu/protocol/metrics";

const createdAt = () =>
  integer("created_at", { mode: "number" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`);

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("UTC"),
  /** The number the workspace's newest visitor got ("Visitor #42"); raised atomically per new visitor. */
  lastVisitorNumber: integer("last_visitor_number").notNull().default(0),
  createdAt: createdAt(),
});

export const ROLES = ["owner", "admin", "agent"] as const;
export type Role = (typeof ROLES)[number];

export const AVAILABILITIES = ["online", "away"] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    passwordHash: text("password_hash").notNull(),
    availability: text("availability", { enum: AVAILABILITIES }).notNull().default("online"),
    locale: text("locale"),
    /** The agent's own console settings (which sounds play, …): see `protocol/api.ts` AgentPreferences. */
    preferences: text("preferences", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email), index("users_workspace").on(t.workspaceId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the cookie token: a leaked table opens no session.
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/**
 * Failed sign-ins counted per account (`account:<email>`) and per client address
 * (`address:<ip>`), whether or not the account exists; past a free allowance each failure
 * locks the key for a doubling time (see lib/loginThrottle.ts).
 */
export const loginThrottle = sqliteTable(
  "login_throttle",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    lastFailureAt: integer("last_failure_at").notNull(),
    lockedUntil: integer("locked_until").notNull(),
  },
  (t) => [index("login_throttle_last_failure").on(t.lastFailureAt)],
);

export const ACTION_KINDS = ["invite", "reset"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** One-time links sent by email: invitations and password resets. Only a hash is stored. */
export const actionTokens = sqliteTable(
  "action_tokens",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    kind: text("kind", { enum: ACTION_KINDS }).notNull(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }),
    userId: text("user_id"),
    createdBy: text("created_by"),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("action_tokens_hash").on(t.tokenHash), index("action_tokens_workspace").on(t.workspaceId, t.kind)],
);

/** A file attached to an email: what Resend's `attachments` take, plus the type the dev outbox shows. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  /** The file's bytes in base64. */
  content: string;
}

export const EMAIL_STATUSES = ["queued", "sent", "dev_outbox", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * Every email Raibu sends is written here first, then delivered by the queue consumer:
 * a provider outage delays an email, never loses it. Without a Resend key this table is
 * the local dev outbox the console shows.
 */
export const emails = sqliteTable(
  "emails",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status", { enum: EMAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    /** Where the recipient's answer goes (an offline thread's reply address); null: MAIL_FROM. */
    replyTo: text("reply_to"),
    /** Extra headers (Message-ID, In-Reply-To, References), as a JSON object. */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>(),
    /** Files sent with it (an appointment's .ics), content in base64, as a JSON array; cleared once it has left. */
    attachments: text("attachments", { mode: "json" }).$type<EmailAttachment[]>(),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("emails_workspace_created").on(t.workspaceId, t.createdAt)],
);

/** A chat interface: one widget configuration (a website or a use), with its own origins and secrets. */
export const chatInterfaces = sqliteTable(
  "chat_interfaces",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    name: text("name").notNull(),
    language: text("language", { enum: LANGS }).notNull().default("en"),
    /** JSON array of origins allowed to embed the widget, e.g. ["https://acme.com"]. */
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull(),
    /** Shared with the customer's backend to sign verified user ids (HMAC-SHA256). */
    identitySecret: text("identity_secret").notNull(),
    /** Server-only key that signs visitor tokens, attachment and call links of this interface. */
    signingKey: text("signing_key").notNull(),
    /** Appearance, validated by InterfaceSettingsSchema. */
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** The flow being edited (validated by FlowSchema); null until first saved, then the editor's copy. */
    draftFlow: text("draft_flow", { mode: "json" }).$type<Record<string, unknown>>(),
    draftUpdatedAt: integer("draft_updated_at"),
    /** The flow version new conversations start on; null: the built-in default flow. */
    publishedVersion: integer("published_version"),
    createdAt: createdAt(),
  },
  (t) => [index("chat_interfaces_workspace").on(t.workspaceId)],
);

/**
 * Every published version of an interface's flow, never changed once written: a
 * conversation keeps the version it started on, whatever is published after.
 */
export const flowVersions = sqliteTable(
  "flow_versions",
  {
    interfaceId: text("interface_id").notNull(),
    version: integer("version").notNull(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    publishedBy: text("published_by"),
    publishedAt: integer("published_at").notNull(),
  },
  (t) => [uniqueIndex("flow_versions_pk").on(t.interfaceId, t.version)],
);

export const visitors = sqliteTable(
  "visitors",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    interfaceId: text("interface_id").notNull(),
    /** Shown as "Visitor #42" until a name is known; unique within the workspace (workspaces.last_visitor_number). */
    number: integer("number").notNull(),
    /** The host site's user id, once verified (identity token or HMAC). */
    externalId: text("external_id"),
    /** What the host site's proof vouched for, as it said it; null until verified. */
    identity: text("identity", { mode: "json" }).$type<VerifiedIdentity>(),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    /** Answers the bot's questions saved into custom fields. */
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, string>>(),
    /** What the widget reported: page, referrer, language, time zone, user agent. */
    context: text("context", { mode: "json" }).$type<Record<string, string>>(),
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [
    index("visitors_workspace").on(t.workspaceId, t.lastSeenAt),
    uniqueIndex("visitors_external").on(t.interfaceId, t.externalId),
    uniqueIndex("visitors_number").on(t.workspaceId, t.number),
  ],
);

/**
 * How a visitor's identity was verified and the values the proof covered: an identity token
 * (JWT) covers its `sub`, `email` and `name`; the user-id HMAC covers the user id only.
 */
export interface VerifiedIdentity {
  method: "jwt" | "hmac";
  email: string | null;
  name: string | null;
  verifiedAt: number;
}

export const CONVERSATION_STATUSES = ["bot", "requested", "live", "offline_form", "closed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/**
 * The summary of each conversation, written by its ConversationDO (which holds the truth)
 * so lists, filters and search can run across conversations.
 */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    interfaceId: text("interface_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    status: text("status", { enum: CONVERSATION_STATUSES }).notNull(),
    requestKind: text("request_kind", { enum: ["live", "video"] }),
    assigneeId: text("assignee_id"),
    lastSeq: integer("last_seq").notNull().default(0),
    lastMessageAt: integer("last_message_at"),
    lastMessagePreview: text("last_message_preview"),
    requestedAt: integer("requested_at"),
    startedAt: integer("started_at"),
    closedAt: integer("closed_at"),
    /** The visitor's rating after the chat (1–5), their comment, and when: kept for the dashboard. */
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: integer("rated_at"),
    createdAt: createdAt(),
    /** The DO's version of this row; an older write never overwrites a newer one. */
    version: integer("version").notNull().default(0),
  },
  (t) => [
    index("conversations_workspace").on(t.workspaceId, t.lastMessageAt),
    index("conversations_visitor").on(t.visitorId),
    // The list's order (latest activity, a conversation without messages by its start), walked in order instead of sorted.
    index("conversations_workspace_activity").on(t.workspaceId, sql`coalesce(${t.lastMessageAt}, ${t.createdAt})`),
  ],
);

/** Message text copied from the Conversation DOs, for search across conversations. */
export const messageIndex = sqliteTable(
  "message_index",
  {
    conversationId: text("conversation_id").notNull(),
    seq: integer("seq").notNull(),
    workspaceId: text("workspace_id").notNull(),
    text: text("text").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("message_index_pk").on(t.conversationId, t.seq), index("message_index_workspace").on(t.workspaceId)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    visitorId: text("visitor_id"),
    interfaceId: text("interface_id"),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    jobTitle: text("job_title"),
    website: text("website"),
    address: text("address"),
    city: text("city"),
    country: text("country"),
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, string>>().notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    /** The latest thing that happened with this person (a message, a form, a booking, an edit): the list's « last activity ». */
    lastActivityAt: integer("last_activity_at"),
  },
  (t) => [
    uniqueIndex("contacts_visitor").on(t.workspaceId, t.visitorId),
    index("contacts_workspace_created").on(t.workspaceId, t.createdAt, t.id),
    index("contacts_workspace_activity").on(t.workspaceId, t.lastActivityAt, t.id),
    // The list sorts on each column with a keyset cursor (value, id): each sort walks its index in
    // order from the cursor, so a deep page costs what the first does. The email one also finds a
    // capture's earlier contact with the same email.
    index("contacts_workspace_email").on(t.workspaceId, t.email, t.id),
    index("contacts_workspace_name").on(t.workspaceId, t.name, t.id),
    index("contacts_workspace_phone").on(t.workspaceId, t.phone, t.id),
    index("contacts_workspace_company").on(t.workspaceId, t.company, t.id),
    index("contacts_workspace_interface").on(t.workspaceId, t.interfaceId, t.createdAt, t.id),
    index("contacts_workspace_converter").on(t.workspaceId, t.createdBy, t.createdAt, t.id),
  ],
);

/**
 * Which visitors a contact is (the visitor it was made from, and those of contacts merged into it):
 * their conversations, threads and appointments are the contact's history.
 */
export const contactVisitors = sqliteTable(
  "contact_visitors",
  {
    workspaceId: text("workspace_id").notNull(),
    contactId: text("contact_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("contact_visitors_pk").on(t.workspaceId, t.visitorId), index("contact_visitors_contact").on(t.contactId)],
);

/** A contact's timeline: converted, edited, merged, a conversation, a form, a booking, a sync to a CRM. `data` holds the facts, never more personal data than the contact row. */
export const contactEvents = sqliteTable(
  "contact_events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    contactId: text("contact_id").notNull(),
    kind: text("kind").notNull(),
    actorId: text("actor_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("contact_events_contact").on(t.contactId, t.at)],
);

/** What an erasure removed (counts per place, no personal data), kept to answer "was it erased?". */
export const erasures = sqliteTable(
  "erasures",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    contactId: text("contact_id").notNull(),
    erasedBy: text("erased_by").notNull(),
    report: text("report", { mode: "json" }).$type<Record<string, number>>().notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("erasures_workspace").on(t.workspaceId, t.at)],
);

export const WEBHOOK_STATUSES = ["active", "paused"] as const;

/** An admin's webhook endpoint: https to a public host; `secret_enc` signs deliveries (AES-GCM under the INTEGRATIONS_KEY secret). */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    secretEnc: text("secret_enc").notNull(),
    status: text("status", { enum: WEBHOOK_STATUSES }).notNull().default("active"),
    /** Deliveries in a row that finally failed; past the limit the endpoint is paused and admins are told. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    pausedAt: integer("paused_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_workspace").on(t.workspaceId)],
);

export const DELIVERY_STATUSES = ["queued", "delivered", "failed"] as const;

/** One event for one endpoint (or CRM), with its log: sent through the delivery queue, retried with back-off. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    /** A webhook endpoint's id, or an integration's. */
    targetId: text("target_id").notNull(),
    targetKind: text("target_kind", { enum: ["webhook", "crm"] }).notNull(),
    event: text("event").notNull(),
    /** The event's own id: the same event is delivered once per target. */
    eventId: text("event_id").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    responseCode: integer("response_code"),
    durationMs: integer("duration_ms"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [uniqueIndex("deliveries_event").on(t.targetId, t.eventId), index("deliveries_target").on(t.targetId, t.createdAt)],
);

export const CRM_PROVIDERS = ["hubspot", "pipedrive"] as const;

/** A CRM connection: the provider's token encrypted (AES-GCM), the admin's field mapping, the last sync's progress. */
export const integrations = sqliteTable(
  "integrations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    provider: text("provider", { enum: CRM_PROVIDERS }).notNull(),
    secretEnc: text("secret_enc").notNull(),
    mapping: text("mapping", { mode: "json" }).$type<Record<string, string>>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** "Sync now": how many contacts it covers and how far it got. */
    syncTotal: integer("sync_total").notNull().default(0),
    syncDone: integer("sync_done").notNull().default(0),
    syncFailed: integer("sync_failed").notNull().default(0),
    syncStartedAt: integer("sync_started_at"),
    syncFinishedAt: integer("sync_finished_at"),
    /** The last contact id the running sync has pushed: a step redelivered by the queue finds it moved and does nothing. */
    syncCursor: text("sync_cursor"),
    /** When the provider last answered 401 to the stored token (the console says « token rejected »); a new token clears it. */
    tokenRejectedAt: integer("token_rejected_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("integrations_provider").on(t.workspaceId, t.provider)],
);

/** A contact as a CRM has it: its id there, and the last push's outcome (errors shown per contact). */
export const crmRecords = sqliteTable(
  "crm_records",
  {
    workspaceId: text("workspace_id").notNull(),
    integrationId: text("integration_id").notNull(),
    contactId: text("contact_id").notNull(),
    remoteId: text("remote_id"),
    /** `skipped`: no email to match it by. */
    status: text("status", { enum: ["synced", "failed", "pending", "skipped"] }).notNull(),
    lastError: text("last_error"),
    syncedAt: integer("synced_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("crm_records_pk").on(t.integrationId, t.contactId), index("crm_records_contact").on(t.contactId)],
);

export const notes = sqliteTable(
  "notes",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    visitorId: text("visitor_id").notNull(),
    authorId: text("author_id").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("notes_visitor").on(t.workspaceId, t.visitorId)],
);

/**
 * A video call: made when an agent accepts a video request (`agent_id` is theirs), or with an
 * appointment (`appointment_id`; whichever agent joins). The call page is served at /call/:id;
 * its Durable Object (CallDO) relays the signalling and writes here when it started and ended.
 */
export const calls = sqliteTable(
  "calls",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    conversationId: text("conversation_id"),
    agentId: text("agent_id"),
    appointmentId: text("appointment_id"),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
    /** When both members were first there, and when it ended; `duration_ms` between the two. */
    startedAt: integer("started_at"),
    endedAt: integer("ended_at"),
    durationMs: integer("duration_ms"),
  },
  (t) => [index("calls_conversation").on(t.conversationId), index("calls_workspace_started").on(t.workspaceId, t.startedAt)],
);

/** A chat interface's availability for appointments (protocol/appointments.ts AppointmentSettings, as JSON). */
export const appointmentSettings = sqliteTable("appointment_settings", {
  interfaceId: text("interface_id").primaryKey(),
  workspaceId: text("workspace_id")
    .notNull()
    .references(() => workspaces.id),
  settings: text("settings", { mode: "json" }).$type<AppointmentSettings>().notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const APPOINTMENT_STATUSES = ["booked", "cancelled"] as const;

/**
 * A booked slot. At most one booked appointment starts at a given time on an interface (the
 * partial unique index is the last word on a race); `booking_key` is the widget's id for the
 * booking (a retry books once); `manage_key` (random) names it in the visitor's cancel and
 * reschedule links.
 */
export const appointments = sqliteTable(
  "appointments",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    interfaceId: text("interface_id").notNull(),
    conversationId: text("conversation_id"),
    visitorId: text("visitor_id"),
    name: text("name").notNull(),
    email: text("email").notNull(),
    lang: text("lang", { enum: LANGS }).notNull(),
    /** The visitor's IANA zone, for the times their emails show. */
    visitorTimeZone: text("visitor_time_zone").notNull().default(""),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    status: text("status", { enum: APPOINTMENT_STATUSES }).notNull().default("booked"),
    callId: text("call_id").notNull(),
    bookingKey: text("booking_key").notNull(),
    manageKey: text("manage_key").notNull(),
    createdAt: createdAt(),
    cancelledAt: integer("cancelled_at"),
    cancelledBy: text("cancelled_by", { enum: ["visitor", "agent"] }),
    /** The calendar event's SEQUENCE: each email that changes the event (a new time, a cancellation) bumps it. */
    icsSequence: integer("ics_sequence").notNull().default(0),
  },
  (t) => [
    uniqueIndex("appointments_slot").on(t.interfaceId, t.startsAt).where(sql`status = 'booked'`),
    uniqueIndex("appointments_booking").on(t.interfaceId, t.bookingKey),
    uniqueIndex("appointments_manage_key").on(t.manageKey),
    index("appointments_workspace_starts").on(t.workspaceId, t.startsAt),
    // A contact's page lists their appointments by their visitors and their email.
    index("appointments_visitor").on(t.visitorId),
    index("appointments_workspace_email").on(t.workspaceId, t.email),
  ],
);

/**
 * Files visitors uploaded to R2. A file is "sent" once a message carrying it reaches D1's
 * copy of its conversation; the cron deletes the files never sent after a day.
 */
export const uploads = sqliteTable(
  "uploads",
  {
    key: text("key").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("uploads_unsent").on(t.sentAt, t.createdAt), index("uploads_conversation").on(t.workspaceId, t.conversationId)],
);

/**
 * Saved replies (canned responses): a workspace's (ownerId null, managed by admins) or one agent's
 * own. `shortcut` is what follows `/` in the reply box; the body may hold placeholders such as
 * `{visitor.name}` and `{agent.name}`.
 */
export const savedReplies = sqliteTable(
  "saved_replies",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    ownerId: text("owner_id"),
    shortcut: text("shortcut").notNull(),
    body: text("body").notNull(),
    language: text("language", { enum: LANGS }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("saved_replies_workspace").on(t.workspaceId, t.ownerId, t.shortcut)],
);

export const OFFLINE_THREAD_STATUSES = ["open", "closed"] as const;

/**
 * The offline inbox: one thread per conversation whose visitor filled in the offline form
 * (`conversation_id` unique), then every message of the email loop in `offline_messages`.
 * `unread`, `preview`, `last_*` and `message_count` are kept up to date on each message so
 * the list reads one row per thread. `reply_key` (random, lowercase) names the thread in
 * its reply address and links without exposing its id.
 */
export const offlineThreads = sqliteTable(
  "offline_threads",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    interfaceId: text("interface_id").notNull(),
    conversationId: text("conversation_id"),
    visitorId: text("visitor_id"),
    name: text("name").notNull().default(""),
    email: text("email").notNull(),
    phone: text("phone").notNull().default(""),
    lang: text("lang", { enum: LANGS }).notNull(),
    status: text("status", { enum: OFFLINE_THREAD_STATUSES }).notNull().default("open"),
    starred: integer("starred", { mode: "boolean" }).notNull().default(false),
    unread: integer("unread", { mode: "boolean" }).notNull().default(true),
    preview: text("preview").notNull().default(""),
    lastAuthor: text("last_author", { enum: ["visitor", "agent"] }).notNull().default("visitor"),
    messageCount: integer("message_count").notNull().default(0),
    lastMessageAt: integer("last_message_at").notNull(),
    replyKey: text("reply_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("offline_threads_conversation").on(t.conversationId),
    uniqueIndex("offline_threads_reply_key").on(t.replyKey),
    index("offline_threads_workspace_last").on(t.workspaceId, t.lastMessageAt, t.id),
    // Each list filter has its range, newest first with the id breaking ties, so a filtered page
    // (the open threads among many closed ones, the few starred) reads only its own rows, in order.
    index("offline_threads_workspace_starred").on(t.workspaceId, t.starred, t.lastMessageAt, t.id),
    index("offline_threads_workspace_unread").on(t.workspaceId, t.unread, t.lastMessageAt, t.id),
    index("offline_threads_workspace_interface").on(t.workspaceId, t.interfaceId, t.lastMessageAt, t.id),
    index("offline_threads_workspace_status").on(t.workspaceId, t.status, t.lastMessageAt, t.id),
    // A contact's page lists their threads by their visitors and their email.
    index("offline_threads_visitor").on(t.visitorId),
    index("offline_threads_workspace_email").on(t.workspaceId, t.email),
  ],
);

/**
 * A message of an offline thread: the form's message, an agent's reply (with the email that
 * carries it), or the visitor's answer by the reply page or by email. `dedupe_key` (the
 * submission's, reply's or answer's client id, or an inbound email's Message-ID) makes every
 * path idempotent.
 */
export const offlineMessages = sqliteTable(
  "offline_messages",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    threadId: text("thread_id").notNull(),
    author: text("author", { enum: ["visitor", "agent"] }).notNull(),
    userId: text("user_id"),
    text: text("text").notNull(),
    via: text("via", { enum: ["form", "console", "link", "email"] }).notNull(),
    /** Agents' replies: the email (table `emails`) that carries it; a retry points it at the new one. */
    emailId: text("email_id"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("offline_messages_dedupe").on(t.threadId, t.dedupeKey), index("offline_messages_thread").on(t.threadId, t.createdAt)],
);

/**
 * What the dashboard counts (protocol/metrics.ts METRIC_KINDS), one row per event, written once:
 * `id` is the event's own key (`takeover:<conversation>:<started>`, `seen:<visitor>:<quarter>`,
 * …), inserted with ON CONFLICT DO NOTHING, so a retried write counts nothing twice. `seq` orders
 * them for the time-zone rebuild. `day` is not written by anyone: the trigger of migration 0017
 * cuts it from `at` in the workspace's zone (table metric_zones) and adds the event to
 * metric_daily in the same statement, so the roll-up can never miss or double an event.
 */
export const metricEvents = sqliteTable(
  "metric_events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    interfaceId: text("interface_id").notNull(),
    kind: text("kind", { enum: METRIC_KINDS }).notNull(),
    at: integer("at").notNull(),
    visitorId: text("visitor_id"),
    day: text("day"),
  },
  (t) => [
    uniqueIndex("metric_events_id").on(t.id),
    index("metric_events_workspace_seq").on(t.workspaceId, t.seq),
    // The trigger asks whether this visitor was already seen that day, on this interface.
    index("metric_events_visitor_day")
      .on(t.workspaceId, t.interfaceId, t.day, t.visitorId)
      .where(sql`kind = 'visitor_seen'`),
  ],
);

/** A day's sums for one workspace and interface: the columns of metric_daily and metric_rebuild_daily. */
const daySums = () => ({
  workspaceId: text("workspace_id").notNull(),
  interfaceId: text("interface_id").notNull(),
  day: text("day").notNull(),
  visitors: integer("visitors").notNull().default(0),
  contacts: integer("contacts").notNull().default(0),
  takeovers: integer("takeovers").notNull().default(0),
  liveChats: integer("live_chats").notNull().default(0),
  videoChats: integer("video_chats").notNull().default(0),
  callsHeld: integer("calls_held").notNull().default(0),
  offlineMessages: integer("offline_messages").notNull().default(0),
  appointments: integer("appointments").notNull().default(0),
});

/** Each day's sums per workspace and interface, kept by the trigger as events land: a dashboard query reads O(days) rows. */
export const metricDaily = sqliteTable("metric_daily", daySums(), (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.interfaceId] })]);

/**
 * The day sums of a time-zone rebuild being built (worker/src/metrics/rebuild.ts): each step adds
 * its events, cut in the new zone, and the end swaps them into metric_daily at a cost of day rows,
 * not events. Same columns and key as metric_daily; empty for a workspace with no running rebuild.
 */
export const metricRebuildDaily = sqliteTable("metric_rebuild_daily", daySums(), (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.interfaceId] })]);

/**
 * The workspace's zone as the trigger reads it: from `from_ms` on, local time is UTC + `offset_ms`
 * (one row per clock change; none at all for UTC). Written with the zone (worker/src/metrics/zone.ts).
 */
export const metricZones = sqliteTable(
  "metric_zones",
  {
    workspaceId: text("workspace_id").notNull(),
    fromMs: integer("from_ms").notNull(),
    offsetMs: integer("offset_ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.fromMs] })],
);

/**
 * The workspace's stored days being cut again after its zone changed: events up to `cutoff_seq`
 * are walked in `seq` order (`done_seq` so far), then the day sums are rebuilt from them. Events
 * after the cutoff already land in the new zone. No row: the days are in UTC (the default zone).
 */
export const metricRebuilds = sqliteTable("metric_rebuilds", {
  workspaceId: text("workspace_id").primaryKey(),
  timeZone: text("time_zone").notNull(),
  status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
  /** Changes with each new rebuild: a step of an older one finds a different id and stops. */
  runId: text("run_id").notNull(),
  cutoffSeq: integer("cutoff_seq").notNull(),
  doneSeq: integer("done_seq").notNull().default(0),
  total: integer("total").notNull(),
  done: integer("done").notNull().default(0),
  lastError: text("last_error"),
  startedAt: integer("started_at").notNull(),
  finishedAt: integer("finished_at"),
});
