// .dev.vars.example is the one list of what a deployment may set beyond its bindings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** The names `.dev.vars.example` lists, commented out or not. */
const listed = new Set([...read(".dev.vars.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

describe(".dev.vars.example", () => {
  it("lists every secret and local variable worker/src/env.ts adds to the generated bindings", () => {
    const added = [...read("worker/src/env.ts").matchAll(/^\s+([A-Z][A-Z0-9_]*)\?:/gm)].map((m) => m[1]);
    expect(added.length).toBeGreaterThan(0);
    for (const name of added) expect(listed.has(name), name).toBe(true);
  });

  it("lists every variable of wrangler.toml's [vars]", () => {
    const vars = read("wrangler.toml").match(/^\[vars\]\n([\s\S]*?)(?=^\[)/m)?.[1] ?? "";
    const names = [...vars.matchAll(/^([A-Z][A-Z0-9_]*)\s*=/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(listed.has(name), name).toBe(true);
  });
});
