// One socket must not be able to bring the runtime down: flood control per socket, the
// bounded outbox (one D1 copy at a time, page reports coalesced) and the message cap.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_CONVERSATION_MESSAGES } from "@raibu/protocol/limits";
import { copyToD1, indexSpans } from "../src/conversation/d1Copy";
import { MessageLog } from "../src/conversation/MessageLog";
import { FRAME_RATES } from "../src/lib/frameLimits";
import { agentSocket, conversationObject as stub, conversationSetup as setup, createInterface, messageId, type TestSocket, visitorSession, visitorSocket } from "./helpers";

/** Lifts the flood control of the object's next sockets, to see what the rest of it does under a flood. */
async function liftFrameLimits(conversationId: string) {
  const open = { perSecond: 1e9, burst: 1e9 };
  const all = Object.fromEntries(Object.keys(FRAME_RATES.visitor).map((k) => [k, open]));
  await runInDurableObject(stub(conversationId), (instance) => {
    (instance as unknown as { frameRates: unknown }).frameRates = { visitor: all, agent: all };
  });
}

interface OutboxProbe {
  d1InFlight: number;
  d1MaxInFlight: number;
  d1Batches: number;
  stateWrites: number;
}

/** Counts the object's D1 batches (and how many run at once) and its state writes. */
async function probeOutbox(conversationId: string): Promise<OutboxProbe> {
  const probe: OutboxProbe = { d1InFlight: 0, d1MaxInFlight: 0, d1Batches: 0, stateWrites: 0 };
  await runInDurableObject(stub(conversationId), (instance) => {
    const o = instance as unknown as { env: typeof env; saveState: () => void };
    const db = env.DB;
    const counted = new Proxy(db, {
      get(target, prop) {
        if (prop === "batch") {
          return async (statements: D1PreparedStatement[]) => {
            probe.d1Batches += 1;
            probe.d1MaxInFlight = Math.max(probe.d1MaxInFlight, ++probe.d1InFlight);
            try {
              return await target.batch(statements);
            } finally {
              probe.d1InFlight -= 1;
            }
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    o.env = { ...env, DB: counted };
    const save = o.saveState.bind(o);
    o.saveState = () => {
      probe.stateWrites += 1;
      save();
    };
  });
  return probe;
}

function closeOf(socket: TestSocket): Promise<CloseEvent> {
  return new Promise((resolve) => socket.ws.addEventListener("close", resolve));
}

const page = (n: number) => ({ type: "page", page: { url: `https://customer.example/p/${n}`, title: `Page ${n}`, referrer: "" } });

describe("a flood on one socket", () => {
  it("1,000 messages of 3 KB with a page report after each: one D1 copy in flight at most, a handful of state writes, every message stored once, and the object and the API still answer", async () => {
    const { agent, session } = await setup();
    await liftFrameLimits(session.conversationId);
    const probe = await probeOutbox(session.conversationId);
    const visitor = await visitorSocket(session);
    const ids = Array.from({ length: 1000 }, () => messageId());
    for (const [i, id] of ids.entries()) {
      visitor.send({ type: "message", id, text: `${i} ${"x".repeat(3000)}` });
      visitor.send(page(i));
    }
    await visitor.next((f) => f.type === "ack" && f.id === ids.at(-1), 60_000);
    expect(new Set(visitor.frames.filter((f) => f.type === "ack").map((f) => f.id)).size).toBe(1000);

    const stored = await runInDurableObject(stub(session.conversationId), (_i, state) =>
      state.storage.sql.exec<{ id: string; n: number }>(`SELECT id, COUNT(*) AS n FROM messages WHERE author_kind = 'visitor' GROUP BY id`).toArray(),
    );
    expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(stored.every((r) => r.n === 1)).toBe(true);
    expect(probe.d1MaxInFlight).toBeLessThanOrEqual(1);
    // Without coalescing each page report wrote the state and started a D1 copy: 1,000 of each.
    expect(probe.stateWrites).toBeLessThan(50);
    expect(probe.d1Batches).toBeLessThan(50);

    expect(await stub(session.conversationId).getView()).toMatchObject({ status: "bot" });
    const listed = await agent.client.get("/api/conversations");
    expect(listed.status).toBe(200);
    const another = await visitorSocket(await visitorSession((await createInterface(agent.user.workspaceId)).id));
    const id = messageId();
    another.send({ type: "message", id, text: "still served" });
    await another.next((f) => f.type === "ack" && f.id === id);
  }, 90_000);

  it("a burst of page reports costs one state write at once and one at the end of the window, no D1 copy, and the agents see each page", async () => {
    const { agent, session } = await setup();
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const watcher = await agentSocket(agent.client, session.conversationId);
    const visitor = await visitorSocket(session);
    const probe = await probeOutbox(session.conversationId);
    for (let i = 0; i < 8; i++) visitor.send(page(i));
    await watcher.next((f) => f.type === "page" && f.page.url.endsWith("/p/7"));
    expect(watcher.frames.filter((f) => f.type === "page").map((f) => f.page.title)).toEqual(["Page 0", "Page 1", "Page 2", "Page 3", "Page 4", "Page 5", "Page 6", "Page 7"]);
    expect(probe.stateWrites).toBe(1);
    expect((await stub(session.conversationId).getView())?.page?.url).toBe("https://customer.example/p/0");
    // The newest page is stored when the window ends, a few seconds later.
    await expect.poll(async () => (await stub(session.conversationId).getView())?.page?.url, { timeout: 6000, interval: 200 }).toBe("https://customer.example/p/7");
    expect(probe.stateWrites).toBe(2);
    expect(probe.d1Batches).toBe(0);
  }, 15_000);
});

describe("flood control", () => {
  it("a visitor socket over its message rate gets rate_limited with retryAfterMs, and one that keeps going is closed with 1008", async () => {
    const { session } = await setup();
    const visitor = await visitorSocket(session);
    const closed = closeOf(visitor);
    const burst = FRAME_RATES.visitor.message.burst;
    // Fifteen over the burst: more than the bucket refills while they are handled, fewer than the refusals that close.
    const ids = Array.from({ length: burst + 15 }, () => messageId());
    for (const id of ids) visitor.send({ type: "message", id, text: "hello" });
    await visitor.next((f) => f.type === "ack" && f.id === ids[burst - 1]);
    const refused = await visitor.next((f) => f.type === "error" && f.code === "rate_limited");
    expect(ids.slice(burst)).toContain(refused.id);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
    const count = await runInDurableObject(stub(session.conversationId), (_i, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE author_kind = 'visitor'`).one().n);
    expect(count).toBeLessThan(ids.length);
    for (let i = 0; i < 200; i++) visitor.send({ type: "message", id: messageId(), text: "and more" });
    expect((await closed).code).toBe(1008);
    // Frames still on their way when it closed are dropped, not served by fresh buckets.
    const after = await runInDurableObject(stub(session.conversationId), (_i, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE author_kind = 'visitor'`).one().n);
    expect(after).toBeLessThanOrEqual(burst + 2);
  });

  it("typing, page, read and resume frames each have a bucket: over one, the socket is told so and its messages still pass", async () => {
    const { session } = await setup();
    const frames = {
      typing: { type: "typing", typing: true },
      page: page(1),
      read: { type: "read", seq: 1 },
      resume: { type: "resume", afterSeq: 0 },
    } as const;
    for (const [kind, frame] of Object.entries(frames)) {
      const visitor = await visitorSocket(session);
      for (let i = 0; i < FRAME_RATES.visitor[kind as keyof typeof frames].burst + 15; i++) visitor.send(frame);
      await visitor.next((f) => f.type === "error" && f.code === "rate_limited");
      const id = messageId();
      visitor.send({ type: "message", id, text: `after ${kind}` });
      await visitor.next((f) => f.type === "ack" && f.id === id);
      visitor.close();
    }
  });

  it("an agent socket is limited too, more generously than a visitor's", async () => {
    const { agent, session } = await setup();
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const socket = await agentSocket(agent.client, session.conversationId);
    const burst = FRAME_RATES.agent.message.burst;
    expect(burst).toBeGreaterThan(FRAME_RATES.visitor.message.burst);
    const ids = Array.from({ length: burst + 60 }, () => messageId());
    for (const id of ids) socket.send({ type: "message", id, text: "canned reply" });
    await socket.next((f) => f.type === "ack" && f.id === ids[burst - 1], 10_000);
    expect(ids.slice(burst)).toContain((await socket.next((f) => f.type === "error" && f.code === "rate_limited", 10_000)).id);
  });

  it(`a conversation holds at most ${MAX_CONVERSATION_MESSAGES.toLocaleString("en")} messages, then refuses the next with conversation_full`, async () => {
    const { session } = await setup();
    await runInDurableObject(stub(session.conversationId), (_i, state) => {
      state.storage.transactionSync(() => {
        for (let i = 0; i < MAX_CONVERSATION_MESSAGES; i++) {
          state.storage.sql.exec(`INSERT INTO messages (id, author_kind, text, created_at) VALUES (?, 'visitor', 'filler', ?)`, `filler-${i}`, Date.now());
        }
      });
    });
    await evictDurableObject(stub(session.conversationId));
    const visitor = await visitorSocket(session);
    const id = messageId();
    visitor.send({ type: "message", id, text: "one more" });
    const error = await visitor.next((f) => f.type === "error" && f.id === id);
    expect(error.code).toBe("conversation_full");
    expect(await runInDurableObject(stub(session.conversationId), (_i, state) => state.storage.sql.exec(`SELECT COUNT(*) AS n FROM messages WHERE id = ?`, id).one().n)).toBe(0);
  });
});

describe("the copy to D1", () => {
  it("every message reaches the search index, however many arrive between two copies", async () => {
    const { agent, session } = await setup();
    await liftFrameLimits(session.conversationId);
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const socket = await agentSocket(agent.client, session.conversationId);
    const ids = Array.from({ length: 450 }, () => messageId());
    for (const [i, id] of ids.entries()) socket.send({ type: "message", id, text: `answer number ${i}` });
    await socket.next((f) => f.type === "ack" && f.id === ids.at(-1), 20_000);
    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as { state: { d1SyncedAt: number } }).state.d1SyncedAt = 0;
    });
    await runDurableObjectAlarm(stub(session.conversationId));
    // The index keeps spans of consecutive messages, one text a line: each of the 450 is there once, in order.
    const spans = await env.DB.prepare(`SELECT text FROM message_index WHERE conversation_id = ? ORDER BY seq`).bind(session.conversationId).all<{ text: string }>();
    const lines = spans.results.flatMap((r) => r.text.split("\n")).filter((line) => line.startsWith("answer number "));
    expect(lines).toEqual(ids.map((_, i) => `answer number ${i}`));
  }, 30_000);

  it("a page of the longest messages reaches the search index in spans of at most 600,000 characters (under D1's 2 MB a value at 3 bytes each), every text once and in order, each span keyed by its first seq", () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ seq: i + 1, author_kind: "visitor" as const, text: `${i} ${"é".repeat(3990)}`, attachment: null, created_at: 1_700_000_000_000 + i }));
    const spans = indexSpans(rows);
    expect(spans.length).toBeGreaterThan(1);
    for (const span of spans) expect(span.text.length).toBeLessThanOrEqual(600_000);
    expect(spans.flatMap((span) => span.text.split("\n"))).toEqual(rows.map((r) => r.text));
    expect(spans[0]).toMatchObject({ seq: 1 });
    expect(spans[1].seq).toBe(Number(spans[1].text.split(" ")[0]) + 1);
    expect(spans.at(-1)?.createdAt).toBe(rows.at(-1)?.created_at);
  });

  it("the index holds what people wrote: bot and system messages and empty texts (a file alone) are left out", () => {
    const row = (seq: number, author_kind: "visitor" | "agent" | "bot" | "system", text: string) => ({ seq, author_kind, text, attachment: null, created_at: seq });
    const spans = indexSpans([row(1, "bot", "Hello!"), row(2, "visitor", "Do you ship?"), row(3, "system", "Ana has taken over"), row(4, "agent", ""), row(5, "agent", "We do.")]);
    expect(spans).toEqual([{ seq: 2, text: "Do you ship?\nWe do.", createdAt: 5 }]);
  });

  it("a copy that landed but whose mark was lost is sent again as one span grown to what the new copy holds, never as a second row", async () => {
    const conversationId = `span-${crypto.randomUUID()}`;
    const copy = (upToSeq: number) => ({ conversationId, workspaceId: "ws-span", visitorId: "v", version: upToSeq, summary: { status: "bot" as const }, fields: null, indexedSeq: 0, upToSeq });
    await runInDurableObject(stub(conversationId), async (_i, state) => {
      const log = new MessageLog(state.storage.sql, () => visitor);
      const visitor = { kind: "visitor" as const, id: "v", name: "Visitor" };
      for (const text of ["one", "two", "three"]) log.append(`msg-${text}-aaaa`, visitor, text, null, null);
      await copyToD1(env.DB, log, copy(3), () => undefined);
      for (const text of ["four", "five"]) log.append(`msg-${text}-aaaa`, visitor, text, null, null);
      await copyToD1(env.DB, log, copy(5), () => undefined);
    });
    const rows = await env.DB.prepare(`SELECT seq, text FROM message_index WHERE conversation_id = ?`).bind(conversationId).all();
    expect(rows.results).toEqual([{ seq: 1, text: "one\ntwo\nthree\nfour\nfive" }]);
  });
});
