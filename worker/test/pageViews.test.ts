// A page view records the visitor and costs no conversation: the conversation, its Durable
// Object and its D1 row start when the visitor opens the chat.
import { env } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Client, createInterface, createWorkspace, pageView } from "./helpers";

const conversationsOf = (visitorId: string) =>
  env.DB.prepare("SELECT id FROM conversations WHERE visitor_id = ?").bind(visitorId).all<{ id: string }>().then((r) => r.results);

describe("a page view", () => {
  it("three page views of a new visitor create no conversation and no Durable Object; opening the chat creates one", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const objectsBefore = (await listDurableObjectIds(env.CONVERSATIONS)).length;

    const client = new Client();
    const first = await pageView(iface.id, undefined, client);
    const second = await pageView(iface.id, first.visitorToken, client);
    const third = await pageView(iface.id, second.visitorToken, client);

    expect(first.conversationId).toBeNull();
    expect(third.conversationId).toBeNull();
    expect(new Set([first.visitorId, second.visitorId, third.visitorId]).size).toBe(1);
    expect(await conversationsOf(first.visitorId)).toEqual([]);
    expect((await listDurableObjectIds(env.CONVERSATIONS)).length).toBe(objectsBefore);
    const visitor = await env.DB.prepare("SELECT first_seen_at AS firstSeen, last_seen_at AS lastSeen FROM visitors WHERE id = ?")
      .bind(first.visitorId)
      .first<{ firstSeen: number; lastSeen: number }>();
    expect(visitor!.lastSeen).toBeGreaterThanOrEqual(visitor!.firstSeen);

    // The visitor opens the chat: the widget asks for the conversation, and the bot greets.
    const opened = await client.request("POST", "/api/widget/conversations", {}, { authorization: `Bearer ${third.visitorToken}` });
    expect(opened.status).toBe(200);
    expect((await conversationsOf(first.visitorId)).map((r) => r.id)).toEqual([opened.json.conversationId]);
    expect((await listDurableObjectIds(env.CONVERSATIONS)).length).toBe(objectsBefore + 1);

    // The next page view brings that conversation back rather than starting another.
    const fourth = await pageView(iface.id, third.visitorToken, client);
    expect(fourth.conversationId).toBe(opened.json.conversationId);
    expect(await conversationsOf(first.visitorId)).toHaveLength(1);
  });
});
