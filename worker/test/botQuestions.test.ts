// The bot's questions through real sockets: what is not a name stays a message and the agents are
// told, a name given later relabels the visitor's earlier messages, an email can be declined once
// asked again, agents see each answer as it comes, and a returning visitor is not asked again.
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { agentSocket, Client, conversationSetup, createInterface, createWorkspace, messageId, pageView, visitorSession, visitorSocket, type TestSocket } from "./helpers";

const FLOW = {
  start: "hello",
  offerRequestsAnytime: false,
  steps: [
    { id: "hello", kind: "message", text: "Welcome to the bike shop!", next: "name" },
    { id: "name", kind: "question", text: "What's your name?", field: "name", next: "email" },
    { id: "email", kind: "question", text: "And your email?", field: "email", next: "size" },
    { id: "size", kind: "question", text: "Your frame size?", field: "custom", customField: "Frame size", next: "thanks" },
    { id: "thanks", kind: "message", text: "Thanks, someone will be with you soon." },
  ],
};

const botSaid = (socket: TestSocket, text: string) =>
  socket.next((f) => {
    const messages = f.type === "welcome" ? f.messages : f.type === "message" ? [f.message] : [];
    return messages.some((m: { author: { kind: string }; text: string }) => m.author.kind === "bot" && m.text === text);
  });

async function say(socket: TestSocket, text: string) {
  const id = messageId();
  socket.send({ type: "message", id, text });
  await socket.next((f) => f.type === "ack" && f.id === id);
}

const botTexts = (socket: TestSocket) =>
  socket.frames.flatMap((f) => (f.type === "welcome" ? f.messages : f.type === "message" ? [f.message] : [])).filter((m) => m.author.kind === "bot").map((m) => m.text);

describe("the bot's name question", () => {
  it("a question typed where the name was asked stays a visitor message, tells the agents, does not rename the visitor, and the name is asked again", async () => {
    const { agent, session } = await conversationSetup({ flow: FLOW });
    const visitor = await visitorSocket(session);
    const watching = await agentSocket(agent.client, session.conversationId);
    await botSaid(visitor, "What's your name?");
    await say(visitor, "Do you deliver cargo bikes to Lyon?");
    await botSaid(visitor, "Could you tell me your name?");
    const seen = (await watching.next((f) => f.type === "message" && f.message.notice?.code === "kept_as_message")).message;
    expect(seen.author.kind).toBe("system");
    const question = watching.frames.find((f) => f.type === "message" && f.message.text === "Do you deliver cargo bikes to Lyon?").message;
    expect(question.author).toMatchObject({ kind: "visitor", name: session.visitorName });
    expect(question.seq).toBeLessThan(seen.seq);
    const { visitor: record } = (await agent.client.get(`/api/visitors/${session.visitorId}`)).json;
    expect(record).toMatchObject({ name: null, displayName: session.visitorName });
    expect([...watching.frames].reverse().find((f) => f.type === "state")?.conversation.visitor.name ?? null).toBeNull();
  });

  it("a name given after a question relabels the visitor's earlier messages", async () => {
    const { agent, session } = await conversationSetup({ flow: FLOW });
    const visitor = await visitorSocket(session);
    await botSaid(visitor, "What's your name?");
    await say(visitor, "Do you deliver cargo bikes to Lyon?");
    await say(visitor, "my name is Marie Curie");
    await botSaid(visitor, "And your email?");
    const watching = await agentSocket(agent.client, session.conversationId);
    const fromVisitor = watching.frames[0].messages.filter((m: { author: { kind: string } }) => m.author.kind === "visitor");
    expect(fromVisitor.map((m: { text: string; author: { name: string } }) => [m.text, m.author.name])).toEqual([
      ["Do you deliver cargo bikes to Lyon?", "Marie Curie"],
      ["my name is Marie Curie", "Marie Curie"],
    ]);
    expect(watching.frames[0].conversation.visitor.name).toBe("Marie Curie");
  });

  it("after two answers that are not names the bot moves on, both kept as messages", async () => {
    const { agent, session } = await conversationSetup({ flow: FLOW });
    const visitor = await visitorSocket(session);
    await botSaid(visitor, "What's your name?");
    await say(visitor, "Do you deliver cargo bikes to Lyon?");
    await botSaid(visitor, "Could you tell me your name?");
    await say(visitor, "hi");
    await botSaid(visitor, "And your email?");
    const watching = await agentSocket(agent.client, session.conversationId);
    expect(watching.frames[0].messages.filter((m: { notice: { code: string } | null }) => m.notice?.code === "kept_as_message")).toHaveLength(2);
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor.name).toBeNull();
  });
});

