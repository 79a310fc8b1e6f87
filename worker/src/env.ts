// The bindings and variables this Worker runs with (see wrangler.toml).
import type { EmailJob } from "./lib/mailer";

export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  EMAIL_QUEUE: Queue<EmailJob>;
  LOGIN_LIMITER: RateLimit;
  APP_ORIGIN: string;
  MAIL_FROM: string;
  /** Set as a secret in production; without it, email goes to the dev outbox. */
  RESEND_API_KEY?: string;
  /** Where the Resend SDK sends its requests; only tests and local runs change it. */
  RESEND_BASE_URL?: string;
  /** One-time secret that lets the first owner be created on a fresh deployment. */
  SETUP_TOKEN?: string;
}

export interface SessionUser {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: "owner" | "admin" | "agent";
}

export type AppBindings = { Bindings: Env; Variables: { user: SessionUser; sessionHash: string } };
