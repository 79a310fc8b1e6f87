import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { agentSocket, createInterface, createWorkspace, messageId, signedIn, visitorSession, visitorSocket } from "./helpers";

async function setup() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id);
  const agent = await signedIn(ws.id, "agent");
  const session = await visitorSession(iface.id);
  return { ws, iface, agent, session };
}

describe("the visitor panel", () => {
  it("shows what the widget reported: page, referrer, language, time zone and user agent", async () => {
    const { agent, session } = await setup();
    const { json } = await agent.client.get(`/api/visitors/${session.visitorId}`);
    expect(json.visitor.context).toMatchObject({
      page: "https://customer.example/pricing",
      referrer: "https://search.example/",
      language: "en-GB",
      timeZone: "Europe/London",
    });
    expect(json.visitor.displayName).toMatch(/^Visitor #\d+$/);
    expect(json.contact).toBeNull();
  });
});

describe("visitor numbers", () => {
  it("200 visitors arriving at once in one workspace get 200 distinct numbers, 1 to 200", { timeout: 30_000 }, async () => {
    const ws = await createWorkspace();
    const interfaces = await Promise.all([1, 2, 3, 4].map(() => createInterface(ws.id)));
    const sessions = await Promise.all(Array.from({ length: 200 }, (_, i) => visitorSession(interfaces[i % 4]!.id)));
    const { results } = await env.DB.prepare("SELECT number FROM visitors WHERE workspace_id = ?").bind(ws.id).all<{ number: number }>();
    expect(results.map((r) => r.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(sessions.map((s) => s.visitorName)).size).toBe(200);
  });

  it("a new workspace's first visitor is Visitor #1", async () => {
    const ws = await createWorkspace();
    const session = await visitorSession((await createInterface(ws.id)).id);
    expect(session.visitorName).toBe("Visitor #1");
  });
});

describe("« Marquer comme contact »", () => {
  it("stores the contact fields in D1, linked to the visitor, and names the visitor everywhere", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    const fields = {
      name: "Jeanne Moreau",
      email: "Jeanne@Example.test",
      phone: "+33 6 12 34 56 78",
      company: "Moreau SARL",
      jobTitle: "Buyer",
      website: "https://moreau.example",
      address: "1 rue de la Paix",
      city: "Paris",
      country: "France",
      customFields: { "Fleet size": "12" },
    };
    const res = await agent.client.request("PUT", `/api/visitors/${session.visitorId}/contact`, fields);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ...fields, email: "jeanne@example.test", visitorId: session.visitorId });
    const detail = (await agent.client.get(`/api/visitors/${session.visitorId}`)).json;
    expect(detail.contact.id).toBe(res.json.id);
    expect(detail.visitor).toMatchObject({ name: "Jeanne Moreau", email: "jeanne@example.test", displayName: "Jeanne Moreau" });

    // Saving again updates the same contact.
    const again = await agent.client.request("PUT", `/api/visitors/${session.visitorId}/contact`, { ...fields, city: "Lyon" });
    expect(again.json.id).toBe(res.json.id);
    expect(again.json.city).toBe("Lyon");
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM contacts WHERE visitor_id = ?").bind(session.visitorId).first<{ n: number }>();
    expect(row?.n).toBe(1);

    // The visitor's messages now carry the name.
    const id = messageId();
    visitor.send({ type: "message", id, text: "merci" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    const watcher = await agentSocket(agent.client, session.conversationId);
    const welcome = watcher.frames.find((f) => f.type === "welcome");
    expect(welcome.messages.find((m: { id: string }) => m.id === id).author.name).toBe("Jeanne Moreau");
  });

  it("refuses a malformed email with a 400 that names the field", async () => {
    const { agent, session } = await setup();
    const res = await agent.client.request("PUT", `/api/visitors/${session.visitorId}/contact`, { email: "not-an-email" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("email");
  });
});

describe("notes", () => {
  it("agents add, edit and delete sticky notes, with author and time, seen by the whole workspace", async () => {
    const { ws, agent, session } = await setup();
    const colleague = await signedIn(ws.id, "agent");
    const created = await agent.client.post(`/api/visitors/${session.visitorId}/notes`, { body: "Wants a cargo bike before June" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ body: "Wants a cargo bike before June", author: { id: agent.user.id, name: agent.user.name } });
    expect(created.json.createdAt).toBeGreaterThan(0);

    const seen = (await colleague.client.get(`/api/visitors/${session.visitorId}`)).json.notes;
    expect(seen.map((n: { body: string }) => n.body)).toEqual(["Wants a cargo bike before June"]);

    // Only the author (or an admin) edits or deletes.
    expect((await colleague.client.patch(`/api/notes/${created.json.id}`, { body: "changed" })).status).toBe(403);
    const edited = await agent.client.patch(`/api/notes/${created.json.id}`, { body: "Wants a cargo bike before July" });
    expect(edited.json.body).toBe("Wants a cargo bike before July");
    expect((await agent.client.delete(`/api/notes/${created.json.id}`)).status).toBe(200);
    expect((await colleague.client.get(`/api/visitors/${session.visitorId}`)).json.notes).toEqual([]);
  });

  it("an empty note is refused", async () => {
    const { agent, session } = await setup();
    const res = await agent.client.post(`/api/visitors/${session.visitorId}/notes`, { body: "   " });
    expect(res.status).toBe(400);
  });

  it("an agent of another workspace cannot touch the notes", async () => {
    const { agent, session } = await setup();
    const { json: note } = await agent.client.post(`/api/visitors/${session.visitorId}/notes`, { body: "private" });
    const stranger = await signedIn((await createWorkspace()).id, "owner");
    expect((await stranger.client.post(`/api/visitors/${session.visitorId}/notes`, { body: "x" })).status).toBe(404);
    expect((await stranger.client.patch(`/api/notes/${note.id}`, { body: "x" })).status).toBe(404);
    expect((await stranger.client.delete(`/api/notes/${note.id}`)).status).toBe(404);
    expect((await stranger.client.request("PUT", `/api/visitors/${session.visitorId}/contact`, { name: "x" })).status).toBe(404);
  });
});

describe("attachments", () => {
  /** A real 1×1 PNG: the server types files by reading them. */
  const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="), (c) => c.charCodeAt(0));

  async function upload(session: { visitorToken: string; conversationId: string }, file: File) {
    const form = new FormData();
    form.append("file", file);
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch(`http://localhost/api/widget/attachments?conversation=${session.conversationId}`, {
      method: "POST",
      headers: { Origin: "http://localhost", Authorization: `Bearer ${session.visitorToken}` },
      body: form,
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  it("a visitor sends an image: stored in R2, delivered with a signed link that serves it", async () => {
    const { agent, session } = await setup();
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const visitor = await visitorSocket(session);
    const watcher = await agentSocket(agent.client, session.conversationId);
    const up = await upload(session, new File([PNG], "bike.png", { type: "image/png" }));
    expect(up.status).toBe(200);
    expect(up.json).toMatchObject({ name: "bike.png", size: PNG.length, type: "image/png" });
    const id = messageId();
    visitor.send({ type: "message", id, text: "", attachment: up.json });
    const delivered = await watcher.next((f) => f.type === "message" && f.message.id === id);
    const url = new URL(delivered.message.attachment.url);
    const { exports } = await import("cloudflare:workers");
    const file = await exports.default.fetch(`http://localhost${url.pathname}${url.search}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("image/png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    const forged = await exports.default.fetch(`http://localhost${url.pathname}?t=${url.searchParams.get("t")!.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
  });

  it("a file whose content is not its declared type is refused", async () => {
    const { session } = await setup();
    const res = await upload(session, new File(["MZ this is an exe"], "cat.png", { type: "image/png" }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("type_mismatch");
  });

  it("a type outside the allow-list is refused", async () => {
    const { session } = await setup();
    const res = await upload(session, new File(["<svg onload=alert(1)>"], "x.svg", { type: "image/svg+xml" }));
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_type");
  });

  it("a file over 10 MB is refused with 413", async () => {
    const { session } = await setup();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    const res = await upload(session, new File([big], "huge.png", { type: "image/png" }));
    expect(res.status).toBe(413);
  });

  it("a message cannot point at another conversation's file", async () => {
    const { iface, session } = await setup();
    const other = await visitorSession(iface.id);
    const up = await upload(other, new File([PNG], "theirs.png", { type: "image/png" }));
    const visitor = await visitorSocket(session);
    const id = messageId();
    visitor.send({ type: "message", id, text: "", attachment: up.json });
    expect((await visitor.next((f) => f.type === "error" && f.id === id)).code).toBe("invalid_attachment");
  });

  it("a visitor cannot upload into someone else's conversation", async () => {
    const { iface, session } = await setup();
    const other = await visitorSession(iface.id);
    const res = await upload({ visitorToken: other.visitorToken, conversationId: session.conversationId }, new File([PNG], "a.png", { type: "image/png" }));
    expect(res.status).toBe(404);
  });
});
