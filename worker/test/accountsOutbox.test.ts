// Email and its one-time links: the dev outbox only on a developer's machine and only for
// admins; a deployment without email says so and keeps no link; a sent email keeps no body.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../src/db/client";
import { actionTokens, emails } from "../src/db/schema";
import worker from "../src/index";
import type { Env } from "../src/env";
import { deliverEmail, EMAIL_MAX_ATTEMPTS, queueEmail } from "../src/lib/mailer";
import { createUser, createWorkspace, ORIGIN, signedIn, unique } from "./helpers";

/** A deployment's configuration: no DEV_OUTBOX flag and, unless given, no Resend key. */
const deployed = (overrides: Partial<Env> = {}): Env => ({ ...env, DEV_OUTBOX: undefined, RESEND_API_KEY: undefined, ...overrides });

/** Calls the Worker with another configuration, waiting for its background work. */
async function call(config: Env, method: string, path: string, cookie: string, body?: unknown, origin = ORIGIN) {
  const background: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void background.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const res = await worker.fetch(
    new Request(`${origin}${path}`, {
      method,
      headers: { Origin: origin, Cookie: cookie, "CF-Connecting-IP": unique("ip"), ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }),
    config,
    ctx,
  );
  await Promise.all(background);
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

describe("the dev outbox", () => {
  it("an agent is refused the dev outbox with 403 while an admin of the same workspace reads it", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const { client: agent } = await signedIn(ws.id, "agent");
    const email = `${unique("inv")}@example.test`;
    await admin.post("/api/users/invites", { email });
    const [row] = await getDb(env.DB).select().from(emails).where(eq(emails.to, email));

    for (const path of ["/api/dev/outbox", `/api/dev/outbox/${row!.id}`]) {
      const res = await agent.get(path);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
      expect(JSON.stringify(res.json)).not.toContain("/app/invite/");
    }
    expect((await admin.get("/api/dev/outbox")).json.emails.map((e: { to: string }) => e.to)).toContain(email);
  });

  it("without the DEV_OUTBOX flag there is no dev outbox, not even for an admin", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const res = await call(deployed(), "GET", "/api/dev/outbox", admin.cookie);
    expect(res.status).toBe(404);
    const withResend = await call(deployed({ RESEND_API_KEY: "re_test" }), "GET", "/api/dev/outbox", admin.cookie);
    expect(withResend.status).toBe(404);
  });

  it("the dev outbox answers only on a loopback host, whatever the flag says", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const remote = await call(env, "GET", "/api/dev/outbox", admin.cookie, undefined, "http://raibu.example");
    expect(remote.status).toBe(404);
    expect((await call(env, "GET", "/api/dev/outbox", admin.cookie)).status).toBe(200);
  });

  it("an admin's /api/me says dev_outbox with the flag, not_configured without it or a Resend key, and resend with a key", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    expect((await admin.get("/api/me")).json.mailMode).toBe("dev_outbox");
    expect((await call(deployed(), "GET", "/api/me", admin.cookie)).json.mailMode).toBe("not_configured");
    expect((await call(deployed({ RESEND_API_KEY: "re_test" }), "GET", "/api/me", admin.cookie)).json.mailMode).toBe("resend");
  });
});

describe("a deployment without email", () => {
  it("refuses an invitation with 503 email_not_configured and creates neither the invitation nor an email", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const email = `${unique("inv")}@example.test`;
    const res = await call(deployed(), "POST", "/api/users/invites", admin.cookie, { email });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("email_not_configured");
    expect(await getDb(env.DB).select().from(actionTokens).where(eq(actionTokens.email, email))).toEqual([]);
    expect(await getDb(env.DB).select().from(emails).where(eq(emails.to, email))).toEqual([]);
  });

  it("answers a password reset like any other, but makes no link and keeps no email", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const res = await call(deployed(), "POST", "/api/auth/password-reset", "", { email: user.email });
    expect(res).toEqual({ status: 200, json: { ok: true } });
    expect(await getDb(env.DB).select().from(actionTokens).where(eq(actionTokens.userId, user.id))).toEqual([]);
    expect(await getDb(env.DB).select().from(emails).where(eq(emails.to, user.email))).toEqual([]);
  });

  it("the queue marks an email left from before as failed and drops its body", async () => {
    const ws = await createWorkspace();
    const id = await queueEmail(env, { workspaceId: ws.id, to: "z@example.test", subject: "Hi", text: "https://x/app/reset/abc", html: "<a>link</a>" });
    expect(await deliverEmail(deployed(), id)).toBe("done");
    const [row] = await getDb(env.DB).select().from(emails).where(eq(emails.id, id));
    expect(row).toMatchObject({ status: "failed", text: "", html: "", lastError: "Email is not configured." });
  });
});

describe("delivered emails", () => {
  afterEach(() => vi.restoreAllMocks());
  const resendEnv = () => deployed({ RESEND_API_KEY: "re_test", RESEND_BASE_URL: "http://resend.test", EMAIL_QUEUE: { send: async () => {} } as never });

  it("once Resend has taken an email, its body and the link in it are no longer stored", async () => {
    const ws = await createWorkspace();
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => Response.json({ id: "re_456" }));
    const link = `${ORIGIN}/app/reset/${unique("token")}`;
    const id = await queueEmail(resendEnv(), { workspaceId: ws.id, to: "a@example.test", subject: "Reset", text: `Go: ${link}`, html: `<a href="${link}">go</a>` });
    const [queued] = await getDb(env.DB).select().from(emails).where(eq(emails.id, id));
    expect(queued!.text).toContain(link);
    expect(await deliverEmail(resendEnv(), id)).toBe("done");
    const [sent] = await getDb(env.DB).select().from(emails).where(eq(emails.id, id));
    expect(sent).toMatchObject({ status: "sent", to: "a@example.test", subject: "Reset", text: "", html: "" });
  });

  it("an email that fails for good keeps no body either, and one still being retried keeps it", async () => {
    const ws = await createWorkspace();
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => Response.json({ statusCode: 500, name: "internal_server_error", message: "down" }, { status: 500 }));
    const id = await queueEmail(resendEnv(), { workspaceId: ws.id, to: "b@example.test", subject: "Invite", text: "link", html: "link" });
    expect(await deliverEmail(resendEnv(), id)).toBe("retry");
    const [retrying] = await getDb(env.DB).select().from(emails).where(and(eq(emails.id, id), eq(emails.status, "queued")));
    expect(retrying!.text).toBe("link");
    for (let attempt = 2; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) await deliverEmail(resendEnv(), id);
    const [failed] = await getDb(env.DB).select().from(emails).where(eq(emails.id, id));
    expect(failed).toMatchObject({ status: "failed", text: "", html: "" });
  });
});
