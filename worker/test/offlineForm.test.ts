// The widget's offline form, through the real Worker and Durable Objects: what it checks, the one
// thread it makes however often it is sent, what the conversation records, who may send it, and
// that nothing is acknowledged that D1 did not keep.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import type { Env } from "../src/env";
import { offlineMessages, offlineThreads, visitors } from "../src/db/schema";
import {
  Client,
  conversationObject,
  createInterface,
  createWorkspace,
  openSocket,
  signedIn,
  unique,
  visitorSession,
  visitorSocket,
  type InterfaceOptions,
} from "./helpers";

/** A visitor whose live request found nobody online: their conversation shows the offline form. */
async function onTheForm(overrides: Partial<InterfaceOptions> = {}) {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id, { whenNobodyOnline: "offline_form", ...overrides });
  const session = await visitorSession(iface.id);
  const visitor = await visitorSocket(session);
  visitor.send({ type: "request", kind: "live" });
  const state = await visitor.next((f) => f.type === "state" && f.conversation.status === "offline_form");
  return { ws, iface, session, visitor, view: state.conversation };
}

function send(session: { visitorToken: string; conversationId: string }, body: unknown, client = new Client()) {
  return client.request("POST", `/api/widget/conversations/${session.conversationId}/offline-form`, body, { Authorization: `Bearer ${session.visitorToken}` });
}

const form = (over: Record<string, unknown> = {}) => ({ id: unique("sub").replace(/-/g, "_"), name: "Zoé Martin", email: "zoe@example.test", message: "Please call me back about pricing.", ...over });

async function threadsOf(conversationId: string) {
  return getDb(env.DB).select().from(offlineThreads).where(eq(offlineThreads.conversationId, conversationId));
}

async function messagesOf(threadId: string) {
  return getDb(env.DB).select().from(offlineMessages).where(eq(offlineMessages.threadId, threadId));
}

describe("sending the offline form", () => {
  it("a valid form makes a thread with its first message, and the conversation records it with the offline_form_sent notice", async () => {
    const { ws, iface, session, visitor } = await onTheForm();
    const body = form();
    const res = await send(session, body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ threadId: expect.any(String), submittedAt: expect.any(Number) });
    const [thread] = await threadsOf(session.conversationId);
    expect(thread).toMatchObject({
      id: res.json.threadId,
      workspaceId: ws.id,
      interfaceId: iface.id,
      visitorId: session.visitorId,
      name: "Zoé Martin",
      email: "zoe@example.test",
      lang: "en",
      status: "open",
      unread: true,
      starred: false,
      preview: "Please call me back about pricing.",
      lastAuthor: "visitor",
      messageCount: 1,
    });
    expect(thread!.replyKey).toMatch(/^[a-z2-7]{20,}$/);
    expect(await messagesOf(thread!.id)).toMatchObject([{ author: "visitor", via: "form", text: body.message, dedupeKey: body.id, workspaceId: ws.id }]);
    const state = await visitor.next((f) => f.type === "state" && f.conversation.offlineSubmitted);
    expect(state.conversation.offlineSubmitted).toEqual(res.json);
    expect(state.conversation.offlinePrefill).toEqual({ name: "Zoé Martin", email: "zoe@example.test", phone: "" });
    await visitor.next((f) => f.type === "message" && f.message.notice?.code === "offline_form_sent");
    expect(await conversationObject(session.conversationId).getView()).toMatchObject({ status: "offline_form", offlineSubmitted: res.json });
  });

  it("the same submission sent twice in a row makes one thread and one message, and both answers name it", async () => {
    const { session } = await onTheForm();
    const body = form();
    const first = await send(session, body);
    const second = await send(session, body);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const threads = await threadsOf(session.conversationId);
    expect(threads).toHaveLength(1);
    expect(await messagesOf(threads[0]!.id)).toHaveLength(1);
  });

  it("the same submission sent twice at once makes one thread and one message, and both answers name it", async () => {
    const { session } = await onTheForm();
    const body = form();
    const [a, b] = await Promise.all([send(session, body), send(session, body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.json.threadId).toBe(b.json.threadId);
    const threads = await threadsOf(session.conversationId);
    expect(threads).toHaveLength(1);
    expect(await messagesOf(threads[0]!.id)).toHaveLength(1);
  });

  it("two different submissions at once make one thread with one message: one is recorded, the other refused as not_offline", async () => {
    const { session } = await onTheForm();
    const [a, b] = await Promise.all([send(session, form({ message: "first" })), send(session, form({ message: "second" }))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const threads = await threadsOf(session.conversationId);
    expect(threads).toHaveLength(1);
    expect(await messagesOf(threads[0]!.id)).toHaveLength(1);
  });

  it("another submission after the first was recorded is refused as not_offline", async () => {
    const { session } = await onTheForm();
    expect((await send(session, form())).status).toBe(200);
    const again = await send(session, form({ message: "One more thing" }));
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("not_offline");
  });

  it("the form's name, email and phone fill the visitor's record, as the bot's answers do", async () => {
    const { session, visitor } = await onTheForm({
      flow: {
        start: "human",
        offerRequestsAnytime: true,
        steps: [{ id: "human", kind: "live_chat", offer: "both", whenNobodyOnline: "offline_form", offlineForm: { enabled: true, fields: { phone: { ask: true, required: false } } } }],
      },
    });
    expect((await send(session, form({ phone: "+33 1 23 45 67 89" }))).status).toBe(200);
    const row = async () =>
      (await getDb(env.DB).select().from(visitors).where(and(eq(visitors.id, session.visitorId))).limit(1))[0];
    await expect.poll(row).toMatchObject({ name: "Zoé Martin", email: "zoe@example.test", phone: "+33 1 23 45 67 89" });
    const state = await visitor.next((f) => f.type === "state" && f.conversation.offlineSubmitted);
    expect(state.conversation).not.toHaveProperty("visitor");
  });

  it("a conversation not showing the form refuses it with 409 not_offline and makes no thread", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const session = await visitorSession(iface.id);
    const res = await send(session, form());
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "not_offline", message: expect.any(String) });
    expect(await threadsOf(session.conversationId)).toHaveLength(0);
  });

  it("a form on a step whose form is off is refused with 409 not_offline", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { whenNobodyOnline: "offline_form", offlineForm: false });
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "live" });
    await visitor.next((f) => f.type === "message" && f.message.notice?.code === "nobody_online");
    expect((await send(session, form())).json.error.code).toBe("not_offline");
  });
});

