// The agents' offline inbox through the real Worker: the list (order, filters, days in the
// workspace's time zone, words, cursor pages, and the plans that keep them fast), a thread with its
// deliveries, star / read / close, replies and Retry, the unread count, who may see what, and the
// lobby frames that keep every console current.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { emails, offlineMessages, offlineThreads, workspaces } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { ftsQuery, listQuery, type SearchPlan } from "../src/offline/inbox";
import { appendVisitorAnswer, findThread, findThreadByReplyKey, newReplyKey } from "../src/offline/threads";
import { Client, createInterface, createWorkspace, openSocket, signedIn, unique } from "./helpers";

const db = () => getDb(env.DB);
const T0 = Date.UTC(2026, 0, 10, 12, 0);

interface Seed {
  interfaceId: string;
  name?: string;
  email?: string;
  at?: number;
  starred?: boolean;
  unread?: boolean;
  status?: "open" | "closed";
  text?: string;
  id?: string;
}

/** Threads written straight into D1 (the triggers index them for search), each with its first message. */
async function seed(workspaceId: string, rows: Seed[]) {
  const threads = rows.map((r, i) => ({
    id: r.id ?? newId(),
    workspaceId,
    interfaceId: r.interfaceId,
    name: r.name ?? `Visitor ${i}`,
    email: r.email ?? `visitor${i}@example.test`,
    lang: "en" as const,
    status: r.status ?? "open",
    starred: r.starred ?? false,
    unread: r.unread ?? true,
    preview: r.text ?? `Message ${i}`,
    messageCount: 1,
    lastMessageAt: r.at ?? T0 - i * 60_000,
    replyKey: newReplyKey(),
    createdAt: r.at ?? T0 - i * 60_000,
  }));
  const statements = [];
  for (let i = 0; i < threads.length; i += 5) statements.push(db().insert(offlineThreads).values(threads.slice(i, i + 5)));
  const messages = threads.map((t) => ({ id: newId(), workspaceId, threadId: t.id, author: "visitor" as const, text: t.preview, via: "form" as const, dedupeKey: unique("form"), createdAt: t.createdAt }));
  for (let i = 0; i < messages.length; i += 10) statements.push(db().insert(offlineMessages).values(messages.slice(i, i + 10)));
  await db().batch(statements as [(typeof statements)[number], ...typeof statements]);
  return threads;
}

async function inbox() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id);
  const agent = await signedIn(ws.id, "agent");
  return { ws, iface, agent };
}

const ids = (page: { threads: { id: string }[] }) => page.threads.map((t) => t.id);

