// The chat interface form: origins checked as the API checks them, and what the admin copies.
import { describe, expect, it } from "vitest";
import { OriginPatternSchema } from "@raibu/protocol/api";
import { EMBED_STUB } from "@raibu/protocol/embed";
import { checkOrigins, embedSnippet, identityExample, isHexColor, isOriginPattern, sameAppearance, DEFAULT_APPEARANCE } from "../src/lib/interfaceForm";

const SAMPLES = [
  "https://acme.com",
  "https://www.acme.com",
  "https://*.acme.com",
  "http://localhost:*",
  "http://localhost:8787",
  " https://acme.com ",
  "https://acme.com/",
  "https://acme.com/pricing",
  "acme.com",
  "ftp://acme.com",
  "https://*acme.com",
  "https://acme.com:123456",
  "https://",
  "",
];

describe("allowed origins", () => {
  it("accepts exactly what the API's OriginPatternSchema accepts", () => {
    for (const sample of SAMPLES) expect(isOriginPattern(sample), JSON.stringify(sample)).toBe(OriginPatternSchema.safeParse(sample).success);
  });

  it("trims the rows, drops blank ones and flags invalid and repeated ones by row", () => {
    const { origins, problems } = checkOrigins(["https://acme.com ", "", "https://acme.com/", "https://ACME.com", "http://localhost:*"]);
    expect(origins).toEqual(["https://acme.com", "http://localhost:*"]);
    expect(problems).toEqual({ 2: "invalid", 3: "duplicate" });
  });

  it("flags wildcards over everything or a top-level domain as too broad, as the API refuses them", () => {
    const rows = ["*", "https://*", "https://*.com", "https://*.example.com"];
    expect(checkOrigins(rows).problems).toEqual({ 0: "too_broad", 1: "too_broad", 2: "too_broad" });
    for (const row of rows.slice(0, 3)) {
      expect(OriginPatternSchema.safeParse(row).error?.issues[0]).toMatchObject({ params: { code: "origin_too_broad" } });
    }
  });
});

describe("appearance", () => {
  it("takes an accent colour only as # and six hex digits", () => {
    expect(["#2563eb", "#ABCDEF"].map(isHexColor)).toEqual([true, true]);
    expect(["2563eb", "#abc", "#2563eg", ""].map(isHexColor)).toEqual([false, false, false, false]);
  });

  it("compares appearances field by field, whatever the key order", () => {
    const reordered = { showAgentAvatar: true, position: "right", launcherLabel: "", welcome: "", title: "", color: "#2563eb" } as const;
    expect(sameAppearance(DEFAULT_APPEARANCE, reordered)).toBe(true);
    expect(sameAppearance(DEFAULT_APPEARANCE, { ...reordered, position: "left" })).toBe(false);
  });
});

describe("what the website needs", () => {
  it("embeds the widget with a stub that queues early calls, then one async script tag naming the interface", () => {
    const snippet = embedSnippet("https://chat.acme.com", "if_123");
    expect(snippet).toContain("window.Raibu=window.Raibu||{q:[]}");
    expect(snippet.endsWith('<script src="https://chat.acme.com/widget.js" data-interface="if_123" async></script>')).toBe(true);
  });

  it("the stub queues every method's calls until the loader arrives, and keeps a loaded Raibu's methods", () => {
    const stub = EMBED_STUB;
    /** Runs the stub as a page would, where the window's properties are globals. */
    const page = (raibu?: unknown) => {
      const window: Record<string, any> = raibu ? { Raibu: raibu } : {};
      new Function("window", `with (window) { ${stub} }`)(window);
      return window;
    };
    const early = page();
    early.Raibu.open();
    early.Raibu.on("open", "listener");
    expect(early.Raibu.q.map(([m, args]: [string, ArrayLike<unknown>]) => [m, Array.from(args)])).toEqual([["open", []], ["on", ["open", "listener"]]]);
    const loaded = { open: () => "real" };
    expect(page(loaded).Raibu.open()).toBe("real");
  });

  it("shows how to sign an identity token (JWT HS256 with sub, email, name and an expiry) and pass it to Raibu.identify", () => {
    const example = identityExample();
    expect(example).toContain("sub: user.id, email: user.email, name: user.name");
    expect(example).toContain('algorithm: "HS256"');
    expect(example).toContain("expiresIn:");
    expect(example).toContain("window.Raibu.identify({ token });");
  });
});
