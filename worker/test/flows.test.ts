import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hmacHex } from "../src/lib/signedTokens";
import { agentSocket, Client, createWorkspace, messageId, signedIn, visitorSession, visitorSocket, type TestSocket } from "./helpers";

const stub = (conversationId: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));

/** The branching flow of the issue: message → buttons → question(s) → live chat, with a way out. */
const SHOP_FLOW = {
  start: "hello",
  offerRequestsAnytime: false,
  steps: [
    { id: "hello", kind: "message", text: "Welcome to the shop!", next: "topic" },
    {
      id: "topic",
      kind: "buttons",
      text: "What can we do for you?",
      choices: [
        { id: "buy", label: "Buy a bike", next: "name" },
        { id: "browse", label: "Just browsing", next: "bye" },
      ],
    },
    { id: "name", kind: "question", text: "What's your name?", field: "name", next: "email" },
    { id: "email", kind: "question", text: "And your email?", field: "email", retryText: "Hmm, that email looks wrong.", next: "size" },
    { id: "size", kind: "question", text: "Your frame size?", field: "custom", customField: "Frame size", next: "human" },
    { id: "human", kind: "live_chat", text: "Want to talk to a seller?", offer: "live", timeoutSeconds: 30, whenNobodyOnline: "wait", waitingText: "A seller is coming." },
    { id: "bye", kind: "end", text: "Enjoy your visit!" },
  ],
};

async function adminWithInterface(flow: unknown = SHOP_FLOW) {
  const ws = await createWorkspace();
  const admin = await signedIn(ws.id, "admin");
  const created = await admin.client.post("/api/interfaces", { name: "Shop", allowedOrigins: ["https://customer.example"] });
  expect(created.status).toBe(201);
  const iface = created.json;
  const saved = await admin.client.put(`/api/interfaces/${iface.id}/flow`, { flow });
  expect(saved.status).toBe(200);
  const published = await admin.client.post(`/api/interfaces/${iface.id}/flow/publish`);
  expect(published.status).toBe(200);
  return { ws, admin, iface, version: published.json.published.version as number };
}

/** Waits for the bot to say `text`, live or in the history the socket was welcomed with. */
const lastBotText = (socket: TestSocket, text: string) =>
  socket.next((f) => {
    const messages = f.type === "welcome" ? f.messages : f.type === "message" ? [f.message] : [];
    return messages.some((m: { author: { kind: string }; text: string }) => m.author.kind === "bot" && m.text === text);
  });
const latestView = (socket: TestSocket) => [...socket.frames].reverse().find((f) => f.type === "state" || f.type === "welcome").conversation;

function choose(socket: TestSocket, stepId: string, choiceId: string) {
  const id = messageId();
  socket.send({ type: "choice", id, stepId, choiceId });
  return socket.next((f) => f.type === "ack" && f.id === id);
}

async function say(socket: TestSocket, text: string) {
  const id = messageId();
  socket.send({ type: "message", id, text });
  await socket.next((f) => f.type === "ack" && f.id === id);
}

