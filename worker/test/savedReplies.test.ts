// Saved replies: who may write the workspace's and whose own, what each agent lists, and that
// nothing crosses workspaces.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_SAVED_REPLIES } from "@raibu/protocol/savedReplies";
import { Client, createWorkspace, signedIn, unique } from "./helpers";

const bodyOf = async (id: string) => (await env.DB.prepare("SELECT body FROM saved_replies WHERE id = ?").bind(id).first<{ body: string }>())?.body ?? null;

describe("saved replies", () => {
  it("an agent lists the workspace's replies and their own, not another agent's, by shortcut", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    const me = await signedIn(ws.id, "agent");
    const other = await signedIn(ws.id, "agent");
    expect((await admin.client.post("/api/saved-replies", { scope: "workspace", shortcut: "Hello", body: "Hi {visitor.name}!" })).status).toBe(201);
    const mine = await me.client.post("/api/saved-replies", { shortcut: "bye", body: "Bye!", language: "en" });
    expect(mine.status).toBe(201);
    expect(mine.json).toMatchObject({ scope: "personal", shortcut: "bye", language: "en" });
    await other.client.post("/api/saved-replies", { shortcut: "secret", body: "Not yours" });

    const listed = await me.client.get("/api/saved-replies");
    expect(listed.status).toBe(200);
    expect(listed.json.replies.map((r: { shortcut: string; scope: string }) => [r.shortcut, r.scope])).toEqual([
      ["bye", "personal"],
      ["hello", "workspace"],
    ]);
  });

  it("an agent may not create, edit or delete the workspace's replies (403 admin_required), and nothing changes", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    const agent = await signedIn(ws.id, "agent");
    const created = await agent.client.post("/api/saved-replies", { scope: "workspace", shortcut: "promo", body: "10% off" });
    expect(created.status).toBe(403);
    expect(created.json.error.code).toBe("admin_required");
    const shared = (await admin.client.post("/api/saved-replies", { scope: "workspace", shortcut: "hours", body: "9 to 5" })).json;
    const edited = await agent.client.patch(`/api/saved-replies/${shared.id}`, { body: "Never" });
    expect(edited.status).toBe(403);
    expect(edited.json.error.code).toBe("admin_required");
    expect((await agent.client.delete(`/api/saved-replies/${shared.id}`)).status).toBe(403);
    expect(await bodyOf(shared.id)).toBe("9 to 5");
    expect((await agent.client.get("/api/saved-replies")).json.replies.map((r: { shortcut: string }) => r.shortcut)).toEqual(["hours"]);
  });

  it("an admin edits and deletes the workspace's replies", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    const shared = (await admin.client.post("/api/saved-replies", { scope: "workspace", shortcut: "hours", body: "9 to 5", language: "en" })).json;
    const edited = await admin.client.patch(`/api/saved-replies/${shared.id}`, { shortcut: "Opening-Hours", body: "9 to 6", language: null });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ shortcut: "opening-hours", body: "9 to 6", language: null, scope: "workspace" });
    expect(edited.json.updatedAt).toBeGreaterThanOrEqual(shared.updatedAt);
    expect((await admin.client.delete(`/api/saved-replies/${shared.id}`)).status).toBe(200);
    expect(await bodyOf(shared.id)).toBeNull();
  });

  it("another agent's reply is not found for editing or deleting, even by an admin", async () => {
    const ws = await createWorkspace();
    const owner = await signedIn(ws.id, "agent");
    const colleague = await signedIn(ws.id, "agent");
    const admin = await signedIn(ws.id, "admin");
    const reply = (await owner.client.post("/api/saved-replies", { shortcut: "mine", body: "Only mine" })).json;
    for (const client of [colleague.client, admin.client]) {
      const edited = await client.patch(`/api/saved-replies/${reply.id}`, { body: "Changed" });
      expect(edited.status).toBe(404);
      expect(edited.json.error.code).toBe("not_found");
      expect((await client.delete(`/api/saved-replies/${reply.id}`)).status).toBe(404);
    }
    expect(await bodyOf(reply.id)).toBe("Only mine");
    expect((await owner.client.patch(`/api/saved-replies/${reply.id}`, { body: "Still mine" })).status).toBe(200);
    expect(await bodyOf(reply.id)).toBe("Still mine");
  });

  it("another workspace's replies are neither listed nor editable nor deletable", async () => {
    const ours = await createWorkspace();
    const theirs = await createWorkspace();
    const theirAdmin = await signedIn(theirs.id, "admin");
    const shared = (await theirAdmin.client.post("/api/saved-replies", { scope: "workspace", shortcut: "theirs", body: "Their text" })).json;
    const ourAdmin = await signedIn(ours.id, "admin");
    expect((await ourAdmin.client.get("/api/saved-replies")).json.replies).toEqual([]);
    expect((await ourAdmin.client.patch(`/api/saved-replies/${shared.id}`, { body: "Ours now" })).status).toBe(404);
    expect((await ourAdmin.client.delete(`/api/saved-replies/${shared.id}`)).status).toBe(404);
    expect(await bodyOf(shared.id)).toBe("Their text");
  });

  it("a shortcut already used in the same scope is refused with shortcut_taken; the other scope may reuse it", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    expect((await admin.client.post("/api/saved-replies", { scope: "workspace", shortcut: "thanks", body: "Thanks!" })).status).toBe(201);
    const again = await admin.client.post("/api/saved-replies", { scope: "workspace", shortcut: "THANKS", body: "Thank you!" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("shortcut_taken");
    expect((await admin.client.post("/api/saved-replies", { scope: "personal", shortcut: "thanks", body: "Cheers" })).status).toBe(201);
    const other = (await admin.client.post("/api/saved-replies", { scope: "workspace", shortcut: "ty", body: "Ty" })).json;
    expect((await admin.client.patch(`/api/saved-replies/${other.id}`, { shortcut: "thanks" })).json.error.code).toBe("shortcut_taken");
  });

  it("a shortcut with a space or an empty body is refused with invalid_request naming the field", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id, "agent");
    const spaced = await client.post("/api/saved-replies", { shortcut: "two words", body: "Hi" });
    expect(spaced.status).toBe(400);
    expect(spaced.json.error).toMatchObject({ code: "invalid_request" });
    expect(spaced.json.error.message).toContain("shortcut");
    const empty = await client.post("/api/saved-replies", { shortcut: "hi", body: "   " });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toContain("body");
  });

  it(`an agent holding ${MAX_SAVED_REPLIES} replies is refused another with limit_reached and the maximum`, async () => {
    const ws = await createWorkspace();
    const { client, user } = await signedIn(ws.id, "agent");
    const rows = Array.from({ length: MAX_SAVED_REPLIES }, (_, i) =>
      env.DB.prepare("INSERT INTO saved_replies (id, workspace_id, owner_id, shortcut, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)").bind(unique("sr"), ws.id, user.id, `s${i}`, "x", Date.now()),
    );
    await env.DB.batch(rows);
    const refused = await client.post("/api/saved-replies", { shortcut: "one-more", body: "Too many" });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "limit_reached", max: MAX_SAVED_REPLIES });
  });

  it("saved replies need a signed-in agent", async () => {
    expect((await new Client().get("/api/saved-replies")).status).toBe(401);
  });
});
