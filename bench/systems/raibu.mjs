// Systems "raibu" and "raibu_tmpfs": the built bundle straight on workerd via Miniflare's API, on a direct socket
// (no dev proxy), with the state on disk, or on tmpfs where a commit's fsync costs nothing.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { freePort } from "../../scripts/localStack.mjs";
import { processTree } from "../lib/cpu.mjs";
import { bundleWorker, raibuEndpoints, schemaAndSeedStatements, TMP, TMPFS, writeBenchConfig } from "./raibuCommon.mjs";

/**
 * The Miniflare (and so the workerd) that wrangler itself runs: wrangler may bundle a newer one than the
 * top-level `miniflare` package, and the two Raibu systems must differ only by the dev proxy.
 */
export const wranglerMiniflarePath = createRequire(createRequire(import.meta.url).resolve("wrangler")).resolve("miniflare");
const { convertV4MiniflareOptions, Miniflare } = await import(pathToFileURL(wranglerMiniflarePath).href);

/**
 * Starts the Worker on workerd with every binding of wrangler.toml (D1, both Durable Objects on SQLite,
 * R2, the queue, rate limits, assets), persisted on disk in a fresh folder, then applies the D1 schema
 * and the demo seed. `bundleDir` lets the attribution runs swap in a modified copy of the bundle, and
 * `persistRoot` put the state elsewhere (e.g. tmpfs, where fsync costs nothing); `frameRateScale: null`
 * keeps the sockets' real frame rates (the relay runs raise them); `inspectorPort` opens V8's inspector (bench/profile.mjs).
 * `persistDir` names a state folder kept after `stop()` (bench/inbox.mjs caches its seeded threads there): the
 * schema and seed go in only when it starts empty.
 *
 * `assetsRouter: false` leaves the static assets out, so the direct socket reaches the Worker itself. With
 * them, Miniflare puts two Workers of its own in front (an RPC proxy and the assets router, both JavaScript),
 * and every frame of a socket is pumped through both, on the thread that also runs the Durable Objects; on
 * Cloudflare that routing happens where the request lands, never on a Durable Object's thread. The relay
 * runs compare Raibu's Worker and objects with the bare relay's, which has no assets: they pass false, and
 * the attribution measures what the router costs (`assets_router_tmpfs`).
 */
export async function startRaibuOnWorkerd({ bundleDir, label = "raibu", persistRoot = TMP, persistDir, frameRateScale, inspectorPort, assetsRouter = true } = {}) {
  const configPath = writeBenchConfig({ frameRateScale });
  const dist = bundleDir ?? bundleWorker(configPath);
  mkdirSync(persistDir ?? persistRoot, { recursive: true });
  const fresh = !persistDir || readdirSync(persistDir).length === 0;
  const persist = persistDir ?? mkdtempSync(join(persistRoot, `${label}-state-`));
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  const port = await freePort();
  const options = convertV4MiniflareOptions({
    host: "127.0.0.1",
    port: 0,
    resourcePersistencePath: persist,
    logRequests: false,
    ...(inspectorPort ? { inspectorPort } : {}),
    workers: [
      {
        ...workerOptions,
        ...(assetsRouter ? {} : { assets: undefined }),
        name: "raibu",
        modulesRoot: dist,
        modules: [{ type: "ESModule", path: join(dist, "index.js") }],
        unsafeDirectSockets: [{ host: "127.0.0.1", port }],
      },
    ],
  });
  const mf = new Miniflare(options);
  await mf.ready;
  const base = `http://127.0.0.1:${port}`;
  const db = await mf.getD1Database("DB");
  if (fresh) for (const sql of schemaAndSeedStatements()) await db.prepare(sql).run();
  const health = await fetch(`${base}/api/health`);
  if (!health.ok) throw new Error(`health check on the direct socket failed: ${health.status}`);
  return {
    base,
    persist,
    dist,
    db,
    async stop() {
      await mf.dispose();
      if (!persistDir) rmSync(persist, { recursive: true, force: true });
    },
  };
}

function raibuSystem({ name, persistRoot }) {
  return {
    name,
    wire: "raw",
    async start(options = {}) {
      const app = await startRaibuOnWorkerd({ persistRoot, label: name, assetsRouter: false, ...options });
      return {
        info: { server: "workerd via Miniflare API, direct socket to the Worker (no dev proxy, no assets router)", base: app.base, state: app.persist },
        conversations: (n) => raibuEndpoints(app.base, n),
        // Miniflare runs workerd as a child of this process.
        serverPids: () => processTree(process.pid, "workerd"),
        stop: app.stop,
      };
    },
  };
}

export default raibuSystem({ name: "raibu", persistRoot: TMP });
export const raibuTmpfs = raibuSystem({ name: "raibu_tmpfs", persistRoot: TMPFS });
