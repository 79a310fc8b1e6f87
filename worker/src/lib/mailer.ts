// The one way Raibu sends email. `queueEmail` stores the email in D1 and queues its id;
// the queue consumer delivers it through Resend, or, on a developer's machine with the
// DEV_OUTBOX flag, leaves it in the dev outbox. A failed delivery is retried with back-off
// and, at the end, marked failed with its last error. Once an email has left (or given up),
// its body is cleared: the one-time links it carried are not kept in D1. Each attempt is
// claimed in D1 before it reaches Resend, and Resend drops a second send with the same
// idempotency key, so a queue message delivered twice never sends the email twice.
import { and, eq } from "drizzle-orm";
import { Resend } from "resend";
import { getDb } from "../db/client";
import { emails, type EmailAttachment } from "../db/schema";
import type { Env } from "../env";
import { newId } from "./crypto";
import { ApiError } from "./errors";

export interface EmailJob {
  emailId: string;
}

export interface OutgoingEmail {
  workspaceId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where the recipient's answer goes (an offline thread's reply address); none: MAIL_FROM. */
  replyTo?: string | null;
  /** Extra headers: Message-ID, In-Reply-To, References for mail clients to thread the emails. */
  headers?: Record<string, string> | null;
  /** Files that go with it (an appointment's .ics). */
  attachments?: EmailAttachment[] | null;
}

/** Matches `max_retries` of the email queue consumer in wrangler.toml. */
export const EMAIL_MAX_ATTEMPTS = 8;
/** A provider that has not answered by then counts as a failed attempt, retried later. */
export const SEND_TIMEOUT_MS = 15_000;

export type MailMode = "resend" | "dev_outbox" | "not_configured";

/** Resend when a key is set; the dev outbox only when a local run asks for it; else nothing. */
export function mailMode(env: Pick<Env, "RESEND_API_KEY" | "DEV_OUTBOX">): MailMode {
  if (env.RESEND_API_KEY) return "resend";
  return env.DEV_OUTBOX === "1" ? "dev_outbox" : "not_configured";
}

export const emailNotConfigured = () =>
  new ApiError(503, "email_not_configured", "Email is not configured on this deployment: set the RESEND_API_KEY secret.");

/** Refuses work whose only point is an email (an invitation) when email cannot leave. */
export function requireMail(env: Pick<Env, "RESEND_API_KEY" | "DEV_OUTBOX">): void {
  if (mailMode(env) === "not_configured") throw emailNotConfigured();
}

export async function queueEmail(env: Env, email: OutgoingEmail): Promise<string> {
  // Nowhere to send it and no outbox to keep it in: storing its link would only leave it lying around.
  requireMail(env);
  const id = newId();
  await getDb(env.DB).insert(emails).values({ id, ...email });
  await env.EMAIL_QUEUE.send({ emailId: id });
  return id;
}

/** What stays of a delivered email: who, what subject, what happened; no body and no reply address, so no live link. */
const CLEARED_BODY = { text: "", html: "", replyTo: null, attachments: null };

/** Delivers one queued email. Safe to run twice: a sent email is not sent again. */
export async function deliverEmail(env: Env, emailId: string): Promise<"done" | "retry"> {
  const db = getDb(env.DB);
  const [email] = await db.select().from(emails).where(eq(emails.id, emailId)).limit(1);
  if (!email || email.status !== "queued") return "done";

  const mode = mailMode(env);
  if (mode === "dev_outbox") {
    // The dev outbox is a developer's own mailbox: the body stays so the link can be opened.
    await db.update(emails).set({ status: "dev_outbox", sentAt: Date.now() }).where(eq(emails.id, emailId));
    return "done";
  }
  if (mode === "not_configured") {
    await db.update(emails).set({ status: "failed", lastError: "Email is not configured.", ...CLEARED_BODY }).where(eq(emails.id, emailId));
    return "done";
  }

  // Claim this attempt: of two deliveries of the same queue message at once, one goes on and
  // the other stops here (its message is acknowledged; the one going on keeps its own).
  const attempts = email.attempts + 1;
  const claimed = await db
    .update(emails)
    .set({ attempts })
    .where(and(eq(emails.id, emailId), eq(emails.status, "queued"), eq(emails.attempts, email.attempts)))
    .returning({ id: emails.id });
  if (claimed.length === 0) return "done";

  const resend = new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  let error: string;
  try {
    const { data, error: failure } = await resend.emails.send(
      {
        from: env.MAIL_FROM,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        ...(email.headers ? { headers: email.headers } : {}),
        ...(email.attachments?.length
          ? { attachments: email.attachments.map((file) => ({ filename: file.filename, content: file.content, contentType: file.contentType })) }
          : {}),
      },
      // Resend drops a second send with the same key, so a retry after a lost answer is harmless.
      { idempotencyKey: `raibu-email-${email.id}`, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
    );
    if (data) {
      await db
        .update(emails)
        .set({ status: "sent", attempts, providerId: data.id, sentAt: Date.now(), lastError: null, ...CLEARED_BODY })
        .where(eq(emails.id, emailId));
      return "done";
    }
    error = failure?.message ?? "Unknown delivery error";
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const failed = attempts >= EMAIL_MAX_ATTEMPTS;
  await db
    .update(emails)
    .set({ lastError: error, ...(failed ? { status: "failed" as const, ...CLEARED_BODY } : {}) })
    .where(eq(emails.id, emailId));
  return failed ? "done" : "retry";
}

/** Exponential back-off for the queue: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempt - 1));
}

export async function handleEmailBatch(batch: MessageBatch<EmailJob>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const outcome = await deliverEmail(env, message.body.emailId);
    if (outcome === "retry") message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    else message.ack();
  }
}