/** Every page of a query, following nextCursor. */
async function allPages(client: Client, query: string) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await client.get(`/api/offline/threads?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status).toBe(200);
    seen.push(...ids(res.json));
    cursor = res.json.nextCursor;
    pages += 1;
  } while (cursor);
  return { seen, pages };
}

describe("the list", () => {
  it("lists the workspace's threads newest first, 50 a page, and the cursor walks every thread once, ties on the same moment included", async () => {
    const { ws, iface, agent } = await inbox();
    const rows = await seed(ws.id, Array.from({ length: 120 }, (_, i) => ({ interfaceId: iface.id, at: T0 - Math.floor(i / 3) * 1000 })));
    const first = await agent.client.get("/api/offline/threads");
    expect(first.json.threads).toHaveLength(50);
    expect(first.json.threads[0]).toMatchObject({ interfaceId: iface.id, interfaceName: expect.stringContaining("Site"), lastAuthor: "visitor", unread: true, messageCount: 1 });
    const { seen, pages } = await allPages(agent.client, "");
    expect(pages).toBe(3);
    const expected = [...rows].sort((a, b) => b.lastMessageAt - a.lastMessageAt || (a.id < b.id ? 1 : -1)).map((r) => r.id);
    expect(seen).toEqual(expected);
  });

  it("filters by star, unread, status and interface, each alone and together", async () => {
    const { ws, iface, agent } = await inbox();
    const other = await createInterface(ws.id);
    const [starred, read, closed, elsewhere, all] = await seed(ws.id, [
      { interfaceId: iface.id, starred: true, unread: false },
      { interfaceId: iface.id, unread: false },
      { interfaceId: iface.id, status: "closed" },
      { interfaceId: other.id, starred: true },
      { interfaceId: iface.id },
    ]);
    const list = async (q: string) => ids((await agent.client.get(`/api/offline/threads?${q}`)).json);
    expect(await list("starred=1")).toEqual([starred!.id, elsewhere!.id]);
    expect(await list("unread=1")).toEqual([closed!.id, elsewhere!.id, all!.id]);
    expect(await list("status=closed")).toEqual([closed!.id]);
    expect(await list("status=open")).toEqual([starred!.id, read!.id, elsewhere!.id, all!.id]);
    expect(await list(`interfaceId=${other.id}`)).toEqual([elsewhere!.id]);
    expect(await list(`starred=1&unread=1&interfaceId=${other.id}&status=open`)).toEqual([elsewhere!.id]);
    expect(await list("starred=0&unread=0")).toHaveLength(5);
  });

  it("filters by inclusive days of the last message in the workspace's time zone", async () => {
    const { ws, iface, agent } = await inbox();
    await db().update(workspaces).set({ timeZone: "Europe/Paris" }).where(eq(workspaces.id, ws.id));
    const [lateJan1Utc, jan2Paris, jan3Paris] = await seed(ws.id, [
      // 22:30 UTC on 1 January is 23:30 in Paris: still the 1st there.
      { interfaceId: iface.id, at: Date.UTC(2026, 0, 1, 22, 30) },
      // 23:30 UTC on 1 January is 00:30 on the 2nd in Paris.
      { interfaceId: iface.id, at: Date.UTC(2026, 0, 1, 23, 30) },
      { interfaceId: iface.id, at: Date.UTC(2026, 0, 3, 22, 59) },
    ]);
    const list = async (q: string) => ids((await agent.client.get(`/api/offline/threads?${q}`)).json);
    expect(await list("from=2026-01-02&to=2026-01-02")).toEqual([jan2Paris!.id]);
    expect(await list("from=2026-01-02")).toEqual([jan3Paris!.id, jan2Paris!.id]);
    expect(await list("to=2026-01-01")).toEqual([lateJan1Utc!.id]);
    const backwards = await agent.client.get("/api/offline/threads?from=2026-01-03&to=2026-01-02");
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.code).toBe("invalid_range");
  });

  it("searches the visitor's name (accents and word starts too), email and every message's text, and only in the workspace", async () => {
    const { ws, iface, agent } = await inbox();
    const [zoe, byEmail, byText, byAnswer] = await seed(ws.id, [
      { interfaceId: iface.id, name: "Zoé Martin", text: "Hello" },
      { interfaceId: iface.id, email: "kim.lee@acme.example", text: "Hi" },
      { interfaceId: iface.id, text: "Do you ship to Québec?" },
      { interfaceId: iface.id, text: "First words" },
    ]);
    await appendVisitorAnswer(env, (await findThread(db(), ws.id, byAnswer!.id))!, { text: "About the invoice number 4471", via: "link", dedupeKey: unique("a") });
    const stranger = await createWorkspace();
    await seed(stranger.id, [{ interfaceId: (await createInterface(stranger.id)).id, name: "Zoé Elsewhere", text: "Québec invoice" }]);
    const search = async (q: string) => ids((await agent.client.get(`/api/offline/threads?q=${encodeURIComponent(q)}`)).json);
    expect(await search("zoe")).toEqual([zoe!.id]);
    expect(await search("Zo")).toEqual([zoe!.id]);
    expect(await search("kim.lee@acme")).toEqual([byEmail!.id]);
    expect(await search("quebec ship")).toEqual([byText!.id]);
    expect(await search("invoice 4471")).toEqual([byAnswer!.id]);
    expect(await search("invoice nothing")).toEqual([]);
    // FTS5's own syntax is taken as words, never as an operator.
    expect((await agent.client.get(`/api/offline/threads?q=${encodeURIComponent('zoe OR "NEAR(* name:')}`)).status).toBe(200);
    expect(await search("***")).toHaveLength(4);
  });

  it("search pages with the cursor like the rest", async () => {
    const { ws, iface, agent } = await inbox();
    const rows = await seed(ws.id, Array.from({ length: 60 }, (_, i) => ({ interfaceId: iface.id, text: i % 2 === 0 ? `refund request ${i}` : `other ${i}` })));
    const { seen, pages } = await allPages(agent.client, "q=refund");
    expect(pages).toBe(1);
    expect(seen).toEqual(rows.filter((_, i) => i % 2 === 0).map((r) => r.id));
    const more = await seed(ws.id, Array.from({ length: 60 }, (_, i) => ({ interfaceId: iface.id, at: T0 - 3_600_000 - i * 1000, text: `refund again ${i}` })));
    const walk = await allPages(agent.client, "q=refund");
    expect(walk.pages).toBe(2);
    expect(walk.seen).toEqual([...rows.filter((_, i) => i % 2 === 0), ...more].map((r) => r.id));
  });

  it("a search with more than a thousand hits pages the same way, in order", { timeout: 30_000 }, async () => {
    const { ws, iface, agent } = await inbox();
    const rows = await seed(ws.id, Array.from({ length: 1010 }, (_, i) => ({ interfaceId: iface.id, text: `refund ${i}`, starred: i % 100 === 0 })));
    const { seen, pages } = await allPages(agent.client, "q=refund");
    expect(pages).toBe(21);
    expect(seen).toEqual(rows.map((r) => r.id));
    expect((await allPages(agent.client, "q=refund&starred=1")).seen).toEqual(rows.filter((_, i) => i % 100 === 0).map((r) => r.id));
  });

  it("a cursor the inbox did not give is refused with 400", async () => {
    const { agent } = await inbox();
    const res = await agent.client.get("/api/offline/threads?cursor=not-a-cursor");
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_cursor");
  });
});

describe("the list's query plans", () => {
  async function plan(query: Parameters<typeof listQuery>[2], how: SearchPlan = "list") {
    const built = listQuery(db(), "w", query, "UTC", how).toSQL();
    const res = await env.DB.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).bind(...built.params).all<{ detail: string }>();
    return res.results.map((r) => r.detail).join("\n");
  }
  const cursor = btoa(`${T0}:00000000-0000-0000-0000-000000000000`).replace(/=+$/, "");

  it("every filter reads the threads through an index of the workspace, never a scan of the table", async () => {
    const cases: [Parameters<typeof listQuery>[2], string][] = [
      [{ status: "all" }, "offline_threads_workspace_last"],
      [{ status: "all", cursor }, "offline_threads_workspace_last"],
      [{ status: "open", cursor }, "offline_threads_workspace_status"],
      [{ status: "all", starred: "1", cursor }, "offline_threads_workspace_starred"],
      [{ status: "all", unread: "1" }, "offline_threads_workspace_unread"],
      [{ status: "all", interfaceId: "i" }, "offline_threads_workspace_interface"],
      [{ status: "all", from: "2026-01-01", to: "2026-01-31" }, "offline_threads_workspace_last"],
    ];
    for (const [query, index] of cases) {
      const detail = await plan(query);
      expect(detail, JSON.stringify(query)).toContain(`USING INDEX ${index}`);
      expect(detail, JSON.stringify(query)).not.toMatch(/SCAN offline_threads(?! USING)/);
    }
  });

  it("a search with few hits reads its threads from the FTS5 matches, by id", async () => {
    const detail = await plan({ status: "all", starred: "1", q: "refund", cursor }, "hits");
    expect(detail).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    expect(detail).toMatch(/SEARCH offline_threads USING INDEX sqlite_autoindex_offline_threads_1 \(id=\?\)/);
    expect(detail).not.toMatch(/SCAN offline_messages|SCAN offline_threads/);
  });

  it("a search with many hits walks the list's index in order, keeping the threads that match", async () => {
    const detail = await plan({ status: "all", q: "refund", cursor }, "list");
    expect(detail).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    expect(detail).toContain("USING INDEX offline_threads_workspace_last (workspace_id=? AND last_message_at<?)");
    expect(detail).not.toMatch(/SCAN offline_messages|SCAN offline_threads(?! USING)/);
  });

  it("words are quoted for FTS5, whole but the last, which is a prefix", () => {
    expect(ftsQuery("Zoé")).toBe('"Zoé"*');
    expect(ftsQuery("kim.lee@acme")).toBe('"kim" "lee" "acme"*');
    expect(ftsQuery('a OR "NEAR(* name:')).toBe('"a" "OR" "NEAR" "name"*');
    expect(ftsQuery(" *** ")).toBeNull();
  });
});

describe("a thread", () => {
  it("reads with every message oldest first and marks nothing read", async () => {
    const { ws, iface, agent } = await inbox();
    const [row] = await seed(ws.id, [{ interfaceId: iface.id, text: "First" }]);
    await appendVisitorAnswer(env, (await findThread(db(), ws.id, row!.id))!, { text: "Second", via: "email", dedupeKey: "<m1@mail.example>" });
    const res = await agent.client.get(`/api/offline/threads/${row!.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ thread: { id: row!.id, unread: true, messageCount: 2, preview: "Second" }, contactId: null });
    expect(res.json.messages.map((m: { text: string; via: string }) => [m.text, m.via])).toEqual([
      ["First", "form"],
      ["Second", "email"],
    ]);
    expect((await findThread(db(), ws.id, row!.id))!.unread).toBe(true);
  });

  it("stars, reads and closes, and back; every console tab of the workspace hears each change with the unread count", async () => {
    const { ws, iface, agent } = await inbox();
    const [row] = await seed(ws.id, [{ interfaceId: iface.id }]);
    const colleague = await signedIn(ws.id, "admin");
    const lobby = await openSocket("/ws/lobby", { Cookie: colleague.client.cookie });
    await lobby.next((f) => f.type === "snapshot");
    const path = `/api/offline/threads/${row!.id}`;
    expect((await agent.client.patch(path, { starred: true })).json).toMatchObject({ id: row!.id, starred: true, unread: true });
    expect((await agent.client.patch(path, { unread: false, status: "closed" })).json).toMatchObject({ starred: true, unread: false, status: "closed" });
    const frames = async (n: number) => {
      await expect.poll(() => lobby.frames.filter((f) => f.type === "offline").length).toBe(n);
      return lobby.frames.filter((f) => f.type === "offline");
    };
    expect(await frames(2)).toMatchObject([
      { change: "updated", unread: 1, thread: { id: row!.id, starred: true } },
      { change: "updated", unread: 0, thread: { id: row!.id, unread: false, status: "closed" } },
    ]);
    expect((await agent.client.patch(path, { starred: false, unread: true, status: "open" })).json).toMatchObject({ starred: false, unread: true, status: "open" });
    expect((await agent.client.get("/api/offline/counts")).json).toEqual({ unread: 1 });
  });

  it("a change with nothing in it, or a field that is not one, is refused with 400", async () => {
    const { ws, iface, agent } = await inbox();
    const [row] = await seed(ws.id, [{ interfaceId: iface.id }]);
    expect((await agent.client.patch(`/api/offline/threads/${row!.id}`, {})).status).toBe(400);
    expect((await agent.client.patch(`/api/offline/threads/${row!.id}`, { name: "x" })).status).toBe(400);
  });

  it("counts the workspace's unread threads only", async () => {
    const { ws, iface, agent } = await inbox();
    await seed(ws.id, [{ interfaceId: iface.id }, { interfaceId: iface.id, unread: false }, { interfaceId: iface.id }]);
    const other = await createWorkspace();
    await seed(other.id, [{ interfaceId: (await createInterface(other.id)).id }]);
    expect((await agent.client.get("/api/offline/counts")).json).toEqual({ unread: 2 });
  });
});