describe("the form's validation", () => {
  it("each bad field is named in fields, in the conversation's language, and nothing is recorded", async () => {
    const { session } = await onTheForm();
    const res = await send(session, { id: "sub_000001", name: "n".repeat(81), email: "not-an-email", phone: "call me", message: "" });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: "invalid_form",
      message: expect.any(String),
      fields: { name: "At most 80 characters.", email: "Enter a valid email address.", message: "Please fill this in." },
    });
    // The step does not ask the phone: whatever is in it is not the visitor's problem.
    expect(res.json.error.fields).not.toHaveProperty("phone");
    expect(await threadsOf(session.conversationId)).toHaveLength(0);
    expect((await conversationObject(session.conversationId).getView())!.offlineSubmitted).toBeNull();
  });

  it("email is always required, even when the step's form does not ask it", async () => {
    const { session } = await onTheForm({
      flow: {
        start: "human",
        offerRequestsAnytime: true,
        steps: [{ id: "human", kind: "live_chat", whenNobodyOnline: "offline_form", offlineForm: { enabled: true, fields: { email: { ask: false, required: false } } } }],
      },
    });
    const res = await send(session, { id: "sub_000002", message: "Hello" });
    expect(res.json.error).toMatchObject({ code: "invalid_form", fields: { email: "Please fill this in." } });
  });

  it("the step's required fields are required: a phone asked as required", async () => {
    const { session } = await onTheForm({
      flow: {
        start: "human",
        offerRequestsAnytime: true,
        steps: [{ id: "human", kind: "live_chat", whenNobodyOnline: "offline_form", offlineForm: { enabled: true, fields: { phone: { ask: true, required: true } } } }],
      },
    });
    expect((await send(session, form())).json.error).toMatchObject({ code: "invalid_form", fields: { phone: "Please fill this in." } });
    expect((await send(session, form({ phone: "+33 6 12 34 56 78" }))).status).toBe(200);
  });

  it("a French conversation words the field errors in French", async () => {
    const { session } = await onTheForm({ language: "fr" });
    const res = await send(session, { id: "sub_000003", email: "", message: "" });
    expect(res.json.error.fields).toEqual({ email: "Veuillez remplir ce champ.", message: "Veuillez remplir ce champ." });
  });

  it("a body that is not an object is refused as invalid_form, not as a crash", async () => {
    const { session } = await onTheForm();
    const res = await send(session, "hello");
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_form");
  });
});

