// What a visitor's credentials open, and what they never open: agent routes and sockets, other
// visitors' conversations, other workspaces' contacts, and files through someone else's link.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signToken } from "../src/lib/signedTokens";
import { Client, createInterface, createWorkspace, ORIGIN, signedIn, unique, visitorSession } from "./helpers";

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="), (c) => c.charCodeAt(0));

async function setup() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id);
  const session = await visitorSession(iface.id);
  return { ws, iface, session };
}

async function upload(path: string, headers: Record<string, string>) {
  const form = new FormData();
  form.append("file", new File([PNG], "a.png", { type: "image/png" }));
  const res = await exports.default.fetch(`${ORIGIN}${path}`, { method: "POST", headers: { Origin: ORIGIN, "CF-Connecting-IP": unique("ip"), ...headers }, body: form });
  return { status: res.status, json: (await res.json()) as any };
}

const signingKeyOf = async (interfaceId: string) =>
  (await env.DB.prepare("SELECT signing_key AS key FROM chat_interfaces WHERE id = ?").bind(interfaceId).first<{ key: string }>())!.key;

describe("a visitor token on agent routes", () => {
  it("opens no agent endpoint, as a bearer token or as the session cookie (401)", async () => {
    const { session } = await setup();
    const bearer = { Authorization: `Bearer ${session.visitorToken}` };
    const cookie = { Cookie: `raibu_session=${session.visitorToken}` };
    const c = session.conversationId;
    const v = session.visitorId;
    for (const auth of [bearer, cookie]) {
      const client = new Client();
      const attempts = [
        await client.request("GET", "/api/me", undefined, auth),
        await client.request("GET", "/api/conversations", undefined, auth),
        await client.request("POST", `/api/conversations/${c}/assign`, {}, auth),
        await client.request("POST", `/api/conversations/${c}/close`, {}, auth),
        await client.request("GET", `/api/visitors/${v}`, undefined, auth),
        await client.request("PUT", `/api/visitors/${v}/contact`, { name: "Self-made contact" }, auth),
        await client.request("POST", `/api/visitors/${v}/notes`, { body: "note" }, auth),
        await client.request("GET", "/api/interfaces", undefined, auth),
        await client.request("GET", "/api/users", undefined, auth),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(401);
        expect(res.json.error.code).toBe("unauthorized");
      }
      expect((await upload(`/api/conversations/${c}/attachments`, auth)).status).toBe(401);
    }
    const contacts = await env.DB.prepare("SELECT COUNT(*) AS n FROM contacts WHERE visitor_id = ?").bind(v).first<{ n: number }>();
    expect(contacts!.n).toBe(0);
  });

  it("opens no agent socket: lobby and conversation upgrades answer 401", async () => {
    const { session } = await setup();
    const token = encodeURIComponent(session.visitorToken);
    for (const path of [`/ws/lobby?token=${token}`, `/ws/conversations/${session.conversationId}?token=${token}`]) {
      const credentials: Record<string, string>[] = [{ Authorization: `Bearer ${session.visitorToken}` }, { Cookie: `raibu_session=${session.visitorToken}` }];
      for (const headers of credentials) {
        const res = await exports.default.fetch(`${ORIGIN}${path}`, { headers: { Upgrade: "websocket", Origin: ORIGIN, ...headers } });
        expect(res.status).toBe(401);
        expect(res.webSocket).toBeNull();
      }
    }
  });
});

describe("uploads", () => {
  it("a visitor cannot upload into another visitor's conversation, nor an agent into another workspace's", async () => {
    const { ws, iface, session } = await setup();
    const other = await visitorSession(iface.id);
    const intoOther = await upload(`/api/widget/attachments?conversation=${session.conversationId}`, { Authorization: `Bearer ${other.visitorToken}` });
    expect(intoOther.status).toBe(404);
    const stranger = await signedIn((await createWorkspace()).id, "owner");
    expect((await upload(`/api/conversations/${session.conversationId}/attachments`, { Cookie: stranger.client.cookie })).status).toBe(404);
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM uploads WHERE workspace_id = ? AND conversation_id = ?").bind(ws.id, session.conversationId).first<{ n: number }>();
    expect(stored!.n).toBe(0);
  });
});

describe("contacts across workspaces", () => {
  it("an agent of another workspace cannot write a visitor's contact (404), and no contact is created", async () => {
    const { session } = await setup();
    const stranger = await signedIn((await createWorkspace()).id, "admin");
    const res = await stranger.client.put(`/api/visitors/${session.visitorId}/contact`, { name: "Hijacked", email: "thief@example.test" });
    expect(res.status).toBe(404);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM contacts WHERE visitor_id = ?").bind(session.visitorId).first<{ n: number }>();
    expect(row!.n).toBe(0);
    const visitor = await env.DB.prepare("SELECT name, email FROM visitors WHERE id = ?").bind(session.visitorId).first();
    expect(visitor).toEqual({ name: null, email: null });
  });
});

describe("file links", () => {
  async function stored() {
    const { ws, iface, session } = await setup();
    const { json } = await upload(`/api/widget/attachments?conversation=${session.conversationId}`, { Authorization: `Bearer ${session.visitorToken}` });
    return { ws, iface, session, key: json.key as string };
  }

  const fetchFile = (key: string, token: string) => exports.default.fetch(`${ORIGIN}/api/files/${key}?t=${encodeURIComponent(token)}`);
  const inAMinute = () => Date.now() + 60_000;

  it("a link signed for the file opens it", async () => {
    const { iface, key } = await stored();
    const token = await signToken(await signingKeyOf(iface.id), { scope: "file", exp: inAMinute(), key, i: iface.id });
    const res = await fetchFile(key, token);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
  });

  it("a link signed for another file, an expired one, or a visitor token opens nothing (401)", async () => {
    const { iface, key } = await stored();
    const signingKey = await signingKeyOf(iface.id);
    const other = await signToken(signingKey, { scope: "file", exp: inAMinute(), key: `${key}-other`, i: iface.id });
    const expired = await signToken(signingKey, { scope: "file", exp: Date.now() - 1, key, i: iface.id });
    const visitor = await signToken(signingKey, { scope: "visitor", exp: inAMinute(), key, i: iface.id });
    for (const token of [other, expired, visitor]) {
      const res = await fetchFile(key, token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.code).toBe("unauthorized");
    }
  });

  it("a link of another interface opens nothing: signed by it for this workspace's file, or claiming it while signed by this one", async () => {
    const { iface, key } = await stored();
    const elsewhere = await createInterface((await createWorkspace()).id);
    const theirs = await signToken(await signingKeyOf(elsewhere.id), { scope: "file", exp: inAMinute(), key, i: elsewhere.id });
    const misattributed = await signToken(await signingKeyOf(iface.id), { scope: "file", exp: inAMinute(), key, i: elsewhere.id });
    for (const token of [theirs, misattributed]) expect((await fetchFile(key, token)).status).toBe(401);
  });
});
