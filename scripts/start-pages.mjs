// `npm run start:pages`: the console and the widget from Pages' dev server (`wrangler pages dev` on
// http://localhost:8788), its function bound to the Raibu Worker that `npm start` runs (the local
// dev registry finds it by name), so the whole product works through the Pages origin.
import { fileURLToPath } from "node:url";
import { freePort, spawnUntilHealthy, stopOnSignals } from "./localStack.mjs";
import { buildPages, PAGES_DIR, PAGES_OUT } from "./deploy-pages.mjs";

/**
 * Starts `wrangler pages dev` on `port`, its RAIBU binding on the local Worker named `service`,
 * and resolves once its function reaches the Worker (/api/health through the binding).
 * Both find each other through wrangler's local dev registry, by the Worker's name.
 */
export async function startPagesServer({ port, service = "raibu", inherit = false, timeoutMs = 90_000 }) {
  const inspectorPort = await freePort();
  const args = ["pages", "dev", PAGES_OUT, "--port", String(port), "--ip", "127.0.0.1", "--inspector-port", String(inspectorPort), "--service", `RAIBU=${service}`, "--show-interactive-dev-session=false"];
  return spawnUntilHealthy({ what: "wrangler pages dev (through the RAIBU binding)", args, cwd: PAGES_DIR, url: `http://localhost:${port}`, inherit, timeoutMs });
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
  stopOnSignals(server);
}
