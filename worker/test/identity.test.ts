// Verified identity: the host site's identity token (JWT, HS256 with the interface's identity
// secret) verifies exactly its sub, email and name; the older user-id HMAC verifies the id only.
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { Client, createInterface, createWorkspace, signedIn, visitorSession } from "./helpers";

async function setup() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id);
  const agent = await signedIn(ws.id, "agent");
  const session = await visitorSession(iface.id);
  return { ws, iface, agent, session };
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function identify(session: { visitorToken: string }, body: unknown) {
  return new Client().request("POST", "/api/widget/identify", body, { Authorization: `Bearer ${session.visitorToken}` });
}

async function hmacHex(secret: string, data: string) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data)))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const b64url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("an identity token", () => {
  it("names the visitor and verifies exactly its sub, email and name", async () => {
    const { iface, agent, session } = await setup();
    const token = await sign({ sub: "user-42", email: "Lena@Example.test", name: "Lena Petit", exp: inAnHour() }, iface.identitySecret, "HS256");
    const res = await identify(session, { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ visitorName: "Lena Petit", verifiedFields: ["userId", "email", "name"] });
    const { visitor } = (await agent.client.get(`/api/visitors/${session.visitorId}`)).json;
    expect(visitor).toMatchObject({
      name: "Lena Petit",
      email: "lena@example.test",
      verified: true,
      userId: "user-42",
      identityMethod: "jwt",
      verifiedFields: ["userId", "email", "name"],
    });
  });

  it("with only sub and exp verifies the user id and nothing else", async () => {
    const { iface, agent, session } = await setup();
    const res = await identify(session, { token: await sign({ sub: "user-7", exp: inAnHour() }, iface.identitySecret, "HS256") });
    expect(res.json.verifiedFields).toEqual(["userId"]);
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor).toMatchObject({ userId: "user-7", verifiedFields: ["userId"], name: null });
  });

  it("that has expired is refused with identity_token_expired and when it expired", async () => {
    const { iface, agent, session } = await setup();
    const exp = Math.floor(Date.now() / 1000) - 60;
    const res = await identify(session, { token: await sign({ sub: "user-42", name: "Lena", exp }, iface.identitySecret, "HS256") });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "identity_token_expired", expiredAt: exp * 1000 });
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor).toMatchObject({ verified: false, verifiedFields: [], name: null });
  });

  it("whose claims were edited after signing is refused: identity_token_invalid, reason signature", async () => {
    const { iface, agent, session } = await setup();
    const token = await sign({ sub: "user-42", email: "lena@example.test", exp: inAnHour() }, iface.identitySecret, "HS256");
    const [header, , signature] = token.split(".");
    const forged = `${header}.${b64url(JSON.stringify({ sub: "admin", email: "ceo@example.test", exp: inAnHour() }))}.${signature}`;
    const res = await identify(session, { token: forged });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "identity_token_invalid", reason: "signature" });
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor.verified).toBe(false);
  });

  it("signed with another secret is refused, reason signature", async () => {
    const { session } = await setup();
    const res = await identify(session, { token: await sign({ sub: "user-42", exp: inAnHour() }, "not-the-secret", "HS256") });
    expect(res.json.error).toMatchObject({ code: "identity_token_invalid", reason: "signature" });
  });

  it("with another algorithm, or none, is refused, reason algorithm", async () => {
    const { iface, session } = await setup();
    const hs512 = await sign({ sub: "user-42", exp: inAnHour() }, iface.identitySecret, "HS512");
    expect((await identify(session, { token: hs512 })).json.error).toMatchObject({ code: "identity_token_invalid", reason: "algorithm" });
    const unsigned = `${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${b64url(JSON.stringify({ sub: "user-42", exp: inAnHour() }))}.`;
    expect((await identify(session, { token: unsigned })).json.error).toMatchObject({ code: "identity_token_invalid" });
  });

  it("without an expiry, or without a subject, is refused and names the missing claim", async () => {
    const { iface, session } = await setup();
    const noExp = await identify(session, { token: await sign({ sub: "user-42" }, iface.identitySecret, "HS256") });
    expect(noExp.json.error).toMatchObject({ code: "identity_token_invalid", reason: "claims", claim: "exp" });
    const noSub = await identify(session, { token: await sign({ email: "a@example.test", exp: inAnHour() }, iface.identitySecret, "HS256") });
    expect(noSub.json.error).toMatchObject({ code: "identity_token_invalid", reason: "claims", claim: "sub" });
  });

  it("that is not a JWT at all is refused, reason malformed", async () => {
    const { session } = await setup();
    expect((await identify(session, { token: "hello" })).json.error).toMatchObject({ code: "identity_token_invalid", reason: "malformed" });
  });
});

describe("what stays verified", () => {
  it("an agent changing the verified email un-verifies it; the name stays verified", async () => {
    const { iface, agent, session } = await setup();
    await identify(session, { token: await sign({ sub: "user-42", email: "lena@example.test", name: "Lena Petit", exp: inAnHour() }, iface.identitySecret, "HS256") });
    await agent.client.put(`/api/visitors/${session.visitorId}/contact`, { name: "Lena Petit", email: "lena.petit@elsewhere.test" });
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor.verifiedFields).toEqual(["userId", "name"]);
  });

  it("the user-id HMAC verifies the user id only: the name and email beside it are shown but not verified", async () => {
    const { iface, agent, session } = await setup();
    const res = await identify(session, { userId: "u-42", hash: await hmacHex(iface.identitySecret, "u-42"), name: "Lena Petit", email: "lena@example.test" });
    expect(res.status).toBe(200);
    expect(res.json.verifiedFields).toEqual(["userId"]);
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor).toMatchObject({
      name: "Lena Petit",
      email: "lena@example.test",
      verified: true,
      userId: "u-42",
      identityMethod: "hmac",
      verifiedFields: ["userId"],
    });
  });

  it("a user id verified on a new visitor moves there from the visitor that held it", async () => {
    const { iface, agent, session } = await setup();
    const token = await sign({ sub: "user-9", exp: inAnHour() }, iface.identitySecret, "HS256");
    await identify(session, { token });
    const later = await visitorSession(iface.id);
    expect((await identify(later, { token })).status).toBe(200);
    expect((await agent.client.get(`/api/visitors/${later.visitorId}`)).json.visitor.userId).toBe("user-9");
    expect((await agent.client.get(`/api/visitors/${session.visitorId}`)).json.visitor).toMatchObject({ userId: null, verified: false });
  });
});
