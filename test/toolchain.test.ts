// The lock installs one Workers toolchain: the worker tests, `npm start`, the browser tests and
// `wrangler deploy` all run on the same wrangler, miniflare and workerd, on every platform.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
type Deps = Record<string, string>;
type LockEntry = { version?: string; dependencies?: Deps; optionalDependencies?: Deps; devDependencies?: Deps };
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };

/** Every version of a package the lock installs, wherever it is nested. */
function lockedVersions(name: string): string[] {
  const versions = Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([, entry]) => entry.version ?? "?");
  return [...new Set(versions)];
}

/** Whether Node's resolution from the package at `path` finds `name` in the lock. */
function resolves(path: string, name: string): boolean {
  for (let dir = path; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/node_modules/")))) {
    if (lock.packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
  }
}

describe("the toolchain", () => {
  it.each(["wrangler", "miniflare", "workerd"])("the lock installs one version of %s", (name) => {
    expect(lockedVersions(name)).toHaveLength(1);
  });

  it("the miniflare the root names is the one wrangler pins (move them together)", () => {
    const wrangler = lock.packages["node_modules/wrangler"];
    expect(lockedVersions("miniflare")).toEqual([wrangler?.dependencies?.miniflare]);
  });

  // The registry must serve every build a package lists, or `npm install` leaves it out of the
  // lock and `npm ci` refuses the lock: pick a version whose optional builds are all served.
  it("the lock holds every dependency its packages name, every platform's included, so `npm ci` accepts it", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.devDependencies })) {
        if (!resolves(path, name)) missing.push(`${path || "(root)"} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(lock.packages["node_modules/workerd"]?.optionalDependencies ?? {})).toContain("@cloudflare/workerd-windows-64");
  });
});