describe("the bot's email question", () => {
  it("after a wrong email the visitor may decline with « I'd rather not » instead of being asked forever", async () => {
    const { agent, session } = await conversationSetup({ flow: FLOW });
    const visitor = await visitorSocket(session);
    await say(visitor, "Marie");
    await botSaid(visitor, "And your email?");
    const atEmail = await visitor.next((f) => f.type === "state" && f.conversation.prompt?.stepId === "email");
    expect(atEmail.conversation.prompt).toEqual({ kind: "question", stepId: "email", field: "email" });
    await say(visitor, "marie at home");
    const asked = await visitor.next((f) => f.type === "state" && f.conversation.prompt?.skip);
    expect(asked.conversation.prompt).toEqual({ kind: "question", stepId: "email", field: "email", skip: { id: "skip", label: "I'd rather not" } });
    const id = messageId();
    visitor.send({ type: "choice", id, stepId: "email", choiceId: "skip" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    await botSaid(visitor, "Your frame size?");
    const watching = await agentSocket(agent.client, session.conversationId);
    expect(watching.frames[0].messages.find((m: { id: string }) => m.id === id)).toMatchObject({ text: "I'd rather not", author: { kind: "visitor" } });
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor).toMatchObject({ name: "Marie", email: null });
  });

  it("an agent watching the conversation sees the email and the name in its view as the visitor gives them", async () => {
    const { agent, session } = await conversationSetup({ flow: FLOW });
    const visitor = await visitorSocket(session);
    const watching = await agentSocket(agent.client, session.conversationId);
    expect(watching.frames[0].conversation.visitor).toEqual({ name: null, email: null, phone: null, custom: {} });
    await say(visitor, "Marie");
    await say(visitor, "Marie@Example.com");
    const told = await watching.next((f) => f.type === "state" && f.conversation.visitor?.email);
    expect(told.conversation.visitor).toEqual({ name: "Marie", email: "marie@example.com", phone: null, custom: {} });
    // The visitor's own view carries none of it.
    expect(visitor.frames.filter((f) => f.type === "state" || f.type === "welcome").every((f) => f.conversation.visitor === undefined)).toBe(true);
  });
});

describe("a returning visitor", () => {
  it("is not asked again the name and email an earlier conversation collected", async () => {
    const { agent, session, iface } = await conversationSetup({ flow: FLOW });
    const visitor = await visitorSocket(session);
    await say(visitor, "Marie");
    await say(visitor, "marie@example.com");
    await botSaid(visitor, "Your frame size?");
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/close`)).status).toBe(200);
    visitor.close();

    const again = await visitorSession(iface.id, session.visitorToken);
    expect(again.conversationId).not.toBe(session.conversationId);
    const back = await visitorSocket(again);
    await botSaid(back, "Your frame size?");
    expect(botTexts(back)).toEqual(["Welcome to the bike shop!", "Your frame size?"]);
    expect(back.frames[0].conversation.prompt).toMatchObject({ stepId: "size" });
  });

  it("whose website verified their name and email before they opened the chat is not asked them", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { flow: FLOW });
    const page = await pageView(iface.id);
    const token = await sign({ sub: "user-9", email: "lena@example.test", name: "Lena Petit", exp: Math.floor(Date.now() / 1000) + 3600 }, iface.identitySecret, "HS256");
    const identified = await new Client().request("POST", "/api/widget/identify", { token }, { Authorization: `Bearer ${page.visitorToken}` });
    expect(identified.status).toBe(200);
    const visitor = await visitorSocket(await visitorSession(iface.id, page.visitorToken));
    await botSaid(visitor, "Your frame size?");
    expect(botTexts(visitor)).toEqual(["Welcome to the bike shop!", "Your frame size?"]);
  });

  it("identified while the bot waits on their name, gives it and is then not asked the email the website verified", async () => {
    const { iface, session } = await conversationSetup({ flow: FLOW });
    const token = await sign({ sub: "user-9", email: "lena@example.test", exp: Math.floor(Date.now() / 1000) + 3600 }, iface.identitySecret, "HS256");
    const identified = await new Client().request("POST", "/api/widget/identify", { token }, { Authorization: `Bearer ${session.visitorToken}` });
    expect(identified.status).toBe(200);
    const visitor = await visitorSocket(session);
    await say(visitor, "Lena");
    await botSaid(visitor, "Your frame size?");
    expect(botTexts(visitor)).not.toContain("And your email?");
  });
});
