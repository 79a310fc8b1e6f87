// `npm run start:pages`: the console and the widget from Pages' dev server (`wrangler pages dev` on
// http://localhost:8788), its function bound to the Raibu Worker that `npm start` runs (the local
// dev registry finds it by name), so the whole product works through the Pages origin.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, OFFLINE_ENV, ROOT } from "./localStack.mjs";
import { buildPages, PAGES_DIR, PAGES_OUT } from "./deploy-pages.mjs";

const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

/**
 * Starts `wrangler pages dev` on `port`, its RAIBU binding on the local Worker named `service`,
 * and resolves once its function reaches the Worker (/api/health through the binding).
 * Both find each other through wrangler's local dev registry, by the Worker's name.
 */
export async function startPagesServer({ port, service = "raibu", inherit = false, timeoutMs = 90_000 }) {
  const inspectorPort = await freePort();
  const args = ["pages", "dev", PAGES_OUT, "--port", String(port), "--ip", "127.0.0.1", "--inspector-port", String(inspectorPort), "--service", `RAIBU=${service}`, "--show-interactive-dev-session=false"];
  const child = spawn(WRANGLER, args, { cwd: PAGES_DIR, env: OFFLINE_ENV, stdio: inherit ? "inherit" : "pipe", detached: !inherit });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://localhost:${port}`;
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
    if (child.exitCode !== null) throw new Error(`wrangler pages dev exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return { url, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler pages dev did not reach the Worker through ${url} within ${timeoutMs} ms:\n${output}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PAGES_PORT ?? 8788);
  buildPages();
  console.log(`\n  Waiting for the Raibu Worker (start it with npm start in another terminal) …`);
  const server = await startPagesServer({ port, inherit: true, timeoutMs: 10 * 60_000 });
  console.log(`
  Raibu's console and widget on the Pages dev server: ${server.url}
    console      ${server.url}/app/
    demo site    ${server.url}/demo
  The API, the sockets and the public pages go to the Worker through the RAIBU service binding.
`);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
