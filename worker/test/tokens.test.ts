import { describe, expect, it } from "vitest";
import { originAllowed } from "../src/db/interfaces";
import { OriginPatternSchema } from "@raibu/protocol/api";
import { signToken, verifyToken } from "../src/lib/signedTokens";

describe("signed tokens", () => {
  it("verify with the right key, scope and before expiry only", async () => {
    const token = await signToken("key-a", { scope: "visitor", exp: Date.now() + 60_000, v: "visitor-1" });
    expect(await verifyToken("key-a", token, "visitor")).toMatchObject({ v: "visitor-1" });
    expect(await verifyToken("key-b", token, "visitor")).toBeNull();
    expect(await verifyToken("key-a", token, "call")).toBeNull();
    expect(await verifyToken("key-a", token, "visitor", Date.now() + 120_000)).toBeNull();
  });

  it("a token whose claims were edited no longer verifies", async () => {
    const token = await signToken("key-a", { scope: "visitor", exp: Date.now() + 60_000, v: "visitor-1" });
    const [body, sig] = token.split(".");
    const claims = JSON.parse(atob(body!.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...claims, v: "visitor-2" })).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(await verifyToken("key-a", `${forged}.${sig}`, "visitor")).toBeNull();
    expect(await verifyToken("key-a", "garbage", "visitor")).toBeNull();
  });
});

describe("allowed origins", () => {
  const allowed = ["https://acme.com", "https://*.shop.acme.com", "http://localhost:*"];
  it.each([
    ["https://acme.com", true],
    ["https://acme.com:443", true],
    ["http://acme.com", false],
    ["https://evil-acme.com", false],
    ["https://eu.shop.acme.com", true],
    ["https://shop.acme.com", false],
    ["http://localhost:5173", true],
    ["http://localhost", true],
    ["http://127.0.0.1:5173", false],
    ["not a url", false],
  ])("%s is allowed: %s", (origin, expected) => {
    expect(originAllowed(allowed, origin)).toBe(expected);
  });
});

describe("over-broad allowed origins", () => {
  it.each(["*", "https://*", "http://*:*", "*://*", "https://*.*", "https://*.com", "https://*.io", "https://*.co.uk", "https://*.com.au", "https://*.co.jp", "https://*.github.io", "https://*.pages.dev"])(
    "%s is refused with origin_too_broad",
    (pattern) => {
      const result = OriginPatternSchema.safeParse(pattern);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ code: "custom", params: { code: "origin_too_broad", facts: { origin: pattern } } });
    },
  );

  it.each(["https://*.example.com", "https://*.shop.acme.co.uk", "https://*.acme.github.io", "https://acme.com", "http://localhost:*"])("%s is accepted", (pattern) => {
    expect(OriginPatternSchema.safeParse(pattern).success).toBe(true);
  });

  it("one saved before they were refused matches no website", () => {
    expect(originAllowed(["https://*.com"], "https://evil.com")).toBe(false);
    expect(originAllowed(["https://*.com", "https://*.example.com"], "https://shop.example.com")).toBe(true);
  });
});