describe("who may send the form", () => {
  it("without a visitor token the form is refused with 401", async () => {
    const { session } = await onTheForm();
    const res = await new Client().post(`/api/widget/conversations/${session.conversationId}/offline-form`, form());
    expect(res.status).toBe(401);
  });

  it("another visitor's token cannot send a conversation's form: 404, and no thread", async () => {
    const { iface, session } = await onTheForm();
    const other = await visitorSession(iface.id);
    const res = await send({ visitorToken: other.visitorToken, conversationId: session.conversationId }, form());
    expect(res.status).toBe(404);
    expect(await threadsOf(session.conversationId)).toHaveLength(0);
  });

  it("a visitor of another workspace cannot send it either: 404", async () => {
    const { session } = await onTheForm();
    const elsewhere = await visitorSession((await createInterface((await createWorkspace()).id)).id);
    expect((await send({ visitorToken: elsewhere.visitorToken, conversationId: session.conversationId }, form())).status).toBe(404);
  });
});

describe("the form's prefill", () => {
  it("the visitor's own view on the form carries what their record knows; an agent's view of it does not", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { whenNobodyOnline: "offline_form" });
    const session = await visitorSession(iface.id);
    await getDb(env.DB).update(visitors).set({ name: "Zoé", email: "zoe@example.test" }).where(eq(visitors.id, session.visitorId));
    await conversationObject(session.conversationId).setVisitorName("Zoé", { name: "Zoé", email: "zoe@example.test" });
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "live" });
    const state = await visitor.next((f) => f.type === "state" && f.conversation.status === "offline_form");
    expect(state.conversation.offlinePrefill).toEqual({ name: "Zoé", email: "zoe@example.test", phone: "" });
    const agent = await signedIn(ws.id);
    const agentView = await agent.client.get(`/api/conversations/${session.conversationId}`);
    expect(JSON.stringify(agentView.json)).not.toContain("offlinePrefill");
    const other = await visitorSocket(await visitorSession(iface.id));
    expect(JSON.stringify(other.frames)).not.toContain("zoe@example.test");
  });
});

describe("nothing acknowledged that is not kept", () => {
  it("while D1 cannot be reached the form is refused with 503 and nothing is recorded; sent again later, it makes its one thread", async () => {
    const { session } = await onTheForm();
    const body = form();
    const object = conversationObject(session.conversationId);
    await runInDurableObject(object, (instance) => {
      const o = instance as unknown as { env: Env };
      const broken = { prepare: () => { throw new Error("D1 is unreachable"); }, batch: () => Promise.reject(new Error("D1 is unreachable")) };
      (o as { realEnv?: Env }).realEnv = o.env;
      o.env = { ...o.env, DB: broken as unknown as D1Database };
    });
    const refused = await send(session, body);
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe("unavailable");
    expect((await object.getView())!.offlineSubmitted).toBeNull();
    expect(await threadsOf(session.conversationId)).toHaveLength(0);
    await runInDurableObject(object, (instance) => {
      const o = instance as unknown as { env: Env; realEnv: Env };
      o.env = o.realEnv;
    });
    const accepted = await send(session, body);
    expect(accepted.status).toBe(200);
    expect(await threadsOf(session.conversationId)).toHaveLength(1);
  });
});

