// The signature a receiver checks, with the very snippet docs/integrations.md gives; and the
// sealing of the secrets integrations keep in D1.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SIGNATURE_HEADER } from "@raibu/protocol/integrations";
import { emitEvent } from "../src/integrations/events";
import { signatureHeader } from "../src/integrations/webhooks";
import { ApiError } from "../src/lib/errors";
import { open, seal } from "../src/lib/secretBox";
import docs from "../../docs/integrations.md?raw";
import { verifyRaibuSignature as verify } from "./fixtures/webhookVerify.mjs";
import snippetFile from "./fixtures/webhookVerify.mjs?raw";
import { createWorkspace } from "./helpers";
import { addEndpoint, consume, hookEnv, interceptHooks, ok } from "./webhookFixtures";

afterEach(() => vi.restoreAllMocks());

describe("the signature", () => {
  it("the Node snippet in docs/integrations.md is the code these tests run", () => {
    // The fixture is the snippet plus one line saying where it comes from.
    const code = snippetFile.split("\n").slice(1).join("\n").trim();
    const block = /```js\n([\s\S]*?)```/.exec(docs)?.[1]?.trim();
    expect(block).toBe(code);
  });

  it("of a real delivery verifies with the documented snippet, over the body exactly as received", async () => {
    const ws = await createWorkspace();
    const hook = await addEndpoint(ws.id);
    const calls = interceptHooks(ok);
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, {
      workspaceId: ws.id,
      event: "contact.created",
      eventId: crypto.randomUUID(),
      data: { contact: { name: "Zoé « Test » 😀", note: 'quotes " and \\ backslash' } },
    });
    await consume(config, id!);

    const [call] = calls;
    const header = call!.headers.get(SIGNATURE_HEADER)!;
    expect(verify(hook.secret, header, call!.body)).toBe(true);
    const t = Number(/^t=(\d+),/.exec(header)![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
  });

  it("is refused by the snippet for another secret, a changed body, or a timestamp more than five minutes away", async () => {
    const body = JSON.stringify({ id: "e1", event: "ping", data: {} });
    const now = Date.now();
    const header = await signatureHeader("whsec_right", body, Math.floor(now / 1000));
    expect(verify("whsec_right", header, body, { now })).toBe(true);
    expect(verify("whsec_wrong", header, body, { now })).toBe(false);
    expect(verify("whsec_right", header, body.replace("e1", "e2"), { now })).toBe(false);
    expect(verify("whsec_right", header, body, { now: now + 301_000 })).toBe(false);
    expect(verify("whsec_right", header, body, { now: now - 301_000 })).toBe(false);
    expect(verify("whsec_right", header.replace(/v1=../, "v1=00"), body, { now })).toBe(false);
    expect(verify("whsec_right", "garbage", body, { now })).toBe(false);
  });

  it("is the hex HMAC-SHA256 of « <t>.<body> » under the secret", async () => {
    // Against node:crypto's HMAC, an implementation apart from the Worker's WebCrypto one.
    expect(await signatureHeader("whsec_test", "{}", 1_700_000_000)).toBe(`t=1700000000,v1=${await hmacHex("whsec_test", "1700000000.{}")}`);
  });
});

async function hmacHex(secret: string, text: string) {
  const { createHmac } = await import("node:crypto");
  return createHmac("sha256", secret).update(text).digest("hex");
}

describe("sealed secrets", () => {
  it("open under the same INTEGRATIONS_KEY, and seal differently each time", async () => {
    const first = await seal(env, "whsec_secret value é");
    const second = await seal(env, "whsec_secret value é");
    expect(first).not.toBe(second);
    expect(first).not.toContain("whsec");
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(await open(env, first)).toBe("whsec_secret value é");
    expect(await open(env, second)).toBe("whsec_secret value é");
  });

  it("are refused when altered or opened under another INTEGRATIONS_KEY", async () => {
    const sealed = await seal(env, "pat-na1-123456");
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.at(-1);
    await expect(open(env, flipped)).rejects.toThrow();
    await expect(open({ INTEGRATIONS_KEY: "another-key-of-enough-length" }, sealed)).rejects.toThrow();
    await expect(open(env, "plain text")).rejects.toThrow();
  });

  it("cannot be made without INTEGRATIONS_KEY: 503 integrations_key_missing", async () => {
    const refusal = await seal({ INTEGRATIONS_KEY: undefined }, "x").catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 503, code: "integrations_key_missing" });
  });
});
