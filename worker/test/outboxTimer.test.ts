// The conversation's copy to D1 leaves from the outbox's timer while the conversation keeps
// writing, with the alarm as the backstop behind it, moved on at each copy instead of ringing.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { D1_BACKSTOP_MS, D1_FLUSH_MS } from "../src/conversation/outbox";
import { conversationObject as stub, conversationSetup as setup, messageId, visitorSocket, type TestSocket } from "./helpers";

interface TimedOutbox {
  lobbyTimer: ReturnType<typeof setTimeout> | null;
  d1DueAt: number | null;
  messageAdded(at?: number): void;
  timerRang(): Promise<void>;
}
type Instance = { outbox: TimedOutbox; env: typeof env; state: { d1SyncedAt: number } };

const instanceOf = (instance: unknown) => instance as Instance;

/** Where D1's next copy and the object's alarm stand. */
async function timers(conversationId: string) {
  return runInDurableObject(stub(conversationId), async (instance, state) => ({ dueAt: instanceOf(instance).outbox.d1DueAt, alarm: await state.storage.getAlarm() }));
}

/**
 * The outbox's timer rings now (`d1Due`: as if D1's copy time had passed); `meanwhile` runs while
 * its copy is under way.
 */
async function ringTimer(conversationId: string, { d1Due = false, meanwhile }: { d1Due?: boolean; meanwhile?: (outbox: TimedOutbox) => void } = {}) {
  await runInDurableObject(stub(conversationId), async (instance) => {
    const { outbox } = instanceOf(instance);
    expect(outbox.lobbyTimer).not.toBeNull();
    clearTimeout(outbox.lobbyTimer!);
    if (d1Due) outbox.d1DueAt = Date.now() - 1;
    const ring = outbox.timerRang();
    meanwhile?.(outbox);
    await ring;
  });
}

async function say(visitor: TestSocket, text: string) {
  const id = messageId();
  visitor.send({ type: "message", id, text });
  await visitor.next((f) => f.type === "ack" && f.id === id);
}

const searched = async (client: { get(path: string): Promise<{ json: { conversations: { id: string }[] } }> }, words: string) =>
  (await client.get(`/api/conversations?q=${encodeURIComponent(words)}`)).json.conversations.map((c) => c.id);

describe("the D1 copy from the timer, the alarm behind it", () => {
  it("a new message sets D1's copy 10 to 20 s on, and the alarm 20 s behind it as a backstop", async () => {
    const { session } = await setup();
    const visitor = await visitorSocket(session);
    const sentAt = Date.now();
    await say(visitor, "Do you ship to Nantes?");
    const { dueAt, alarm } = await timers(session.conversationId);
    expect(dueAt).toBeGreaterThanOrEqual(sentAt + D1_FLUSH_MS);
    expect(dueAt).toBeLessThan(Date.now() + 2 * D1_FLUSH_MS);
    expect(alarm).toBe(dueAt! + D1_BACKSTOP_MS);
  });

  it("at a person's pace, the timer's ring brings the alarm to D1's copy time: the alarm makes that copy", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    await say(visitor, "Do you ship to Nantes?");
    await ringTimer(session.conversationId);
    const { dueAt, alarm } = await timers(session.conversationId);
    expect(alarm).toBe(dueAt);
    await runInDurableObject(stub(session.conversationId), (instance) => {
      instanceOf(instance).state.d1SyncedAt = 0;
    });
    expect(await runDurableObjectAlarm(stub(session.conversationId))).toBe(true);
    expect(await searched(agent.client, "Nantes")).toEqual([session.conversationId]);
  });

  it("once D1's copy is due, the timer's next ring makes it: the text is searchable and the alarm goes, nothing being left for it", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    await say(visitor, "Do you ship to Nantes?");
    expect(await searched(agent.client, "Nantes")).toEqual([]);
    await ringTimer(session.conversationId, { d1Due: true });
    expect(await searched(agent.client, "Nantes")).toEqual([session.conversationId]);
    expect(await timers(session.conversationId)).toEqual({ dueAt: null, alarm: null });
  });

  it("a conversation that keeps writing keeps its alarm behind the timer's next copy, moved on at each copy, so it never rings while it writes", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    for (const text of ["First question about Lille", "and another", "and a third"]) await say(visitor, text);
    const first = await timers(session.conversationId);
    // A ring before the copy is due leaves the alarm where it is (no write).
    await ringTimer(session.conversationId);
    expect(await timers(session.conversationId)).toEqual(first);
    // A message stored while the copy is under way is the next copy's: the alarm moves behind it.
    for (const text of ["a fourth", "a fifth"]) await say(visitor, text);
    await ringTimer(session.conversationId, { d1Due: true, meanwhile: (outbox) => outbox.messageAdded() });
    const after = await timers(session.conversationId);
    expect(after.dueAt).toBeGreaterThan(first.dueAt!);
    expect(after.alarm).toBe(after.dueAt! + D1_BACKSTOP_MS);
    expect(await searched(agent.client, "Lille")).toEqual([session.conversationId]);
  });

  it("a request's deadline stays the alarm when the timer copies: the copy never moves it later", async () => {
    const { session } = await setup({ requestTimeoutSeconds: 30 });
    const visitor = await visitorSocket(session);
    await say(visitor, "Can someone help me?");
    visitor.send({ type: "request", kind: "live" });
    const requested = await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    for (const text of ["I am still here", "Hello?"]) await say(visitor, text);
    await ringTimer(session.conversationId, { d1Due: true, meanwhile: (outbox) => outbox.messageAdded() });
    expect((await timers(session.conversationId)).alarm).toBe(requested.conversation.requestDeadline);
  });

  it("a copy from the timer that fails leaves the alarm a few seconds later, and the copy lands from it once D1 is back", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    await say(visitor, "Anyone in Grenoble?");
    const down = { prepare: () => { throw new Error("D1 is down"); }, batch: () => Promise.reject(new Error("D1 is down")) };
    await runInDurableObject(stub(session.conversationId), (instance) => {
      instanceOf(instance).env = { ...env, DB: down as unknown as D1Database };
    });
    const before = Date.now();
    await ringTimer(session.conversationId, { d1Due: true });
    const { alarm } = await timers(session.conversationId);
    expect(alarm).toBeGreaterThanOrEqual(before + 4000);
    expect(alarm).toBeLessThanOrEqual(Date.now() + 5000);
    expect(await searched(agent.client, "Grenoble")).toEqual([]);

    // D1 is back, and the ten seconds since the conversation's first copy have passed.
    await runInDurableObject(stub(session.conversationId), (instance) => {
      instanceOf(instance).env = env;
      instanceOf(instance).state.d1SyncedAt = 0;
    });
    expect(await runDurableObjectAlarm(stub(session.conversationId))).toBe(true);
    expect(await searched(agent.client, "Grenoble")).toEqual([session.conversationId]);
  });
});
