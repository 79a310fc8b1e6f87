// CPU time of server processes, read from /proc (Linux): lets each phase report server CPU per message.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** A process's line of /proc (or, given `path`, one of its threads'). */
function stat(pid, path = `/proc/${pid}/stat`) {
  try {
    const text = readFileSync(path, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    return { pid, comm, ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

function allProcesses() {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => stat(Number(d)))
    .filter(Boolean);
}

/** Pids of `root` and all its descendants, optionally only those whose command name matches `comm`. */
export function processTree(root, comm) {
  const procs = allProcesses();
  const children = new Map();
  for (const p of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p);
  }
  const out = [];
  const walk = (pid, depth) => {
    if (depth > 20) return;
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child.pid, depth + 1);
    }
  };
  const self = procs.find((p) => p.pid === root);
  if (self) out.push(self);
  walk(root, 0);
  return out.filter((p) => !comm || p.comm === comm).map((p) => p.pid);
}

/** Total CPU milliseconds (user + system) used so far by `pids`. */
export function cpuMs(pids) {
  let total = 0;
  for (const pid of pids) total += stat(pid)?.cpuMs ?? 0;
  return total;
}

/** CPU milliseconds (user + system) used so far by the main thread of `pid` (workerd's: the one every object runs on). */
export function mainThreadCpuMs(pid) {
  return stat(pid, `/proc/${pid}/task/${pid}/stat`)?.cpuMs ?? 0;
}

/** Busy CPU milliseconds of the whole machine so far (all cores; /proc/stat minus idle and iowait). */
export function machineBusyMs() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - fields[3] - fields[4]) * TICK_MS;
  } catch {
    return 0;
  }
}
