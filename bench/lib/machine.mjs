// What the bench ran on: CPU, cores, memory, and the versions of Node, workerd and the relay libraries.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem, loadavg, release } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../scripts/localStack.mjs";

const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
};

/** The workerd binary wrangler (and so both Raibu systems) runs: wrangler's own copy when it has one. */
function workerdVersion() {
  for (const dir of [join(ROOT, "node_modules", "wrangler", "node_modules"), join(ROOT, "node_modules")]) {
    try {
      const bin = join(dir, "@cloudflare", "workerd-linux-64", "bin", "workerd");
      return execFileSync(bin, ["--version"], { encoding: "utf8" }).trim().replace(/^workerd /, "");
    } catch {
      // next
    }
  }
  return null;
}

/** The commit the bench ran against, and whether the Worker's sources differ from it. */
export function sourceInfo() {
  const git = (...args) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return null;
    }
  };
  const dirty = git("status", "--porcelain", "--", "worker", "wrangler.toml", "migrations");
  return { commit: git("rev-parse", "--short", "HEAD"), subject: git("log", "-1", "--format=%s"), worker_uncommitted_changes: dirty === null ? null : dirty.length > 0 };
}

export function machineInfo() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? "unknown",
    cores: list.length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    load_avg_at_start: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    workerd: workerdVersion(),
    wrangler: version("wrangler"),
    miniflare: version("wrangler/node_modules/miniflare") ?? version("miniflare"),
    ws: version("ws"),
    "socket.io": version("socket.io"),
    "socket.io-client": version("socket.io-client"),
  };
}
