// The visitor's rating of a closed conversation: who may give it, when, once, and where it lands
// (the conversation's state, every agent's screen, D1's row for the dashboard).
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { decideRating } from "../src/conversation/rating";
import { agentSocket, conversationSetup, openSocket, visitorSession, visitorSocket } from "./helpers";

async function closedConversation() {
  const setup = await conversationSetup();
  const closed = await setup.agent.client.post(`/api/conversations/${setup.session.conversationId}/close`);
  expect(closed.status).toBe(200);
  return setup;
}

const ratingRow = (conversationId: string) =>
  env.DB.prepare("SELECT rating, rating_comment AS comment, rated_at AS ratedAt FROM conversations WHERE id = ?")
    .bind(conversationId)
    .first<{ rating: number | null; comment: string | null; ratedAt: number | null }>();

describe("rating a conversation", () => {
  it("the visitor's rating of a closed conversation reaches the agents live, their reload, and the D1 row", async () => {
    const { agent, session } = await closedConversation();
    const watching = await agentSocket(agent.client, session.conversationId);
    const visitor = await visitorSocket(session);
    visitor.send({ type: "rate", score: 4, comment: "  Quick and kind.  " });
    const seen = await watching.next((f) => f.type === "state" && f.conversation.rating !== null);
    expect(seen.conversation.rating).toMatchObject({ score: 4, comment: "Quick and kind." });
    const own = await visitor.next((f) => f.type === "state" && f.conversation.rating !== null);
    expect(own.conversation.rating.score).toBe(4);

    const reloaded = await agentSocket(agent.client, session.conversationId);
    expect(reloaded.frames[0].conversation.rating).toMatchObject({ score: 4, comment: "Quick and kind." });
    await vi.waitFor(async () => expect(await ratingRow(session.conversationId)).toMatchObject({ rating: 4, comment: "Quick and kind.", ratedAt: expect.any(Number) }), {
      timeout: 3000,
      interval: 50,
    });
    for (const socket of [watching, visitor, reloaded]) socket.close();
  });

  it("the agents' live list shows the rating on the conversation's row", async () => {
    const { agent, session } = await closedConversation();
    const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
    await lobby.next((f) => f.type === "snapshot");
    const visitor = await visitorSocket(session);
    visitor.send({ type: "rate", score: 3, comment: "" });
    const row = await lobby.next((f) => f.type === "conversation" && f.conversation.conversationId === session.conversationId && f.conversation.rating !== null);
    expect(row.conversation.rating).toBe(3);
    lobby.close();
    visitor.close();
  });

  it("a rating before the conversation is closed is refused with not_closed, and nothing is stored", async () => {
    const { session } = await conversationSetup();
    const visitor = await visitorSocket(session);
    visitor.send({ type: "rate", score: 5 });
    const refused = await visitor.next((f) => f.type === "error");
    expect(refused.code).toBe("not_closed");
    visitor.send({ type: "ping" });
    await visitor.next((f) => f.type === "pong");
    expect(visitor.frames.some((f) => f.type === "state" && f.conversation.rating)).toBe(false);
    expect((await ratingRow(session.conversationId))!.rating).toBeNull();
    visitor.close();
  });

  it("an agent cannot rate: their rate frame is refused as forbidden", async () => {
    const { agent, session } = await closedConversation();
    const socket = await agentSocket(agent.client, session.conversationId);
    socket.send({ type: "rate", score: 1, comment: "self-made" });
    const refused = await socket.next((f) => f.type === "error");
    expect(refused.code).toBe("forbidden");
    const again = await agentSocket(agent.client, session.conversationId);
    expect(again.frames[0].conversation.rating).toBeNull();
    socket.close();
    again.close();
  });

  it("another visitor cannot rate: their socket to the conversation is refused and the rating stays empty", async () => {
    const { agent, iface, session } = await closedConversation();
    const other = await visitorSession(iface.id);
    await expect(openSocket(`/ws/visitor?token=${encodeURIComponent(other.visitorToken)}&conversation=${session.conversationId}`)).rejects.toThrow(/no websocket/);
    const watching = await agentSocket(agent.client, session.conversationId);
    expect(watching.frames[0].conversation.rating).toBeNull();
    watching.close();
  });

  it("the first rating stands: the same one again is answered with the state, a different one is refused with already_rated", async () => {
    const { agent, session } = await closedConversation();
    const visitor = await visitorSocket(session);
    visitor.send({ type: "rate", score: 2, comment: "Slow" });
    const first = await visitor.next((f) => f.type === "state" && f.conversation.rating !== null);
    const states = () => visitor.frames.filter((f) => f.type === "state").length;
    const before = states();
    visitor.send({ type: "rate", score: 2, comment: "Slow" });
    await vi.waitFor(() => expect(states()).toBe(before + 1), { timeout: 3000, interval: 20 });
    expect(visitor.frames.at(-1).conversation.rating).toEqual(first.conversation.rating);
    visitor.send({ type: "rate", score: 5, comment: "" });
    expect((await visitor.next((f) => f.type === "error")).code).toBe("already_rated");
    const seen = await agentSocket(agent.client, session.conversationId);
    expect(seen.frames[0].conversation.rating).toMatchObject({ score: 2, comment: "Slow" });
    visitor.close();
    seen.close();
  });

  it("a score outside 1–5 or a comment over 1,000 characters is an invalid frame", async () => {
    const { session } = await closedConversation();
    const visitor = await visitorSocket(session);
    for (const frame of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: 3, comment: "x".repeat(1001) }]) {
      const errors = visitor.frames.filter((f) => f.type === "error").length;
      visitor.send({ type: "rate", ...frame });
      await vi.waitFor(() => expect(visitor.frames.filter((f) => f.type === "error").length).toBe(errors + 1), { timeout: 3000, interval: 20 });
      expect(visitor.frames.filter((f) => f.type === "error").at(-1).code).toBe("invalid_frame");
    }
    visitor.close();
  });
});

describe("the rating decision", () => {
  const closed = { status: "closed" as const, rating: null };
  it("keeps the time it was given and the comment as sent", () => {
    expect(decideRating(closed, "visitor", { score: 3, comment: "ok" }, 1234)).toEqual({ ok: true, changed: true, rating: { score: 3, comment: "ok", ratedAt: 1234 } });
  });
  it("a retry keeps the first time", () => {
    const rated = { status: "closed" as const, rating: { score: 3, comment: "ok", ratedAt: 1 } };
    expect(decideRating(rated, "visitor", { score: 3, comment: "ok" }, 99)).toEqual({ ok: true, changed: false, rating: rated.rating });
  });
});
