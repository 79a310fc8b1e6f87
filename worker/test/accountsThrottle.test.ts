// Password spraying and account probing: sign-ins slowed per account and per address, reset
// requests and invitations that answer alike whatever accounts exist.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { actionTokens, emails, loginThrottle } from "../src/db/schema";
import worker from "../src/index";
import { ACCOUNT_RULE, ADDRESS_RULE, FORGET_AFTER_MS } from "../src/lib/loginThrottle";
import { Client, createUser, createWorkspace, ORIGIN, signedIn, unique } from "./helpers";

const wrongPassword = "not the password";

describe("sign-in back-off per account", () => {
  it("after five wrong passwords on one account, from five addresses, the next attempt is refused with 429 even with the right password, and says how long to wait", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    for (let i = 0; i < ACCOUNT_RULE.free; i++) expect((await new Client().login(user.email, wrongPassword)).status).toBe(401);
    const res = await new Client().login(user.email);
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("rate_limited");
    expect(res.json.error.retryAfterMs).toBeGreaterThan(25_000);
    expect(res.json.error.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(Number(res.headers.get("Retry-After"))).toBe(res.json.error.retryAfterMs / 1000);
  });

  it("an email without an account is locked the same way, so a lock tells nothing about who has an account", async () => {
    const email = `${unique("ghost")}@example.test`;
    for (let i = 0; i < ACCOUNT_RULE.free; i++) expect((await new Client().login(email, wrongPassword)).status).toBe(401);
    const res = await new Client().login(email, wrongPassword);
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("rate_limited");
  });

  it("a right password clears the account's count: four mistakes, a sign-in, four more mistakes and the right password still signs in", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    for (let i = 0; i < ACCOUNT_RULE.free - 1; i++) expect((await new Client().login(user.email, wrongPassword)).status).toBe(401);
    expect((await new Client().login(user.email)).status).toBe(200);
    for (let i = 0; i < ACCOUNT_RULE.free - 1; i++) expect((await new Client().login(user.email, wrongPassword)).status).toBe(401);
    expect((await new Client().login(user.email)).status).toBe(200);
  });

  it("ten wrong passwords sent at once on one account get only five checked; the others are refused with 429", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => new Client().login(user.email, wrongPassword)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(ACCOUNT_RULE.free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10 - ACCOUNT_RULE.free);
  });
});

describe("sign-in back-off per address", () => {
  it("after twenty failed sign-ins from one address across twenty accounts, that address is refused even for a right password, and another address is not", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const sprayer = new Client(unique("ip"));
    for (let i = 0; i < ADDRESS_RULE.free; i++) {
      expect((await sprayer.login(`${unique("victim")}@example.test`, "Summer2026!")).status).toBe(401);
    }
    const res = await sprayer.login(user.email);
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("rate_limited");
    expect((await new Client().login(user.email)).status).toBe(200);
  });

  it("signing in with one's own account between guesses does not wipe the address's count", async () => {
    const ws = await createWorkspace();
    const own = await createUser(ws.id);
    const sprayer = new Client(unique("ip"));
    for (let i = 0; i < ADDRESS_RULE.free - 1; i++) {
      expect((await sprayer.login(`${unique("victim")}@example.test`, "Summer2026!")).status).toBe(401);
    }
    expect((await sprayer.login(own.email)).status).toBe(200);
    expect((await sprayer.login(`${unique("victim")}@example.test`, "Summer2026!")).status).toBe(401);
    expect((await sprayer.login(`${unique("victim")}@example.test`, "Summer2026!")).status).toBe(429);
  });
});

describe("the count's clean-up", () => {
  it("the hourly cron forgets counts nobody has added to for an hour, and keeps recent ones and running locks", async () => {
    const now = Date.now();
    const stale = { key: `account:${unique("stale")}`, failures: 3, lastFailureAt: now - FORGET_AFTER_MS - 1, lockedUntil: 0 };
    const recent = { key: `account:${unique("recent")}`, failures: 3, lastFailureAt: now - 60_000, lockedUntil: 0 };
    const locked = { key: `account:${unique("locked")}`, failures: 20, lastFailureAt: now - FORGET_AFTER_MS - 1, lockedUntil: now + 60_000 };
    const db = getDb(env.DB);
    await db.insert(loginThrottle).values([stale, recent, locked]);
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 * * * *" }), env);
    const left = await db.select({ key: loginThrottle.key }).from(loginThrottle).where(inArray(loginThrottle.key, [stale.key, recent.key, locked.key]));
    expect(left.map((r) => r.key).sort()).toEqual([recent.key, locked.key].sort());
  });
});

/** Calls the Worker with an execution context that only collects what is left to waitUntil. */
async function fetchCollectingBackground(path: string, body: unknown, ip: string) {
  const background: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void background.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const req = new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify(body),
  });
  const res = await worker.fetch(req, env, ctx);
  return { status: res.status, text: await res.text(), background };
}

describe("password-reset requests", () => {
  it("a reset request answers the same for a known and an unknown email, and finds the account only after answering, through waitUntil", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id);
    const known = await fetchCollectingBackground("/api/auth/password-reset", { email: user.email }, unique("ip"));
    const unknown = await fetchCollectingBackground("/api/auth/password-reset", { email: `${unique("ghost")}@example.test` }, unique("ip"));
    expect(known.status).toBe(200);
    expect(unknown).toMatchObject({ status: known.status, text: known.text });
    expect(known.background).toHaveLength(1);
    expect(unknown.background).toHaveLength(1);

    await Promise.all(known.background);
    const links = await getDb(env.DB).select().from(actionTokens).where(eq(actionTokens.userId, user.id));
    expect(links.map((l) => l.kind)).toEqual(["reset"]);
    expect(await getDb(env.DB).select().from(emails).where(eq(emails.to, user.email))).toHaveLength(1);
  });

  it("the eleventh reset request within a minute from one address is refused with 429, whatever the emails", async () => {
    const client = new Client(unique("ip"));
    for (let i = 0; i < 10; i++) expect((await client.post("/api/auth/password-reset", { email: `${unique("r")}@example.test` })).status).toBe(200);
    const res = await client.post("/api/auth/password-reset", { email: `${unique("r")}@example.test` });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("rate_limited");
  });
});

describe("invitations and accounts of other workspaces", () => {
  it("inviting an address that has an account in another workspace answers like a fresh address, and its email holds no link", async () => {
    const ws = await createWorkspace("Acme");
    const other = await createWorkspace();
    const elsewhere = await createUser(other.id);
    const { client: admin } = await signedIn(ws.id, "admin");
    const fresh = await admin.post("/api/users/invites", { email: `${unique("fresh")}@example.test` });
    const taken = await admin.post("/api/users/invites", { email: elsewhere.email });
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.json).sort()).toEqual(Object.keys(fresh.json).sort());
    expect(taken.json).toMatchObject({ email: elsewhere.email, role: "agent" });
    expect((await admin.get("/api/users/invites")).json.invites.map((i: { email: string }) => i.email)).toContain(elsewhere.email);

    const [sent] = await getDb(env.DB).select().from(emails).where(eq(emails.to, elsewhere.email));
    expect(sent!.subject).toContain("Acme");
    expect(sent!.text).toContain("already has a Raibu account in another workspace");
    expect(sent!.text).not.toContain("/app/invite/");
    expect(sent!.html).not.toContain("/app/invite/");
  });
});
