import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { sessions } from "../src/db/schema";
import { Client, createUser, createWorkspace, linkFromOutbox, PASSWORD, signedIn, unique } from "./helpers";

describe("signing in", () => {
  it("a right password signs in, sets an HttpOnly SameSite=Lax cookie and returns the agent", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "admin");
    const client = new Client();
    const res = await client.login(user.email);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: user.id, email: user.email, role: "admin", workspace: { id: ws.id } });
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^raibu_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect((await client.get("/api/me")).status).toBe(200);
  });

  it("the email is matched whatever its case and surrounding spaces", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const res = await new Client().login(`  ${user.email.toUpperCase()} `);
    expect(res.status).toBe(200);
  });

  it("a wrong password is refused with 401 and sets no cookie", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const client = new Client();
    const res = await client.login(user.email, "not the password");
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: "unauthorized", message: "Wrong email or password." } });
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect((await client.get("/api/me")).status).toBe(401);
  });

  it("an unknown email gets the same answer as a wrong password", async () => {
    const res = await new Client().login(`${unique("nobody")}@example.test`);
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe("Wrong email or password.");
  });

  it("only a hash of the session token is stored in D1", async () => {
    const ws = await createWorkspace();
    const { user, client } = await signedIn(ws.id);
    const token = client.cookie.split("=")[1]!;
    const rows = await getDb(env.DB).select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.tokenHash).not.toContain(token);
  });

  it("a malformed body gets a 400 that names the bad field", async () => {
    const res = await new Client().post("/api/auth/login", { email: "not-an-email", password: "x" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.message).toContain("email");
  });

  it("a body that is not JSON gets a 400, not a stack trace", async () => {
    const res = await new Client().request("POST", "/api/auth/login", undefined, { "Content-Type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("sessions", () => {
  it("logout ends the session on the server, not only in the browser", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id);
    const cookie = client.cookie;
    expect((await client.post("/api/auth/logout")).status).toBe(200);
    expect(client.cookie).toBe("");
    client.cookie = cookie;
    expect((await client.get("/api/me")).status).toBe(401);
  });

  it("an expired session is refused with 401", async () => {
    const ws = await createWorkspace();
    const { user, client } = await signedIn(ws.id);
    await getDb(env.DB).update(sessions).set({ expiresAt: Date.now() - 1 }).where(eq(sessions.userId, user.id));
    const res = await client.get("/api/me");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("a forged cookie is refused", async () => {
    const client = new Client();
    client.cookie = "raibu_session=forged-token-forged-token-forged-token-forged";
    expect((await client.get("/api/me")).status).toBe(401);
  });
});

describe("the Origin check", () => {
  it("a state-changing request without an Origin header is refused with 403", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id);
    const res = await client.request("PATCH", "/api/me", { availability: "away" }, { Origin: "" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("bad_origin");
  });

  it("a state-changing request from another site is refused with 403 and changes nothing", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id);
    const res = await client.request("PATCH", "/api/me", { availability: "away" }, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await client.get("/api/me")).json.availability).toBe("online");
  });

  it("a login from another site is refused before the password is checked", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const res = await new Client().request("POST", "/api/auth/login", { email: user.email, password: PASSWORD }, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});

describe("invitations", () => {
  it("an admin invites an agent by email, and the link lets the agent set a password and sign in", async () => {
    const ws = await createWorkspace("Acme");
    const { client: admin } = await signedIn(ws.id, "admin");
    const email = `${unique("new")}@example.test`;
    const created = await admin.post("/api/users/invites", { email, role: "agent", locale: "fr" });
    expect(created.status).toBe(201);
    expect((await admin.get("/api/users/invites")).json.invites.map((i: { email: string }) => i.email)).toContain(email);

    const { token, email: sent } = await linkFromOutbox(admin, email, "/app/invite/");
    expect(sent.subject).toContain("Acme");
    expect(sent.subject).toMatch(/invité/);

    const agent = new Client();
    const preview = await agent.post("/api/auth/invites/preview", { token });
    expect(preview.json).toEqual({ email, workspaceName: "Acme", role: "agent" });
    const accepted = await agent.post("/api/auth/invites/accept", { token, name: "Nadia", password: "a long new password" });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ email, name: "Nadia", role: "agent", workspace: { id: ws.id } });
    expect((await new Client().login(email, "a long new password")).status).toBe(200);

    // The link works once.
    const again = await new Client().post("/api/auth/invites/accept", { token, name: "Eve", password: "another password" });
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe("invalid_token");
    expect((await admin.get("/api/users/invites")).json.invites.map((i: { email: string }) => i.email)).not.toContain(email);
  });

  it("an agent cannot invite anyone", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id, "agent");
    const res = await client.post("/api/users/invites", { email: `${unique("x")}@example.test` });
    expect(res.status).toBe(403);
  });

  it("inviting a member of one's own workspace is a 409 already_member", async () => {
    const ws = await createWorkspace();
    const { client: admin, user } = await signedIn(ws.id, "owner");
    const res = await admin.post("/api/users/invites", { email: user.email });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("already_member");
  });

  it("a password shorter than 10 characters is refused when accepting", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const email = `${unique("short")}@example.test`;
    await admin.post("/api/users/invites", { email });
    const { token } = await linkFromOutbox(admin, email, "/app/invite/");
    const res = await new Client().post("/api/auth/invites/accept", { token, name: "Sam", password: "short" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("password");
  });

  it("a revoked invitation no longer opens", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const email = `${unique("rev")}@example.test`;
    const { json: invite } = await admin.post("/api/users/invites", { email });
    const { token } = await linkFromOutbox(admin, email, "/app/invite/");
    expect((await admin.delete(`/api/users/invites/${invite.id}`)).status).toBe(200);
    expect((await new Client().post("/api/auth/invites/preview", { token })).status).toBe(400);
  });
});

describe("password reset", () => {
  it("a reset link from the dev outbox sets a new password and ends every old session", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const { user, client: oldSession } = await signedIn(ws.id, "agent");

    expect((await new Client().post("/api/auth/password-reset", { email: user.email })).status).toBe(200);
    const { token } = await linkFromOutbox(admin, user.email, "/app/reset/");
    const res = await new Client().post("/api/auth/password-reset/confirm", { token, password: "brand new password" });
    expect(res.status).toBe(200);

    expect((await oldSession.get("/api/me")).status).toBe(401);
    expect((await new Client().login(user.email)).status).toBe(401);
    expect((await new Client().login(user.email, "brand new password")).status).toBe(200);
    const reuse = await new Client().post("/api/auth/password-reset/confirm", { token, password: "yet another password" });
    expect(reuse.status).toBe(400);
  });

  it("asking a reset for an unknown email answers the same and sends nothing", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const email = `${unique("ghost")}@example.test`;
    const res = await new Client().post("/api/auth/password-reset", { email });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
    const outbox = await admin.get("/api/dev/outbox");
    expect(outbox.json.emails.some((e: { to: string }) => e.to === email)).toBe(false);
  });
});
