// Systems "bare_do" and "bare_do_tmpfs": bench/servers/bareDurableObject.mjs on the same workerd (Miniflare's
// API, direct socket) as the "raibu" systems — the floor any persisted relay on Durable Objects pays — with its
// state on disk, or on tmpfs where a commit's fsync costs nothing.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../../scripts/localStack.mjs";
import { processTree } from "../lib/cpu.mjs";
import { TMP, TMPFS } from "./raibuCommon.mjs";
import { wranglerMiniflarePath } from "./raibu.mjs";

const { convertV4MiniflareOptions, Miniflare } = await import(pathToFileURL(wranglerMiniflarePath).href);

/**
 * `script` (with the other server modules it imports, `imports`), `durableObjects` and `bindings` swap in
 * a variant of the relay (bench/outgoingCalls.mjs).
 */
export function bareDoSystem({
  name,
  persistRoot,
  script = "../servers/bareDurableObject.mjs",
  imports = [],
  durableObjects = { RELAY: { className: "Relay", useSQLite: true } },
  bindings = {},
}) {
  const path = (module) => new URL(module, import.meta.url).pathname;
  return {
    name,
    wire: "raw",
    async start() {
      mkdirSync(persistRoot, { recursive: true });
      const persist = mkdtempSync(join(persistRoot, "bare-do-state-"));
      const port = await freePort();
      const mf = new Miniflare(
        convertV4MiniflareOptions({
          host: "127.0.0.1",
          port: 0,
          resourcePersistencePath: persist,
          workers: [
            {
              name: "bare-do",
              compatibilityDate: "2026-11-01",
              modulesRoot: path("../servers/"),
              modules: [script, ...imports].map((module) => ({ type: "ESModule", path: path(module) })),
              durableObjects,
              bindings,
              unsafeDirectSockets: [{ host: "127.0.0.1", port }],
            },
          ],
        }),
      );
      await mf.ready;
      const ws = `ws://127.0.0.1:${port}`;
      return {
        info: { server: "a bare Durable Object relay (insert + forward) on workerd via Miniflare API, direct socket", state: persist },
        async conversations(n) {
          return Array.from({ length: n }, (_, i) => ({
            visitor: { url: `${ws}/visitor?c=c${i}` },
            agent: { url: `${ws}/agent?c=c${i}` },
          }));
        },
        serverPids: () => processTree(process.pid, "workerd"),
        async stop() {
          await mf.dispose();
          rmSync(persist, { recursive: true, force: true });
        },
      };
    },
  };
}

export default bareDoSystem({ name: "bare_do", persistRoot: TMP });
export const bareDoTmpfs = bareDoSystem({ name: "bare_do_tmpfs", persistRoot: TMPFS });