describe("chat interfaces", () => {
  it("an admin creates an interface, which starts on the default flow published as version 1", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    const created = await admin.client.post("/api/interfaces", { name: "Blog", language: "fr", allowedOrigins: ["https://*.acme.com", "http://localhost:*"] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Blog", language: "fr", publishedVersion: 1, allowedOrigins: ["https://*.acme.com", "http://localhost:*"] });
    expect(created.json.identitySecret.length).toBeGreaterThan(20);
    const doc = (await admin.client.get(`/api/interfaces/${created.json.id}/flow`)).json;
    expect(doc).toMatchObject({ published: { version: 1 }, unpublishedChanges: false, problems: [] });
    expect(doc.draft.steps.map((s: { kind: string }) => s.kind)).toEqual(["message", "live_chat"]);
  });

  it("an agent lists interfaces but cannot read their secret, edit them or their flows", async () => {
    const { ws, iface } = await adminWithInterface();
    const agent = await signedIn(ws.id, "agent");
    expect((await agent.client.get("/api/interfaces")).json.interfaces.map((i: { id: string }) => i.id)).toContain(iface.id);
    expect((await agent.client.get(`/api/interfaces/${iface.id}`)).status).toBe(403);
    expect((await agent.client.patch(`/api/interfaces/${iface.id}`, { name: "Mine" })).status).toBe(403);
    expect((await agent.client.put(`/api/interfaces/${iface.id}/flow`, { flow: SHOP_FLOW })).status).toBe(403);
    expect((await agent.client.post("/api/interfaces", { name: "New" })).status).toBe(403);
  });

  it("an interface of another workspace is not found", async () => {
    const { iface } = await adminWithInterface();
    const other = await signedIn((await createWorkspace()).id, "admin");
    expect((await other.client.get(`/api/interfaces/${iface.id}`)).status).toBe(404);
    expect((await other.client.get(`/api/interfaces/${iface.id}/flow`)).status).toBe(404);
    expect((await other.client.post(`/api/interfaces/${iface.id}/flow/publish`)).status).toBe(404);
  });

  it("appearance, origins and language are saved; a bad origin or colour is refused with a message", async () => {
    const { admin, iface } = await adminWithInterface();
    const appearance = { color: "#ff0066", title: "Shop", welcome: "Hey", launcherLabel: "Talk", position: "left", showAgentAvatar: false };
    const updated = await admin.client.patch(`/api/interfaces/${iface.id}`, { appearance, language: "fr", allowedOrigins: ["https://shop.example"] });
    expect(updated.json).toMatchObject({ language: "fr", allowedOrigins: ["https://shop.example"], settings: { appearance } });
    expect((await new Client().get(`/api/widget/interfaces/${iface.id}`)).json.settings.appearance.color).toBe("#ff0066");
    const badOrigin = await admin.client.patch(`/api/interfaces/${iface.id}`, { allowedOrigins: ["shop.example/path"] });
    expect(badOrigin.status).toBe(400);
    expect(badOrigin.json.error.message).toContain("Origins look like");
    expect((await admin.client.patch(`/api/interfaces/${iface.id}`, { appearance: { ...appearance, color: "red" } })).status).toBe(400);
  });

  it("rotating the identity secret makes hashes made with the old one fail", async () => {
    const { admin, iface } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const rotated = (await admin.client.post(`/api/interfaces/${iface.id}/secret`)).json;
    expect(rotated.identitySecret).not.toBe(iface.identitySecret);
    const identify = (secret: string) =>
      new Client().request("POST", "/api/widget/identify", { userId: "u-1" }, { Authorization: `Bearer ${session.visitorToken}` }).then(async () => {
        const hash = await hmacHex(secret, "u-1");
        return new Client().request("POST", "/api/widget/identify", { userId: "u-1", hash }, { Authorization: `Bearer ${session.visitorToken}` });
      });
    expect((await identify(iface.identitySecret)).status).toBe(403);
    expect((await identify(rotated.identitySecret)).status).toBe(200);
  });
});

describe("flow drafts and versions", () => {
  it("a saved draft leaves the published flow alone, and publishing a draft with problems is refused naming them", async () => {
    const { admin, iface } = await adminWithInterface();
    const broken = { ...SHOP_FLOW, steps: [...SHOP_FLOW.steps, { id: "lost", kind: "message", text: "Nobody links here" }] };
    const saved = (await admin.client.put(`/api/interfaces/${iface.id}/flow`, { flow: broken })).json;
    expect(saved).toMatchObject({ unpublishedChanges: true, published: { version: 2 }, problems: [{ code: "unreachable", stepId: "lost" }] });
    const refused = await admin.client.post(`/api/interfaces/${iface.id}/flow/publish`);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toEqual({ code: "flow_invalid", message: 'No path from the start reaches step "lost".' });
    expect((await admin.client.get(`/api/interfaces/${iface.id}`)).json.publishedVersion).toBe(2);
  });

  it("a draft that breaks the schema is not saved, and the error names the field", async () => {
    const { admin, iface } = await adminWithInterface();
    const res = await admin.client.put(`/api/interfaces/${iface.id}/flow`, { flow: { ...SHOP_FLOW, steps: [{ id: "q", kind: "question", text: "Size?", field: "custom" }] } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("Name the custom field");
  });

  it("a conversation started on version 1 continues on version 1 after version 2 is published", async () => {
    const { admin, iface, version } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    await lastBotText(visitor, "What can we do for you?");
    const renamed = { ...SHOP_FLOW, steps: SHOP_FLOW.steps.map((s) => (s.id === "name" ? { ...s, text: "Who are you?" } : s)) };
    await admin.client.put(`/api/interfaces/${iface.id}/flow`, { flow: renamed });
    const v2 = (await admin.client.post(`/api/interfaces/${iface.id}/flow/publish`)).json;
    expect(v2.published.version).toBe(version + 1);

    await choose(visitor, "topic", "buy");
    await lastBotText(visitor, "What's your name?");
    expect(latestView(visitor).flowVersion).toBe(version);
    // A new visitor starts on the new version.
    const newcomer = await visitorSocket(await visitorSession(iface.id));
    await choose(newcomer, "topic", "buy");
    await lastBotText(newcomer, "Who are you?");
  });
});

describe("running a flow", () => {
  it("a scripted visitor walks the branches: buttons, questions with a re-ask, then the live chat request an agent accepts", async () => {
    const { ws, iface } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    await lastBotText(visitor, "What can we do for you?");
    expect(latestView(visitor)).toMatchObject({ status: "bot", requestOffer: null, prompt: { kind: "buttons", stepId: "topic" } });

    const ack = await choose(visitor, "topic", "buy");
    await visitor.next((f) => f.type === "state" && f.conversation.prompt?.stepId === "name");
    expect(latestView(visitor).prompt).toEqual({ kind: "question", stepId: "name", field: "name" });
    await say(visitor, "Jeanne Moreau");
    await lastBotText(visitor, "And your email?");
    await say(visitor, "jeanne at example");
    await lastBotText(visitor, "Hmm, that email looks wrong.");
    expect(latestView(visitor).prompt.stepId).toBe("email");
    await say(visitor, "jeanne@example.com");
    await lastBotText(visitor, "Your frame size?");
    await say(visitor, "54 cm");
    await lastBotText(visitor, "Want to talk to a seller?");
    const atRequest = await visitor.next((f) => f.type === "state" && f.conversation.prompt?.kind === "live_chat");
    expect(atRequest.conversation).toMatchObject({ prompt: { kind: "live_chat", offer: "live" }, requestOffer: "live" });

    // The picked button is stored as the visitor's own message, with a seq.
    const history = await stub(session.conversationId).getView();
    expect(history!.lastSeq).toBeGreaterThan(ack.seq);

    visitor.send({ type: "request", kind: "video" });
    expect((await visitor.next((f) => f.type === "error")).code).toBe("request_unavailable");
    visitor.send({ type: "request", kind: "live" });
    const waiting = await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    expect(waiting.conversation).toMatchObject({ waitingText: "A seller is coming.", prompt: null });
    expect(waiting.conversation.requestDeadline - waiting.conversation.requestedAt).toBe(30_000);

    const agent = await signedIn(ws.id, "agent");
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/accept`)).status).toBe(200);
    await visitor.next((f) => f.type === "state" && f.conversation.status === "live");
  });

  it("answers become the visitor's fields and pre-fill the contact form", async () => {
    const { ws, iface } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    await choose(visitor, "topic", "buy");
    await say(visitor, "Jeanne Moreau");
    await say(visitor, "Jeanne@Example.com");
    await say(visitor, "54 cm");
    await lastBotText(visitor, "Want to talk to a seller?");
    const agent = await signedIn(ws.id, "agent");
    const detail = (await agent.client.get(`/api/visitors/${session.visitorId}`)).json;
    expect(detail.visitor).toMatchObject({ name: "Jeanne Moreau", email: "jeanne@example.com", customFields: { "Frame size": "54 cm" }, displayName: "Jeanne Moreau" });
    // The live list shows the name the bot learnt.
    const view = await agentSocket(agent.client, session.conversationId);
    expect(view.frames[0].messages.filter((m: { author: { kind: string } }) => m.author.kind === "visitor").at(-1).author.name).toBe("Jeanne Moreau");
  });

  it("Assign to me in the middle of a flow stops the bot at once", async () => {
    const { ws, iface } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    await choose(visitor, "topic", "buy");
    await lastBotText(visitor, "What's your name?");
    const agent = await signedIn(ws.id, "agent");
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/assign`)).status).toBe(200);
    const live = await visitor.next((f) => f.type === "state" && f.conversation.status === "live");
    expect(live.conversation.prompt).toBeNull();
    const botBefore = visitor.frames.filter((f) => f.type === "message" && f.message.author.kind === "bot").length;
    await say(visitor, "Jeanne");
    const stale = messageId();
    visitor.send({ type: "choice", id: stale, stepId: "topic", choiceId: "buy" });
    expect((await visitor.next((f) => f.type === "error" && f.id === stale)).code).toBe("stale_choice");
    expect(visitor.frames.filter((f) => f.type === "message" && f.message.author.kind === "bot").length).toBe(botBefore);
    const detail = (await agent.client.get(`/api/visitors/${session.visitorId}`)).json;
    expect(detail.visitor.name).toBeNull();
  });

  it("closing the conversation keeps what the visitor already answered", async () => {
    const { ws, iface } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    await choose(visitor, "topic", "buy");
    await say(visitor, "Jeanne Moreau");
    await lastBotText(visitor, "And your email?");
    const agent = await signedIn(ws.id, "agent");
    await agent.client.post(`/api/conversations/${session.conversationId}/close`);
    const detail = (await agent.client.get(`/api/visitors/${session.visitorId}`)).json;
    expect(detail.visitor.name).toBe("Jeanne Moreau");
  });

  it("a flow survives its Durable Object being evicted mid-way", async () => {
    const { iface } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    await choose(visitor, "topic", "buy");
    await say(visitor, "Jeanne Moreau");
    await lastBotText(visitor, "And your email?");
    await evictDurableObject(stub(session.conversationId), { webSockets: "hibernate" });
    await say(visitor, "jeanne@example.com");
    await lastBotText(visitor, "Your frame size?");
    expect((await stub(session.conversationId).getView())!.prompt).toEqual({ kind: "question", stepId: "size", field: "custom" });
  });

  it("an End step says its message and closes the conversation", async () => {
    const { iface } = await adminWithInterface();
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    await choose(visitor, "topic", "browse");
    await lastBotText(visitor, "Enjoy your visit!");
    await visitor.next((f) => f.type === "state" && f.conversation.status === "closed");
  });

  it("a delayed message comes from the alarm after the bot typed, even after an eviction", async () => {
    const { iface } = await adminWithInterface({
      start: "wait",
      offerRequestsAnytime: false,
      steps: [
        { id: "wait", kind: "message", text: "Let me check…", delaySeconds: 3, next: "done" },
        { id: "done", kind: "end", text: "" },
      ],
    });
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    expect(visitor.frames[0].messages.filter((m: { author: { kind: string } }) => m.author.kind === "bot")).toEqual([]);
    await evictDurableObject(stub(session.conversationId), { webSockets: "hibernate" });
    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as { state: { cursor: { dueAt: number } } }).state.cursor.dueAt = Date.now() - 1;
    });
    await runDurableObjectAlarm(stub(session.conversationId));
    await lastBotText(visitor, "Let me check…");
    await visitor.next((f) => f.type === "state" && f.conversation.status === "closed");
  });

  it("without a Live chat step the visitor is offered no request and cannot queue one, yet an agent can still step in", async () => {
    const { ws, iface } = await adminWithInterface({
      start: "hi",
      offerRequestsAnytime: false,
      steps: [{ id: "hi", kind: "message", text: "Hi there" }],
    });
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    expect(latestView(visitor)).toMatchObject({ requestOffer: null, prompt: null });
    visitor.send({ type: "request", kind: "live" });
    expect((await visitor.next((f) => f.type === "error")).code).toBe("request_unavailable");
    await say(visitor, "hello?");
    await lastBotText(visitor, "Thanks for your message! Someone from the team will get back to you here.");
    const agent = await signedIn(ws.id, "agent");
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/assign`)).status).toBe(200);
  });

  it("with nobody online, a request goes straight to the offline form when the Live chat step says so", async () => {
    const { iface } = await adminWithInterface({
      start: "human",
      offerRequestsAnytime: true,
      steps: [{ id: "human", kind: "live_chat", offer: "both", whenNobodyOnline: "offline_form", offlineForm: { enabled: true, fields: { phone: { ask: true, required: true } } } }],
    });
    const visitor = await visitorSocket(await visitorSession(iface.id));
    visitor.send({ type: "request", kind: "live" });
    const offline = await visitor.next((f) => f.type === "state" && f.conversation.status === "offline_form");
    expect(offline.conversation.offlineForm.fields.phone).toEqual({ ask: true, required: true });
    await visitor.next((f) => f.type === "message" && f.message.notice?.code === "nobody_online");
  });

  it("with the offline form off, a request nobody accepts in time returns the visitor to the bot", async () => {
    const { iface } = await adminWithInterface({
      start: "human",
      offerRequestsAnytime: true,
      steps: [{ id: "human", kind: "live_chat", offer: "live", timeoutSeconds: 10, whenNobodyOnline: "wait", offlineForm: { enabled: false } }],
    });
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "live" });
    await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as { state: { requestDeadline: number } }).state.requestDeadline = Date.now() - 1;
    });
    await runDurableObjectAlarm(stub(session.conversationId));
    const back = await visitor.next((f) => f.type === "state" && f.conversation.status === "bot");
    expect(back.conversation).toMatchObject({ requestOffer: "live", offlineForm: null });
  });
});
