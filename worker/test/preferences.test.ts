// The agent's own console preferences: read with defaults, replaced whole, validated, never anyone else's.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { users } from "../src/db/schema";
import { Client, createWorkspace, signedIn } from "./helpers";

const ALL_ON = { sounds: { request: true, message: true, transfer: true } };

describe("the agent's preferences", () => {
  it("an agent who never saved any reads every sound on", async () => {
    const { client } = await signedIn((await createWorkspace()).id);
    const res = await client.get("/api/me/preferences");
    expect(res.status).toBe(200);
    expect(res.json).toEqual(ALL_ON);
  });

  it("saved preferences are read back and kept per agent: a colleague's stay their own", async () => {
    const ws = await createWorkspace();
    const ana = await signedIn(ws.id);
    const ben = await signedIn(ws.id);
    const quiet = { sounds: { request: true, message: false, transfer: false } };
    const put = await ana.client.put("/api/me/preferences", quiet);
    expect(put.status).toBe(200);
    expect(put.json).toEqual(quiet);
    expect((await ana.client.get("/api/me/preferences")).json).toEqual(quiet);
    expect((await ben.client.get("/api/me/preferences")).json).toEqual(ALL_ON);
    const [row] = await getDb(env.DB).select({ preferences: users.preferences }).from(users).where(eq(users.id, ana.user.id));
    expect(row!.preferences).toEqual(quiet);
  });

  it("a body with a missing kind, a wrong type or an unknown field is refused with 400 and changes nothing", async () => {
    const { client } = await signedIn((await createWorkspace()).id);
    for (const body of [{ sounds: { request: false } }, { sounds: { request: "no", message: true, transfer: true } }, { ...ALL_ON, userId: "someone-else" }]) {
      const res = await client.put("/api/me/preferences", body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBeTypeOf("string");
    }
    expect((await client.get("/api/me/preferences")).json).toEqual(ALL_ON);
  });

  it("a kind saved by an older console is read with its default beside it", async () => {
    const { user, client } = await signedIn((await createWorkspace()).id);
    await getDb(env.DB).update(users).set({ preferences: { sounds: { message: false } } }).where(eq(users.id, user.id));
    expect((await client.get("/api/me/preferences")).json).toEqual({ sounds: { request: true, message: false, transfer: true } });
  });

  it("without a session both answer 401", async () => {
    const anonymous = new Client();
    expect((await anonymous.get("/api/me/preferences")).status).toBe(401);
    expect((await anonymous.put("/api/me/preferences", ALL_ON)).status).toBe(401);
  });
});