describe("a visitor's answer", () => {
  it("is appended once per dedupe key, marks the thread unread and reopens it, and every console tab hears it once", async () => {
    const { ws, iface, agent } = await inbox();
    const [row] = await seed(ws.id, [{ interfaceId: iface.id, unread: false, status: "closed" }]);
    const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
    await lobby.next((f) => f.type === "snapshot");
    const thread = (await findThreadByReplyKey(env, row!.replyKey.toUpperCase()))!;
    expect(thread.id).toBe(row!.id);
    const answer = { text: "Thanks!\nSee you", via: "link" as const, dedupeKey: unique("page") };
    const first = await appendVisitorAnswer(env, thread, answer);
    const again = await appendVisitorAnswer(env, thread, answer);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ author: "visitor", via: "link", text: "Thanks!\nSee you", agent: null, delivery: null });
    expect(await findThread(db(), ws.id, row!.id)).toMatchObject({ unread: true, status: "open", messageCount: 2, preview: "Thanks!", lastAuthor: "visitor" });
    const frame = await lobby.next((f) => f.type === "offline");
    expect(frame).toMatchObject({ change: "answer", unread: 1, thread: { id: row!.id, unread: true, preview: "Thanks!" } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lobby.frames.filter((f) => f.type === "offline")).toHaveLength(1);
  });

  it("an unknown reply key finds no thread", async () => {
    expect(await findThreadByReplyKey(env, "nosuchkeyatallanywhere")).toBeNull();
  });
});

