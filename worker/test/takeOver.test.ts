// An admin taking a colleague's conversation over through « Assign to me » with the colleague
// named; everyone else who finds it taken is refused and told who has it.
import { describe, expect, it } from "vitest";
import { conversationSetup as setup, signedIn } from "./helpers";

describe("taking a colleague's conversation over", () => {
  it("an admin who names the colleague takes their conversation over and holds it live", async () => {
    const { ws, agent, session } = await setup();
    const path = `/api/conversations/${session.conversationId}`;
    expect((await agent.client.post(`${path}/assign`)).status).toBe(200);
    const admin = await signedIn(ws.id, "admin");
    const res = await admin.client.post(`${path}/assign`, { takeOverFrom: agent.user.id });
    expect(res.status).toBe(200);
    expect(res.json.conversation).toMatchObject({ status: "live", assignee: { id: admin.user.id, name: admin.user.name } });
  });

  it("an admin pressing « Assign to me » without naming the colleague is refused with already_taken and the colleague's name", async () => {
    const { ws, agent, session } = await setup();
    const path = `/api/conversations/${session.conversationId}`;
    await agent.client.post(`${path}/assign`);
    const admin = await signedIn(ws.id, "admin");
    const res = await admin.client.post(`${path}/assign`);
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "already_taken", assignee: { id: agent.user.id, name: agent.user.name } });
  });

  it("an agent who is not an admin asking to take a colleague's conversation over gets 403 admin_only and nothing changes", async () => {
    const { ws, agent, session } = await setup();
    const path = `/api/conversations/${session.conversationId}`;
    await agent.client.post(`${path}/assign`);
    const colleague = await signedIn(ws.id, "agent");
    const res = await colleague.client.post(`${path}/assign`, { takeOverFrom: agent.user.id });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("admin_only");
    const again = await colleague.client.post(`${path}/assign`);
    expect(again.json.error).toMatchObject({ code: "already_taken", assignee: { id: agent.user.id } });
  });

  it("an admin of another workspace cannot take the conversation over: it is not found", async () => {
    const { agent, session } = await setup();
    const path = `/api/conversations/${session.conversationId}`;
    await agent.client.post(`${path}/assign`);
    const { ws: otherWs } = await setup();
    const stranger = await signedIn(otherWs.id, "admin");
    const res = await stranger.client.post(`${path}/assign`, { takeOverFrom: agent.user.id });
    expect(res.status).toBe(404);
    const check = await agent.client.post(`${path}/assign`);
    expect(check.json.conversation.assignee.id).toBe(agent.user.id);
  });

  it("an assign body with an unknown field is refused with 400", async () => {
    const { agent, session } = await setup();
    const res = await agent.client.post(`/api/conversations/${session.conversationId}/assign`, { takeOver: true });
    expect(res.status).toBe(400);
  });
});
