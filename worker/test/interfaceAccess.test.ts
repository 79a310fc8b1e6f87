// Chat interfaces: who may change them and their identity secret, and which websites they may
// allow (no wildcard over everything, a top-level domain or a public suffix).
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createInterface, createWorkspace, signedIn } from "./helpers";

const secretOf = async (id: string) =>
  (await env.DB.prepare("SELECT identity_secret AS secret FROM chat_interfaces WHERE id = ?").bind(id).first<{ secret: string }>())!.secret;

describe("allowed origins", () => {
  it("an admin saving an over-broad wildcard is refused with origin_too_broad naming it; https://*.example.com is saved", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id, "admin");
    for (const origin of ["https://*.com", "https://*.co.uk", "*"]) {
      const created = await client.post("/api/interfaces", { name: "Site", allowedOrigins: ["https://acme.com", origin] });
      expect(created.status).toBe(400);
      expect(created.json.error).toMatchObject({ code: "origin_too_broad", origin });
    }
    const ok = await client.post("/api/interfaces", { name: "Site", allowedOrigins: ["https://*.example.com"] });
    expect(ok.status).toBe(201);
    expect(ok.json.allowedOrigins).toEqual(["https://*.example.com"]);
    const updated = await client.patch(`/api/interfaces/${ok.json.id}`, { allowedOrigins: ["https://*.com.au"] });
    expect(updated.status).toBe(400);
    expect(updated.json.error).toMatchObject({ code: "origin_too_broad", origin: "https://*.com.au" });
    expect((await client.get(`/api/interfaces/${ok.json.id}`)).json.allowedOrigins).toEqual(["https://*.example.com"]);
  });

  it("an over-broad pattern saved before they were refused neither frames the widget nor opens a session", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    await env.DB.prepare("UPDATE chat_interfaces SET allowed_origins = ? WHERE id = ?").bind(JSON.stringify(["https://*.com", "https://acme.example"]), iface.id).run();
    const page = await exports.default.fetch(`http://localhost/widget/?interface=${iface.id}`);
    const csp = page.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("frame-ancestors 'self' https://acme.example");
    expect(csp).not.toContain("*.com");
    const session = await exports.default.fetch("http://localhost/api/widget/session", {
      method: "POST",
      headers: { Origin: "http://localhost", "Content-Type": "application/json", "CF-Connecting-IP": crypto.randomUUID() },
      body: JSON.stringify({ interfaceId: iface.id, hostOrigin: "https://evil.com", page: { url: "https://evil.com/" } }),
    });
    expect(session.status).toBe(403);
    expect(((await session.json()) as any).error.code).toBe("origin_not_allowed");
  });
});

describe("who may change an interface", () => {
  it("an agent may not update an interface or rotate its secret (403), and nothing changes", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const before = await secretOf(iface.id);
    const { client } = await signedIn(ws.id, "agent");
    const update = await client.patch(`/api/interfaces/${iface.id}`, { name: "Taken over", allowedOrigins: ["https://evil.example"] });
    expect(update.status).toBe(403);
    expect(update.json.error.code).toBe("forbidden");
    expect((await client.post(`/api/interfaces/${iface.id}/secret`)).status).toBe(403);
    expect(await secretOf(iface.id)).toBe(before);
    const row = await env.DB.prepare("SELECT name, allowed_origins FROM chat_interfaces WHERE id = ?").bind(iface.id).first<{ name: string; allowed_origins: string }>();
    expect(row!.name).not.toBe("Taken over");
    expect(JSON.parse(row!.allowed_origins)).not.toContain("https://evil.example");
  });

  it("an admin of another workspace gets 404 on update, secret rotation and reading, and nothing changes", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const before = await secretOf(iface.id);
    const { client } = await signedIn((await createWorkspace()).id, "owner");
    for (const res of [
      await client.patch(`/api/interfaces/${iface.id}`, { name: "Taken over" }),
      await client.post(`/api/interfaces/${iface.id}/secret`),
      await client.get(`/api/interfaces/${iface.id}`),
      await client.get(`/api/interfaces/${iface.id}/flow`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect(await secretOf(iface.id)).toBe(before);
  });

  it("an admin of the workspace rotates the secret: the old one stops verifying", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const { client } = await signedIn(ws.id, "admin");
    const res = await client.post(`/api/interfaces/${iface.id}/secret`);
    expect(res.status).toBe(200);
    expect(res.json.identitySecret).not.toBe(iface.identitySecret);
    expect(await secretOf(iface.id)).toBe(res.json.identitySecret);
  });
});
