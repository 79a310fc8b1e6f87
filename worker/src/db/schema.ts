// The D1 schema: everything queried across conversations. Every table that holds
// workspace data carries workspace_id, and every query filters on it.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "number" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`);

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("UTC"),
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
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("emails_workspace_created").on(t.workspaceId, t.createdAt)],
);
