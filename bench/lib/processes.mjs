// Child processes of the bench: started in their own process group, always stopped on exit.
import { spawn } from "node:child_process";
import { sleep } from "./stats.mjs";

const running = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

process.on("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/**
 * Spawns `command` detached (own process group) and keeps its output for error messages.
 * `stop()` sends SIGTERM to the group, then SIGKILL after `graceMs`.
 */
export function startProcess(command, args, { cwd, env, graceMs = 5000 } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.add(child);
  let output = "";
  const keep = (d) => {
    output += d;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  exited.then(() => running.delete(child));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, "SIGTERM");
    const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
      killGroup(child, "SIGKILL");
      await Promise.race([exited, sleep(2000)]);
    }
  };
  return { child, stop, exited, output: () => output };
}

/** Resolves once `text` appears in the process output; rejects if it exits or `timeoutMs` passes. */
export async function waitForOutput(proc, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.output().includes(text)) return;
    if (proc.child.exitCode !== null) throw new Error(`process exited early (${proc.child.exitCode}):\n${proc.output()}`);
    await sleep(50);
  }
  throw new Error(`no "${text}" within ${timeoutMs} ms:\n${proc.output()}`);
}
