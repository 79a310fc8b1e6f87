// The bindings and variables this Worker runs with (see wrangler.toml).
import type { ConversationDO } from "./durable-objects/ConversationDO";
import type { WorkspaceDO } from "./durable-objects/WorkspaceDO";
import type { EmailJob } from "./lib/mailer";

export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  EMAIL_QUEUE: Queue<EmailJob>;
  LOGIN_LIMITER: RateLimit;
  /** Guards the public widget endpoints, per visitor address. */
  PUBLIC_LIMITER: RateLimit;
  /** Visitor sessions, new conversations and visitor sockets, each per address and per chat interface (lib/rateLimit.ts). */
  VISITOR_SESSION_ADDRESS_LIMITER: RateLimit;
  VISITOR_SESSION_INTERFACE_LIMITER: RateLimit;
  VISITOR_CONVERSATION_ADDRESS_LIMITER: RateLimit;
  VISITOR_CONVERSATION_INTERFACE_LIMITER: RateLimit;
  VISITOR_SOCKET_ADDRESS_LIMITER: RateLimit;
  VISITOR_SOCKET_INTERFACE_LIMITER: RateLimit;
  CONVERSATIONS: DurableObjectNamespace<ConversationDO>;
  WORKSPACES: DurableObjectNamespace<WorkspaceDO>;
  ATTACHMENTS: R2Bucket;
  APP_ORIGIN: string;
  MAIL_FROM: string;
  /** Set as a secret in production; without it no email leaves (the console says so). */
  RESEND_API_KEY?: string;
  /**
   * "1" turns on the dev outbox (emails kept in D1 and readable by admins in the console).
   * Set only by `npm start` and the tests, never in wrangler.toml's deployed vars.
   */
  DEV_OUTBOX?: string;
  /** Where the Resend SDK sends its requests; only tests and local runs change it. */
  RESEND_BASE_URL?: string;
  /** One-time secret that lets the first owner be created on a fresh deployment. */
  SETUP_TOKEN?: string;
  /**
   * Multiplies every socket's frame rates and bursts (default 1). Only a load test that drives
   * one socket far faster than a person raises it; never lower than 1.
   */
  FRAME_RATE_SCALE?: string;
}

export interface SessionUser {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: "owner" | "admin" | "agent";
}

export interface VisitorIdentity {
  visitorId: string;
  workspaceId: string;
  interfaceId: string;
}

export type AppBindings = { Bindings: Env; Variables: { user: SessionUser; sessionHash: string; visitor: VisitorIdentity } };
