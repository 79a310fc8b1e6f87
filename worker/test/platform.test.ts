import { env } from "cloudflare:workers";
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../src/db/client";
import { emails, users } from "../src/db/schema";
import { deliverEmail, EMAIL_MAX_ATTEMPTS, queueEmail } from "../src/lib/mailer";
import { Client, createWorkspace, signedIn, unique } from "./helpers";

describe("the API's edges", () => {
  it("/api/health answers 200 {ok:true}", async () => {
    const res = await exports.default.fetch("http://localhost/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("publishes an OpenAPI document generated from the route schemas", async () => {
    const res = await exports.default.fetch("http://localhost/api/openapi.json");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: any };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/auth/login", "/api/me", "/api/users/invites", "/api/interfaces/{id}/flow", "/api/interfaces/{id}/flow/publish"]),
    );
    expect(doc.components.schemas.LoginBody.properties.email).toBeDefined();
    expect(doc.components.schemas.FlowDocument.properties.draft).toBeDefined();
  });

  it("an unknown API path answers the one error shape with 404", async () => {
    const res = await exports.default.fetch("http://localhost/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such endpoint." } });
  });

  it("a body over 64 KB is refused with 413", async () => {
    const res = await new Client().post("/api/auth/login", { email: "a@b.co", password: "x".repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });

  it("the console is served with a strict CSP that forbids framing", async () => {
    const res = await exports.default.fetch("http://localhost/app/login");
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
  });
});

describe("first-owner setup on a deployment", () => {
  it("refuses a wrong setup token", async () => {
    const body = { setupToken: "wrong", workspaceName: "Acme", name: "Ola", email: `${unique("o")}@example.test`, password: "long enough password" };
    const res = await new Client().post("/api/setup", body);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("bad_setup_token");
  });
});

describe("email delivery", () => {
  afterEach(() => vi.restoreAllMocks());

  it("without a Resend key, the queue consumer leaves queued emails in the dev outbox", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const email = `${unique("q")}@example.test`;
    await admin.post("/api/users/invites", { email });
    await vi.waitFor(
      async () => {
        const outbox = (await admin.get("/api/dev/outbox")).json.emails;
        expect(outbox.find((e: { to: string }) => e.to === email)?.status).toBe("dev_outbox");
      },
      { timeout: 5000, interval: 100 },
    );
  });

  it("with a Resend key, the real SDK posts the email with an idempotency key and records the provider id", async () => {
    const ws = await createWorkspace();
    const calls: Request[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      calls.push(req.clone());
      return Response.json({ id: "re_123" });
    });
    const resendEnv = { ...env, RESEND_API_KEY: "re_test", RESEND_BASE_URL: "http://resend.test", EMAIL_QUEUE: { send: async () => {} } as any };
    const id = await queueEmail(resendEnv, { workspaceId: ws.id, to: "x@example.test", subject: "Hi", text: "Hi", html: "<p>Hi</p>" });
    expect(await deliverEmail(resendEnv, id)).toBe("done");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe("http://resend.test/emails");
    expect(calls[0]!.headers.get("Idempotency-Key")).toBe(`raibu-email-${id}`);
    expect(await calls[0]!.json()).toMatchObject({ to: "x@example.test", subject: "Hi" });
    const [row] = await getDb(env.DB).select().from(emails).where(eq(emails.id, id));
    expect(row).toMatchObject({ status: "sent", providerId: "re_123", attempts: 1 });
    // Delivering again sends nothing more.
    expect(await deliverEmail(resendEnv, id)).toBe("done");
    expect(calls).toHaveLength(1);
  });

  it("a failing provider is retried, and after the last attempt the email is marked failed with its error", async () => {
    const ws = await createWorkspace();
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      Response.json({ statusCode: 500, name: "internal_server_error", message: "provider down" }, { status: 500 }),
    );
    const resendEnv = { ...env, RESEND_API_KEY: "re_test", RESEND_BASE_URL: "http://resend.test", EMAIL_QUEUE: { send: async () => {} } as any };
    const id = await queueEmail(resendEnv, { workspaceId: ws.id, to: "y@example.test", subject: "Hi", text: "Hi", html: "Hi" });
    for (let attempt = 1; attempt < EMAIL_MAX_ATTEMPTS; attempt++) expect(await deliverEmail(resendEnv, id)).toBe("retry");
    expect(await deliverEmail(resendEnv, id)).toBe("done");
    const [row] = await getDb(env.DB).select().from(emails).where(eq(emails.id, id));
    expect(row).toMatchObject({ status: "failed", attempts: EMAIL_MAX_ATTEMPTS, lastError: "provider down" });
  });
});

describe("availability and language", () => {
  it("an agent sets themselves away and picks French, and both are remembered", async () => {
    const ws = await createWorkspace();
    const { user, client } = await signedIn(ws.id);
    const res = await client.patch("/api/me", { availability: "away", locale: "fr" });
    expect(res.json).toMatchObject({ availability: "away", locale: "fr" });
    const [row] = await getDb(env.DB).select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ availability: "away", locale: "fr" });
  });
});

describe("the widget page", () => {
  it("may be framed only by the origins its chat interface allows", async () => {
    const { createInterface } = await import("./helpers");
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const res = await exports.default.fetch(`http://localhost/widget/?interface=${iface.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'self' https://customer.example http://localhost:*");
    const unknown = await exports.default.fetch("http://localhost/widget/?interface=nope");
    expect(unknown.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
  });
});

describe("the call page", () => {
  it("/call/<id> is the call app's shell: its socket to this origin, the camera and microphone for itself, never framed, no referrer, no cache", async () => {
    const res = await exports.default.fetch("http://localhost/call/3f2a9c?t=abc.def");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const html = await res.text();
    const script = /src="(\/call\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://localhost");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("Permissions-Policy")).toContain("camera=(self), microphone=(self), display-capture=(self)");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    // Its script is served as a static file.
    const js = await exports.default.fetch(`http://localhost${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("Content-Type")).toContain("javascript");
    // Over HTTPS the socket is wss.
    const secure = await exports.default.fetch("https://chat.example/call/3f2a9c?t=abc.def");
    expect(secure.headers.get("Content-Security-Policy")).toContain("connect-src 'self' wss://chat.example");
  });

  it("a path under /call/ that is no call's id is not the page", async () => {
    const res = await exports.default.fetch("http://localhost/call/a/b");
    expect(res.status).toBe(404);
  });
});
