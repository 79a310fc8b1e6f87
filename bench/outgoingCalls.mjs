// What one outgoing call does to a Durable Object relay at full load: the bare relay
// (servers/bareDurableObjectCalls.mjs) as it is, making one RPC a second to a second object, or with
// its alarm ringing once, each on workerd with its state on tmpfs, run in turns
// (`node bench/outgoingCalls.mjs [--rate=8500] [--seconds=20] [--rounds=2]`). A run keeps up when
// nothing is lost and p99 stays under a second. Prints each run and writes nothing.
import { setPriority } from "node:os";
import { mainThreadCpuMs } from "./lib/cpu.mjs";
import { LoadClient } from "./loadClient.mjs";
import { bareDoSystem } from "./systems/bareDo.mjs";
import { TMPFS } from "./systems/raibuCommon.mjs";

try {
  setPriority(-10);
} catch {}

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const RATE = arg("rate", 8500);
const SECONDS = arg("seconds", 20);
const ROUNDS = arg("rounds", 2);
const CONVERSATIONS = 100;
const MODES = ["none", "call", "alarm"];

async function run(mode) {
  const system = bareDoSystem({
    name: `bare_do_${mode}`,
    persistRoot: TMPFS,
    script: "../servers/bareDurableObjectCalls.mjs",
    imports: ["../servers/bareDurableObject.mjs"],
    durableObjects: { RELAY: { className: "Relay", useSQLite: true }, LOBBY: { className: "Lobby", useSQLite: true } },
    bindings: { MODE: mode },
  });
  const running = await system.start();
  try {
    const pid = running.serverPids()[0];
    const client = new LoadClient({ serverPids: () => [pid] });
    await client.open("raw", await running.conversations(CONVERSATIONS));
    await client.phase("warm", { rate: 2000, durationMs: 3000, conversations: CONVERSATIONS });
    const cpu0 = mainThreadCpuMs(pid);
    const steady = await client.phase("steady", { rate: RATE, durationMs: SECONDS * 1000, conversations: CONVERSATIONS, graceMs: 20_000 });
    const cpuPerMessage = (mainThreadCpuMs(pid) - cpu0) / steady.received;
    await client.close();
    const keptUp = steady.lost === 0 && steady.p99_ms < 1000;
    console.log(`${mode.padEnd(5)} ${keptUp ? "kept up    " : "fell behind"}  p50 ${steady.p50_ms} ms, p99 ${steady.p99_ms} ms, ${cpuPerMessage.toFixed(3)} ms of the main thread a message, lost ${steady.lost}`);
  } finally {
    await running.stop();
  }
}

console.log(`${RATE} msgs/s over ${CONVERSATIONS} conversations for ${SECONDS} s, ${ROUNDS} rounds`);
for (let round = 0; round < ROUNDS; round++) for (const mode of MODES) await run(mode);
process.exit(0);
