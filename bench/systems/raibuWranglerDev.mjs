// System "raibu_wrangler_dev": the real app through `wrangler dev` on the bench config, started like localStack.mjs.
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, OFFLINE_ENV, prepareState, ROOT } from "../../scripts/localStack.mjs";
import { processTree } from "../lib/cpu.mjs";
import { startProcess } from "../lib/processes.mjs";
import { sleep } from "../lib/stats.mjs";
import { raibuEndpoints, TMP, WRANGLER, writeBenchConfig } from "./raibuCommon.mjs";

const START_TIMEOUT_MS = 90_000;

/** `env` adds variables to wrangler's environment (e.g. X_LOCAL_OBSERVABILITY=false for the attribution runs). */
export async function startWranglerDev({ env = {} } = {}) {
  const configPath = writeBenchConfig();
  const persist = mkdtempSync(join(TMP, "wrangler-dev-state-"));
  prepareState(persist, { quiet: true }); // D1 migrations + demo seed, as `npm start` does
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = ["dev", "--config", configPath, "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persist, "--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false"];
  const proc = startProcess(WRANGLER, args, { cwd: ROOT, env: { ...OFFLINE_ENV, ...env } });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await proc.stop();
    rmSync(persist, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`wrangler dev exited early (${proc.child.exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { base, stop, pid: proc.child.pid };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${base} within ${START_TIMEOUT_MS} ms:\n${proc.output()}`);
}

export default {
  name: "raibu_wrangler_dev",
  wire: "raw",
  async start() {
    const app = await startWranglerDev();
    return {
      info: { server: "wrangler dev (dev proxy + workerd), bench config with the widget limit raised", base: app.base },
      conversations: (n) => raibuEndpoints(app.base, n),
      // wrangler (Node) and the workerd processes it starts (dev proxy and the Worker).
      serverPids: () => processTree(app.pid),
      stop: app.stop,
    };
  },
};