describe("replies", () => {
  async function withThread() {
    const setup = await inbox();
    const [row] = await seed(setup.ws.id, [{ interfaceId: setup.iface.id, email: "zoe@example.test", text: "Can you call me?" }]);
    return { ...setup, threadId: row!.id, path: `/api/offline/threads/${row!.id}` };
  }

  it("a reply is stored with its author, emailed to the visitor once though sent twice, and shows its delivery", async () => {
    const { agent, threadId, path, ws } = await withThread();
    const body = { id: unique("reply").replace(/-/g, "_"), text: "Sure, what number?" };
    const [a, b] = await Promise.all([agent.client.post(`${path}/replies`, body), agent.client.post(`${path}/replies`, body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.json.id).toBe(b.json.id);
    const messages = await db().select().from(offlineMessages).where(eq(offlineMessages.threadId, threadId));
    expect(messages.filter((m) => m.author === "agent")).toHaveLength(1);
    const sent = await db().select().from(emails).where(and(eq(emails.workspaceId, ws.id), eq(emails.to, "zoe@example.test")));
    expect(sent).toHaveLength(1);
    const detail = await agent.client.get(path);
    const reply = detail.json.messages.at(-1);
    expect(reply).toMatchObject({ author: "agent", via: "console", agent: { id: agent.user.id, name: agent.user.name }, delivery: { emailId: sent[0]!.id } });
    await expect.poll(async () => (await agent.client.get(path)).json.messages.at(-1).delivery.status, { timeout: 5000 }).toBe("dev_outbox");
    expect(detail.json.thread).toMatchObject({ lastAuthor: "agent", preview: "Sure, what number?", messageCount: 2 });
  });

  it("an empty reply is refused with 400 and stores nothing", async () => {
    const { agent, threadId, path } = await withThread();
    expect((await agent.client.post(`${path}/replies`, { id: "reply_empty_1", text: "   " })).status).toBe(400);
    expect(await db().select().from(offlineMessages).where(eq(offlineMessages.threadId, threadId))).toHaveLength(1);
  });

  it("Retry sends a failed reply again as a new email the reply then points at; twice at once makes one email", async () => {
    const { agent, path, ws } = await withThread();
    const reply = (await agent.client.post(`${path}/replies`, { id: "reply_retry_1", text: "Here it is" })).json;
    await expect.poll(async () => (await agent.client.get(path)).json.messages.at(-1).delivery.status, { timeout: 5000 }).toBe("dev_outbox");
    const notFailed = await agent.client.post(`${path}/messages/${reply.id}/retry`);
    expect(notFailed.status).toBe(409);
    expect(notFailed.json.error.code).toBe("not_failed");
    await db().update(emails).set({ status: "failed", lastError: "provider said no" }).where(eq(emails.id, reply.delivery.emailId));
    const [a, b] = await Promise.all([agent.client.post(`${path}/messages/${reply.id}/retry`), agent.client.post(`${path}/messages/${reply.id}/retry`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const ok = a.status === 200 ? a.json : b.json;
    expect(ok.delivery.emailId).not.toBe(reply.delivery.emailId);
    expect(ok.delivery.status).toMatch(/queued|dev_outbox/);
    expect(await db().select().from(emails).where(and(eq(emails.workspaceId, ws.id), eq(emails.to, "zoe@example.test")))).toHaveLength(2);
  });

  it("Retry on a visitor's message, or a message of another thread, is not found", async () => {
    const { agent, path, ws, iface } = await withThread();
    const detail = (await agent.client.get(path)).json;
    expect((await agent.client.post(`${path}/messages/${detail.messages[0].id}/retry`)).status).toBe(404);
    const [other] = await seed(ws.id, [{ interfaceId: iface.id }]);
    const reply = (await agent.client.post(`/api/offline/threads/${other!.id}/replies`, { id: "reply_other_1", text: "Hi" })).json;
    expect((await agent.client.post(`${path}/messages/${reply.id}/retry`)).status).toBe(404);
  });
});

describe("who may use the inbox", () => {
  it("another workspace's thread is not found on every route", async () => {
    const { ws, iface } = await inbox();
    const [row] = await seed(ws.id, [{ interfaceId: iface.id }]);
    const reply = await (await signedIn(ws.id)).client.post(`/api/offline/threads/${row!.id}/replies`, { id: "reply_mine_01", text: "Hello" });
    const stranger = await signedIn((await createWorkspace()).id, "owner");
    const path = `/api/offline/threads/${row!.id}`;
    expect((await stranger.client.get(path)).status).toBe(404);
    expect((await stranger.client.patch(path, { starred: true })).status).toBe(404);
    expect((await stranger.client.post(`${path}/replies`, { id: "reply_theirs1", text: "Hi" })).status).toBe(404);
    expect((await stranger.client.post(`${path}/messages/${reply.json.id}/retry`)).status).toBe(404);
    expect(ids((await stranger.client.get("/api/offline/threads")).json)).not.toContain(row!.id);
    expect((await stranger.client.get("/api/offline/counts")).json).toEqual({ unread: 0 });
    expect((await findThread(db(), ws.id, row!.id))!.starred).toBe(false);
    expect(await db().select().from(offlineMessages).where(eq(offlineMessages.threadId, row!.id))).toHaveLength(2);
  });

  it("without a session every route answers 401", async () => {
    const anonymous = new Client();
    const path = `/api/offline/threads/${newId()}`;
    for (const res of [
      await anonymous.get("/api/offline/threads"),
      await anonymous.get("/api/offline/counts"),
      await anonymous.get(path),
      await anonymous.patch(path, { starred: true }),
      await anonymous.post(`${path}/replies`, { id: "reply_anon_01", text: "Hi" }),
      await anonymous.post(`${path}/messages/x/retry`),
    ]) {
      expect(res.status).toBe(401);
    }
  });

  it("an agent (not only an admin) may do everything", async () => {
    const { ws, iface, agent } = await inbox();
    expect(agent.user.role).toBe("agent");
    const [row] = await seed(ws.id, [{ interfaceId: iface.id }]);
    const path = `/api/offline/threads/${row!.id}`;
    expect((await agent.client.get("/api/offline/threads")).status).toBe(200);
    expect((await agent.client.get(path)).status).toBe(200);
    expect((await agent.client.patch(path, { starred: true })).status).toBe(200);
    expect((await agent.client.post(`${path}/replies`, { id: "reply_agent_1", text: "Hi" })).status).toBe(200);
    expect((await agent.client.get("/api/offline/counts")).status).toBe(200);
  });
});
