// Where the non-contact events are emitted: a conversation closing, a visitor's offline message
// (the form and each answer), an appointment booked or cancelled. Each becomes one delivery per
// subscribed endpoint, once, however often the place that emits it runs.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../src/db/client";
import { deliveries } from "../src/db/schema";
import { appendVisitorAnswer, createFormThread } from "../src/offline/threads";
import { asVisitor, bookingBody, bookingSetup, slotAhead } from "./bookingFixtures";
import { conversationSetup, createInterface, createWorkspace, messageId, unique, visitorSession, visitorSocket } from "./helpers";
import { offlineThread } from "./replyFixtures";
import { addEndpoint, interceptHooks, ok } from "./webhookFixtures";

// The local queue runs these deliveries on its own, maybe after a test ends: their receiver answers
// 200 for the whole file, and the file ends once the queue has sent them.
beforeAll(() => void interceptHooks(ok));
afterAll(async () => {
  await vi
    .waitFor(async () => expect(await getDb(env.DB).select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.status, "queued"))).toEqual([]), { timeout: 5000, interval: 100 })
    .catch(() => {});
  vi.restoreAllMocks();
});

async function deliveriesOf(targetId: string, event: string) {
  const rows = await getDb(env.DB)
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.targetId, targetId), eq(deliveries.event, event)));
  return rows.map((row) => ({ ...row, body: JSON.parse(row.payload) }));
}

describe("conversation.closed", () => {
  it("is emitted once when an agent closes the conversation, with who closed it", async () => {
    const { ws, agent, session } = await conversationSetup();
    const hook = await addEndpoint(ws.id, ["conversation.closed"]);
    const other = await addEndpoint(ws.id, ["contact.created"]);
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/close`)).status).toBe(200);
    await agent.client.post(`/api/conversations/${session.conversationId}/close`);

    const sent = await deliveriesOf(hook.id, "conversation.closed");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.eventId).toBe(`conversation.closed:${session.conversationId}`);
    expect(sent[0]!.body).toMatchObject({
      event: "conversation.closed",
      workspaceId: ws.id,
      data: { conversation: { id: session.conversationId, closedAt: expect.any(Number), closedBy: { id: agent.user.id, name: agent.user.name } } },
    });
    expect(await deliveriesOf(other.id, "conversation.closed")).toEqual([]);
  });

  it("is emitted when the bot's flow ends the conversation, closed by no one", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, {
      flow: {
        start: "name",
        offerRequestsAnytime: false,
        steps: [
          { id: "name", kind: "question", text: "Your name?", field: "name", next: "done" },
          { id: "done", kind: "end", text: "Thanks, bye!" },
        ],
      },
    });
    const hook = await addEndpoint(ws.id, ["conversation.closed"]);
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    visitor.send({ type: "message", id: messageId(), text: "Ada" });
    await visitor.next((f) => f.type === "state" && f.conversation.status === "closed");
    visitor.close();

    const sent = await vi.waitFor(async () => {
      const rows = await deliveriesOf(hook.id, "conversation.closed");
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(sent[0]!.body.data.conversation).toMatchObject({ id: session.conversationId, closedBy: null, assignee: null, visitor: { name: "Ada" } });
  });
});

describe("offline_message.received", () => {
  it("is emitted for the form's message when its thread is made, once however often the form is sent", async () => {
    const { ws, iface } = await offlineThread();
    const hook = await addEndpoint(ws.id, ["offline_message.received"]);
    const form = {
      workspaceId: ws.id,
      interfaceId: iface.id,
      conversationId: unique("conv"),
      visitorId: null,
      lang: "en" as const,
      name: "Grace Hopper",
      email: "grace@example.test",
      phone: "",
      message: "Do you ship to Lyon?",
      submissionId: unique("submission"),
    };
    const { thread } = await createFormThread(env, form);
    await createFormThread(env, form);

    const sent = await deliveriesOf(hook.id, "offline_message.received");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.data).toMatchObject({
      thread: { id: thread.id, conversationId: form.conversationId, name: "Grace Hopper", email: "grace@example.test" },
      message: { text: "Do you ship to Lyon?", via: "form" },
    });
  });

  it("is emitted for each answer of the visitor, once per answer", async () => {
    const { ws, thread } = await offlineThread();
    const hook = await addEndpoint(ws.id, ["offline_message.received"]);
    const answer = { text: "Yes, on Tuesday.", via: "email" as const, dedupeKey: unique("msgid") };
    const message = await appendVisitorAnswer(env, thread, answer);
    await appendVisitorAnswer(env, thread, answer);
    await appendVisitorAnswer(env, thread, { text: "And Wednesday.", via: "link", dedupeKey: unique("page") });

    const sent = await deliveriesOf(hook.id, "offline_message.received");
    expect(sent.map((d) => d.body.data.message.text).sort()).toEqual(["And Wednesday.", "Yes, on Tuesday."]);
    expect(sent.find((d) => d.body.data.message.id === message.id)!.eventId).toBe(`offline_message.received:${message.id}`);
  });
});

describe("appointment events", () => {
  it("appointment.booked when a visitor books, appointment.cancelled when an agent cancels, without the agents' call link", async () => {
    const { ws, session, agent } = await bookingSetup();
    const hook = await addEndpoint(ws.id, ["appointment.booked", "appointment.cancelled"]);
    const booked = await asVisitor(session).book(bookingBody(slotAhead()));
    expect(booked.status).toBe(200);
    const id = booked.json.appointment.id;
    expect((await agent.client.post(`/api/appointments/${id}/cancel`, {})).status).toBe(200);

    const [made] = await deliveriesOf(hook.id, "appointment.booked");
    expect(made!.body.data.appointment).toMatchObject({ id, status: "booked", conversationId: session.conversationId });
    expect(made!.body.data.appointment).not.toHaveProperty("agentUrl");
    const [cancelled] = await deliveriesOf(hook.id, "appointment.cancelled");
    expect(cancelled!.body.data).toMatchObject({ appointment: { id, status: "cancelled" }, cancelledBy: "agent" });
  });
});
