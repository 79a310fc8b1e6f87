// Runs Raibu locally: applies the D1 migrations to a local state directory, seeds the
// demo workspace and starts `wrangler dev`. Used by `npm start` and the browser tests.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedSql } from "./seed.mjs";

export const ROOT = new URL("..", import.meta.url).pathname;
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

/**
 * Wrangler stays offline (no metrics, no look-ups of Cloudflare's edge) and runs on the
 * project's pinned Node, whose binary is first on PATH.
 */
export const OFFLINE_ENV = {
  ...process.env,
  PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH}`,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_UPDATE_NOTIFIER: "1",
};

function run(args, { quiet = false } = {}) {
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, env: OFFLINE_ENV, encoding: "utf8", stdio: quiet ? "pipe" : "inherit" });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(" ")} failed (exit ${result.status})\n${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
}

export function build({ quiet = false } = {}) {
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, env: process.env, encoding: "utf8", stdio: quiet ? "pipe" : "inherit" });
  if (result.status !== 0) throw new Error(`npm run build failed\n${result.stdout ?? ""}${result.stderr ?? ""}`);
}

/** Applies migrations and the demo seed to the local D1 database in `persistDir`. */
export function prepareState(persistDir, { quiet = false } = {}) {
  run(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], { quiet });
  const dir = mkdtempSync(join(tmpdir(), "raibu-seed-"));
  const file = join(dir, "seed.sql");
  writeFileSync(file, seedSql());
  try {
    run(["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--file", file, "--yes"], { quiet });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * What only a local run sets: the dev outbox (emails kept in the local D1 and readable by
 * admins in the console, since nothing is sent from a developer's machine). A deployment
 * never has it; wrangler.toml's vars stay without it.
 */
// INTEGRATIONS_KEY: a fixed local key, so webhooks and CRM connections work without setup (never a deployment's).
export const LOCAL_VARS = { DEV_OUTBOX: "1", INTEGRATIONS_KEY: "local-only-integrations-key-not-secret" };

/**
 * Starts `wrangler dev` on `port` and resolves once /api/health answers.
 * `stop()` ends it and every process it started.
 */
export async function startDevServer({ port, persistDir, vars = {}, inherit = false, timeoutMs = 90_000, config = null }) {
  const inspectorPort = await freePort();
  const args = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistDir, "--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false"];
  if (config) args.push("--config", config);
  for (const [key, value] of Object.entries({ ...LOCAL_VARS, ...vars })) args.push("--var", `${key}:${value}`);
  return spawnUntilHealthy({ what: "wrangler dev", args, cwd: ROOT, url: `http://localhost:${port}`, inherit, timeoutMs });
}

/**
 * Runs wrangler with `args` in `cwd` and resolves once `url`/api/health answers (through whatever
 * it serves: the Worker itself, or a Pages function bound to it). `stop()` ends it and every
 * process it started; a wrangler that exits or never answers fails with what it printed.
 */
export async function spawnUntilHealthy({ what, args, cwd, url, inherit, timeoutMs }) {
  const child = spawn(WRANGLER, args, { cwd, env: OFFLINE_ENV, stdio: inherit ? "inherit" : "pipe", detached: !inherit });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      try {
        if (inherit) child.kill("SIGTERM");
        else process.kill(-child.pid, "SIGTERM");
      } catch {
        resolve();
      }
    });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return { url, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${what} did not answer on ${url}/api/health within ${timeoutMs} ms:\n${output}`);
}

/** Stops `server` and exits on Ctrl-C or a TERM: the end of `npm start` and `npm run start:pages`. */
export function stopOnSignals(server) {
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/**
 * wrangler.toml with every per-address rate limit (sign-ins, public endpoints, what a visitor may
 * start) raised to `limit` a period, written beside it so its relative paths still hold. The browser
 * tests all come from one address, where a real deployment sees each person from their own; the
 * limits themselves are tested in the Worker's tests. Returns the file's path.
 */
export function writeConfigWithAddressLimits(limit, name = ".e2e.wrangler.toml") {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8").replace(
    /(name\s*=\s*"(?:LOGIN_LIMITER|PUBLIC_LIMITER|VISITOR_\w+_ADDRESS_LIMITER)"[^[]*?simple\s*=\s*\{\s*limit\s*=\s*)\d+/g,
    (_, head) => `${head}${limit}`,
  );
  const path = join(ROOT, name);
  writeFileSync(path, `# Generated by scripts/localStack.mjs for the browser tests only.\n${toml}`);
  return path;
}
