// Starts one of the Node relays (bench/servers/*) in its own process, on a free loopback port.
import { fileURLToPath } from "node:url";
import { freePort } from "../../scripts/localStack.mjs";
import { startProcess, waitForOutput } from "../lib/processes.mjs";

export async function startNodeRelay(script) {
  const port = await freePort();
  const proc = startProcess(process.execPath, [fileURLToPath(new URL(`../servers/${script}`, import.meta.url)), String(port)]);
  await waitForOutput(proc, `listening ${port}`, 15_000);
  return { base: `http://127.0.0.1:${port}`, port, pid: proc.child.pid, stop: proc.stop };
}