describe("the agents hear of it", () => {
  it("every console tab of the workspace gets the new thread with the unread count; another workspace's does not", async () => {
    const { ws, session } = await onTheForm();
    const agents = await Promise.all([signedIn(ws.id), signedIn(ws.id, "admin")]);
    const lobbies = await Promise.all(agents.map((a) => openSocket("/ws/lobby", { Cookie: a.client.cookie })));
    const stranger = await signedIn((await createWorkspace()).id);
    const strangerLobby = await openSocket("/ws/lobby", { Cookie: stranger.client.cookie });
    await strangerLobby.next((f) => f.type === "snapshot");
    for (const lobby of lobbies) await lobby.next((f) => f.type === "snapshot");
    const res = await send(session, form());
    for (const lobby of lobbies) {
      const frame = await lobby.next((f) => f.type === "offline");
      expect(frame).toMatchObject({ type: "offline", change: "created", unread: 1, thread: { id: res.json.threadId, email: "zoe@example.test", unread: true, messageCount: 1 } });
    }
    expect(strangerLobby.frames.some((f) => f.type === "offline")).toBe(false);
  });
});

describe("a timeout racing an accept", () => {
  /** A visitor whose live request waits for an agent (one is online), and that agent. */
  async function waiting() {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { requestTimeoutSeconds: 10 });
    const agent = await signedIn(ws.id);
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "live" });
    await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    const object = conversationObject(session.conversationId);
    // The ten seconds have passed: the deadline is behind us, the alarm not run yet.
    await runInDurableObject(object, (instance) => {
      (instance as unknown as { state: { requestDeadline: number } }).state.requestDeadline = Date.now() - 1;
    });
    return { agent, session, visitor, object };
  }

  it("the alarm first: the visitor gets the form, the late accept is refused, and the form then makes its thread", async () => {
    const { agent, session, object } = await waiting();
    expect(await runDurableObjectAlarm(object)).toBe(true);
    const accepted = await agent.client.post(`/api/conversations/${session.conversationId}/accept`);
    expect(accepted.status).toBe(409);
    expect(accepted.json.error.code).toBe("no_request");
    expect((await send(session, form())).status).toBe(200);
    expect(await object.getView()).toMatchObject({ status: "offline_form", assignee: null, offlineSubmitted: { threadId: expect.any(String) } });
  });

  it("the accept first: the alarm after it changes nothing, and the form is refused as not_offline with no thread", async () => {
    const { agent, session, visitor, object } = await waiting();
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/accept`)).status).toBe(200);
    await runDurableObjectAlarm(object);
    expect(await object.getView()).toMatchObject({ status: "live", assignee: { id: agent.user.id } });
    expect(visitor.frames.some((f) => f.type === "message" && f.message.notice?.code === "request_timeout")).toBe(false);
    expect((await send(session, form())).json.error.code).toBe("not_offline");
    expect(await threadsOf(session.conversationId)).toHaveLength(0);
  });
});

describe("the form's rate limits", () => {
  /** Hundreds of requests through three limiters take a few seconds here. */
  const SLOW = { timeout: 30_000 };

  /** Sends until one is refused (at most three windows' worth), and returns the refusal. */
  async function firstRefusal(limit: number, attempt: () => Promise<{ status: number; json: any; headers: Headers }>, parallel = 1) {
    for (let sent = 0; sent <= 3 * limit; sent += parallel) {
      const answers = await Promise.all(Array.from({ length: parallel }, attempt));
      const refused = answers.find((res) => res.status === 429);
      if (refused) return refused;
    }
    throw new Error(`never refused after ${3 * limit + 1} attempts`);
  }

  it("one address sending forms past 10 a minute gets rate_limited with Retry-After; another address is still served", SLOW, async () => {
    const { session } = await onTheForm();
    const client = new Client();
    // Counted before anything is looked up: a conversation that is not the visitor's keeps each one cheap.
    const refused = await firstRefusal(10, () => send({ ...session, conversationId: "none" }, form(), client));
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(refused.json.error).toMatchObject({ code: "rate_limited", scope: "address", action: "offlineForm", retryAfterMs: 60_000 });
    expect((await send(session, form(), client)).status).toBe(429);
    expect((await send(session, form())).status).toBe(200);
  });

  it("one chat interface past 100 forms in ten seconds refuses them from new addresses too; another interface is still served", SLOW, async () => {
    const { session } = await onTheForm();
    const refused = await firstRefusal(100, () => send({ ...session, conversationId: "none" }, form()), 10);
    expect(refused.headers.get("Retry-After")).toBe("10");
    expect(refused.json.error).toMatchObject({ code: "rate_limited", scope: "interface", action: "offlineForm" });
    const elsewhere = await onTheForm();
    expect((await send(elsewhere.session, form())).status).toBe(200);
  });
});
