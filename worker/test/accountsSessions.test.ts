// Sessions: ending one ends its sockets; one-time reset links; the session cookie's name;
// password hashes brought to today's parameters at sign-in.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { users } from "../src/db/schema";
import { issueActionToken, RESET_TTL_MS } from "../src/lib/accountTokens";
import { newId, toBase64Url } from "../src/lib/crypto";
import {
  agentSocket,
  Client,
  createInterface,
  createUser,
  createWorkspace,
  linkFromOutbox,
  openSocket,
  PASSWORD,
  signedIn,
  visitorSession,
  type TestSocket,
} from "./helpers";

/** Resolves with the socket's close code and reason, or fails when it stays open past `ms`. */
function closesWithin(socket: TestSocket, ms: number): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
    socket.ws.addEventListener("close", (event) => {
      clearTimeout(timer);
      resolve({ code: event.code, reason: event.reason });
    });
  });
}

async function lobbySocket(client: Client) {
  const socket = await openSocket("/ws/lobby", { Cookie: client.cookie });
  await socket.next((f) => f.type === "snapshot");
  return socket;
}

const SESSION_ENDED = { code: 4001, reason: "session_ended" };

describe("ending a session ends its sockets", () => {
  it("logging out closes that session's lobby and conversation sockets with 4001 within a second, and leaves the agent's other session open", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const { user, client } = await signedIn(ws.id, "agent");
    const otherTab = new Client();
    expect((await otherTab.login(user.email)).status).toBe(200);
    const visitor = await visitorSession(iface.id);

    const lobby = await lobbySocket(client);
    const conversation = await agentSocket(client, visitor.conversationId);
    const otherLobby = await lobbySocket(otherTab);
    const otherConversation = await agentSocket(otherTab, visitor.conversationId);
    const closes = [closesWithin(lobby, 1000), closesWithin(conversation, 1000)];
    let otherClosed = false;
    for (const s of [otherLobby, otherConversation]) s.ws.addEventListener("close", () => (otherClosed = true));

    expect((await client.post("/api/auth/logout")).status).toBe(200);
    expect(await Promise.all(closes)).toEqual([SESSION_ENDED, SESSION_ENDED]);
    expect(otherClosed).toBe(false);
    expect((await otherTab.get("/api/me")).status).toBe(200);
  });

  it("a password reset closes every socket of the user, in every session", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const { client: admin } = await signedIn(ws.id, "admin");
    const { user, client: first } = await signedIn(ws.id, "agent");
    const second = new Client();
    await second.login(user.email);
    const visitor = await visitorSession(iface.id);
    const sockets = [await lobbySocket(first), await lobbySocket(second), await agentSocket(first, visitor.conversationId), await agentSocket(second, visitor.conversationId)];
    const closes = sockets.map((s) => closesWithin(s, 1000));

    await new Client().post("/api/auth/password-reset", { email: user.email });
    const { token } = await linkFromOutbox(admin, user.email, "/app/reset/");
    expect((await new Client().post("/api/auth/password-reset/confirm", { token, password: "a brand new password" })).status).toBe(200);
    expect(await Promise.all(closes)).toEqual(sockets.map(() => SESSION_ENDED));
  });

  it("removing a member closes the lobby and conversation sockets they had open", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const { client: admin } = await signedIn(ws.id, "admin");
    const { user, client: agent } = await signedIn(ws.id, "agent");
    const visitor = await visitorSession(iface.id);
    const sockets = [await lobbySocket(agent), await agentSocket(agent, visitor.conversationId)];
    const closes = sockets.map((s) => closesWithin(s, 1000));

    expect((await admin.delete(`/api/users/${user.id}`)).status).toBe(200);
    expect(await Promise.all(closes)).toEqual([SESSION_ENDED, SESSION_ENDED]);
  });
});

describe("reset links", () => {
  it("using a reset link cancels the user's other reset links", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const db = getDb(env.DB);
    const issue = () => issueActionToken(db, { kind: "reset", workspaceId: ws.id, email: user.email, userId: user.id, ttlMs: RESET_TTL_MS });
    const older = await issue();
    const newer = await issue();
    expect((await new Client().post("/api/auth/password-reset/confirm", { token: newer.token, password: "first new password" })).status).toBe(200);
    const stale = await new Client().post("/api/auth/password-reset/confirm", { token: older.token, password: "second new password" });
    expect(stale.status).toBe(400);
    expect(stale.json.error.code).toBe("invalid_token");
    expect((await new Client().login(user.email, "first new password")).status).toBe(200);
  });
});

describe("the session cookie", () => {
  const login = (origin: string, email: string) =>
    exports.default.fetch(`${origin}/api/auth/login`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "application/json", "CF-Connecting-IP": newId() },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
  const me = (origin: string, cookie: string) => exports.default.fetch(`${origin}/api/me`, { headers: { Cookie: cookie } });

  it("over https the session cookie is __Host-raibu_session, Secure, Path=/ and without Domain, and a bare raibu_session is not read there", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const res = await login("https://raibu.example", user.email);
    expect(res.status).toBe(200);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^__Host-raibu_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).not.toMatch(/Domain=/i);
    const token = cookie.split(";")[0]!.split("=")[1]!;
    expect((await me("https://raibu.example", `__Host-raibu_session=${token}`)).status).toBe(200);
    expect((await me("https://raibu.example", `raibu_session=${token}`)).status).toBe(401);

    const logout = await exports.default.fetch("https://raibu.example/api/auth/logout", {
      method: "POST",
      headers: { Origin: "https://raibu.example", Cookie: `__Host-raibu_session=${token}` },
    });
    expect(logout.headers.get("Set-Cookie")).toMatch(/^__Host-raibu_session=;.*Max-Age=0/);
  });

  it("over plain http (a local run) the cookie keeps the bare name raibu_session", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const res = await login("http://localhost", user.email);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^raibu_session=/);
    expect(cookie).not.toContain("Secure");
    const token = cookie.split(";")[0]!.split("=")[1]!;
    expect((await me("http://localhost", `raibu_session=${token}`)).status).toBe(200);
  });
});

/** A hash in the stored format, made with other parameters than today's. */
async function hashWith(password: string, iterations: number, saltBytes: number) {
  const salt = crypto.getRandomValues(new Uint8Array(saltBytes));
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return ["pbkdf2-sha256", iterations, toBase64Url(salt), toBase64Url(new Uint8Array(bits))].join("$");
}

describe("password hashes", () => {
  it("a password hashed with other parameters is rehashed at sign-in with 100,000 iterations and a fresh salt, and still signs in", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const db = getDb(env.DB);
    const old = await hashWith(PASSWORD, 10_000, 8);
    await db.update(users).set({ passwordHash: old }).where(eq(users.id, user.id));

    expect((await new Client().login(user.email)).status).toBe(200);
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).not.toBe(old);
    expect(row!.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect((await new Client().login(user.email)).status).toBe(200);
  });

  it("a hash made with today's parameters is left as it is at sign-in", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const db = getDb(env.DB);
    const [before] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect((await new Client().login(user.email)).status).toBe(200);
    const [after] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(after!.passwordHash).toBe(before!.passwordHash);
  });
});
