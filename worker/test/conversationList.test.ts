// The agents' conversation list: its order, and that it reads the workspace's conversations in that
// order from an index instead of sorting all of them (46,000 conversations took 160 ms sorted).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { conversations } from "../src/db/schema";
import { conversationListQuery } from "../src/routes/conversations";
import { createInterface, createWorkspace, signedIn, unique, visitorSession } from "./helpers";

describe("the conversation list", () => {
  it("reads the workspace's conversations in activity order through its index, never sorting them all", async () => {
    const built = conversationListQuery(getDb(env.DB), { id: "u", workspaceId: "w" }, { limit: 50 }).toSQL();
    const res = await env.DB.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).bind(...built.params).all<{ detail: string }>();
    const plan = res.results.map((r) => r.detail).join("\n");
    expect(plan).toContain("conversations_workspace_activity");
    expect(plan).not.toContain("TEMP B-TREE");
  });

  it("lists the latest activity first, a conversation without messages by when it started", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id);
    const db = getDb(env.DB);
    const rows = [
      // Far in the future, so the conversations the visitors' sessions opened come after these.
      { started: 4e12, last: 4e12 + 5_000 },
      { started: 4e12 + 4_000, last: null },
      { started: 4e12 + 2_000, last: 4e12 + 3_000 },
    ];
    const ids: string[] = [];
    for (const row of rows) {
      const session = await visitorSession(iface.id);
      const id = unique("c");
      ids.push(id);
      await db.insert(conversations).values({ id, workspaceId: ws.id, interfaceId: iface.id, visitorId: session.visitorId, status: "bot", createdAt: row.started, lastMessageAt: row.last });
    }
    const res = await agent.client.get("/api/conversations");
    const mine = res.json.conversations.map((c: { id: string }) => c.id).filter((id: string) => ids.includes(id));
    expect(mine).toEqual([ids[0], ids[1], ids[2]]);
  });
});
