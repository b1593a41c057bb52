// CPU time by process while a benchmark runs (Linux /proc; elsewhere nothing): which part of the system a figure's
// time went to. Processes are grouped by what they are: the bench itself (the web's routes and the load it makes),
// workers, their spawners, PostgreSQL's backends, and the rest by command name.
import fs from "node:fs";

export interface CpuByProcess {
  /** ms of CPU (user + system) by group */
  byProcess: Record<string, number>;
  /** ms of CPU the whole machine spent busy, and in all (busy + idle), over every core */
  machineBusy: number;
  machineTotal: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function groupOf(pid: number, comm: string, self: number): string {
  if (pid === self) return "bench (web + load)";
  if (comm === "postgres") return "postgres";
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return comm;
  }
  if (cmdline.includes("worker/main")) return "worker";
  if (cmdline.includes("spawner-child")) return "spawner";
  return comm;
}

/** What every process has used so far, by group; null where /proc is not there. */
export function cpuByProcess(self: number): CpuByProcess | null {
  if (!fs.existsSync("/proc/stat")) return null;
  const byProcess: Record<string, number> = {};
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const group = groupOf(Number(entry), comm, self);
      byProcess[group] = (byProcess[group] ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // The process ended meanwhile.
    }
  }
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = cpu[3] + (cpu[4] ?? 0);
  return { byProcess, machineBusy: (total - idle) * TICK_MS, machineTotal: total * TICK_MS };
}

/**
 * What was used between two readings. Processes that started and ended between them (the agents' programs) count in
 * the machine's figure only.
 */
export function cpuSince(before: CpuByProcess | null, after: CpuByProcess | null): CpuByProcess | null {
  if (!before || !after) return null;
  const byProcess: Record<string, number> = {};
  for (const [group, ms] of Object.entries(after.byProcess)) byProcess[group] = ms - (before.byProcess[group] ?? 0);
  return {
    byProcess,
    machineBusy: after.machineBusy - before.machineBusy,
    machineTotal: after.machineTotal - before.machineTotal,
  };
}
