import { describe, expect, it } from "vitest";
import { createUser, createWorkspace, signedIn, unique } from "./helpers";

describe("workspace isolation", () => {
  it("an agent of workspace B gets 404 on every workspace-A resource", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const { client: adminA } = await signedIn(a.id, "admin");
    const memberA = await createUser(a.id, "agent");
    const { json: inviteA } = await adminA.post("/api/users/invites", { email: `${unique("a")}@example.test` });
    const { json: outboxA } = await adminA.get("/api/dev/outbox");
    const emailA = outboxA.emails[0];
    expect(emailA).toBeDefined();

    const { client: adminB } = await signedIn(b.id, "admin");
    const attempts = [
      await adminB.patch(`/api/users/${memberA.id}`, { role: "admin" }),
      await adminB.delete(`/api/users/${memberA.id}`),
      await adminB.delete(`/api/users/invites/${inviteA.id}`),
      await adminB.get(`/api/dev/outbox/${emailA.id}`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
  });

  it("lists show only the caller's workspace", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const { client: adminA } = await signedIn(a.id, "admin");
    const inviteEmail = `${unique("only-a")}@example.test`;
    await adminA.post("/api/users/invites", { email: inviteEmail });
    const { client: adminB, user: userB } = await signedIn(b.id, "admin");

    const members = (await adminB.get("/api/users")).json.members;
    expect(members.map((m: { id: string }) => m.id)).toEqual([userB.id]);
    expect((await adminB.get("/api/users/invites")).json.invites).toEqual([]);
    const outbox = (await adminB.get("/api/dev/outbox")).json.emails;
    expect(outbox.some((e: { to: string }) => e.to === inviteEmail)).toBe(false);
  });
});

describe("roles", () => {
  it("an admin changes an agent's role but never the owner's", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const agent = await createUser(ws.id, "agent");
    const owner = await createUser(ws.id, "owner");
    expect((await admin.patch(`/api/users/${agent.id}`, { role: "admin" })).json.role).toBe("admin");
    expect((await admin.patch(`/api/users/${owner.id}`, { role: "agent" })).status).toBe(403);
    expect((await admin.delete(`/api/users/${owner.id}`)).status).toBe(403);
  });

  it("a removed member's sessions stop working at once", async () => {
    const ws = await createWorkspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    const { user, client } = await signedIn(ws.id, "agent");
    expect((await admin.delete(`/api/users/${user.id}`)).status).toBe(200);
    expect((await client.get("/api/me")).status).toBe(401);
  });

  it("an agent cannot change roles", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id, "agent");
    const other = await createUser(ws.id, "agent");
    expect((await client.patch(`/api/users/${other.id}`, { role: "admin" })).status).toBe(403);
  });
});
