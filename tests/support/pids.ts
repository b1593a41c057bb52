// Whether a process is still there, read from /proc (Linux): the runtime and runner tests check that the programs they
// started are gone.
import fs from "node:fs";

/** A pid is gone when /proc no longer has it or it is a zombie waiting for its (re)parent to reap it. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
