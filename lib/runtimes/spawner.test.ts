// The spawner: programs start in its process, not the caller's; an abort reaches them there; a spawner that dies
// takes its programs with it and its runs end failed with the reason, the next run starting a new one; a caller that
// dies takes the spawner and its programs with it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { SpawnInput } from "./process";
import { createSpawner } from "./spawner";

const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

function input(script: string, more: Partial<SpawnInput> = {}): SpawnInput {
  return { file: "/bin/sh", args: ["-c", script], cwd: os.tmpdir(), env: ENV, stdin: "", timeoutMs: 60_000, ...more };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cadre-spawner-")), name);
}

test("a program runs in the spawner's process, with its stdin, output and exit code", async () => {
  const spawner = createSpawner();
  try {
    const result = await spawner.run(input('echo "parent $PPID"; cat; echo oops >&2; exit 3', { stdin: "the task" }));
    assert.equal(result.exitCode, 3);
    assert.equal(result.stderr, "oops\n");
    const [first, rest] = [result.stdout.split("\n")[0], result.stdout.split("\n").slice(1).join("\n")];
    assert.equal(first, `parent ${spawner.pid()}`, "the program's parent is the spawner");
    assert.notEqual(spawner.pid(), process.pid);
    assert.equal(rest, "the task");
    assert.equal(result.spawnError, null);
  } finally {
    await spawner.close();
  }
});

test("an abort ends the program's whole process group in the spawner", async () => {
  const spawner = createSpawner();
  const pidFile = tempFile("pid");
  try {
    const control = new AbortController();
    // A grandchild in the background: the group's end must reach it too.
    const running = spawner.run(input(`sleep 300 & echo $! > ${pidFile}; wait`, { signal: control.signal }));
    await until("the grandchild's pid", () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").trim() !== "");
    const grandchild = Number(fs.readFileSync(pidFile, "utf8"));
    assert.ok(alive(grandchild));
    control.abort();
    const result = await running;
    assert.equal(result.aborted, true);
    await until("the grandchild to be gone", () => !alive(grandchild));
  } finally {
    await spawner.close();
  }
});

test("a spawner killed outright: its programs are killed, their runs end failed with the reason, the next run starts a new one", async () => {
  const exits: string[] = [];
  const spawner = createSpawner({ onExit: (how) => exits.push(how) });
  const pidFile = tempFile("pid");
  try {
    const running = spawner.run(input(`echo $$ > ${pidFile}; exec sleep 300`));
    await until("the program's pid", () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").trim() !== "");
    const program = Number(fs.readFileSync(pidFile, "utf8"));
    // The spawner has told this side about the program (a spawner killed in the instant between starting a program
    // and saying so leaves it to the program's own end).
    await until("the spawner to report the program", () => spawner.groups().includes(program));
    const first = spawner.pid()!;
    process.kill(first, "SIGKILL");
    const result = await running;
    assert.match(result.spawnError ?? "", /spawner process exited \(SIGKILL\)/);
    await until("the program to be gone", () => !alive(program));
    assert.deepEqual(exits, ["the spawner process exited (SIGKILL)"]);

    const again = await spawner.run(input("echo again"));
    assert.equal(again.stdout, "again\n");
    assert.notEqual(spawner.pid(), first);
  } finally {
    await spawner.close();
  }
  assert.equal(exits.length, 1, "close() is not reported as an unexpected exit");
});

test("a caller killed outright takes its spawner and the spawner's programs with it", async () => {
  const pidFile = tempFile("pids");
  // A process that starts a program through its spawner, writes both pids, and waits to be killed.
  const script = `
    import fs from "node:fs";
    import { createSpawner } from ${JSON.stringify(new URL("./spawner.ts", import.meta.url).href)};
    const spawner = createSpawner();
    void spawner.run({ file: "/bin/sh", args: ["-c", "echo $$ > ${pidFile}.program; exec sleep 300"], cwd: "/", env: ${JSON.stringify(ENV)}, stdin: "", timeoutMs: 600000 });
    const wait = setInterval(() => {
      if (fs.existsSync("${pidFile}.program") && fs.readFileSync("${pidFile}.program", "utf8").trim()) {
        clearInterval(wait);
        fs.writeFileSync("${pidFile}", JSON.stringify({ spawner: spawner.pid(), program: Number(fs.readFileSync("${pidFile}.program", "utf8")) }));
      }
    }, 20);
    setInterval(() => {}, 1000);`;
  const caller = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: "inherit",
  });
  try {
    await until("the caller's program", () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8") !== "");
    const pids = JSON.parse(fs.readFileSync(pidFile, "utf8")) as { spawner: number; program: number };
    assert.ok(alive(pids.spawner) && alive(pids.program));
    caller.kill("SIGKILL");
    await until("the spawner to be gone", () => !alive(pids.spawner));
    await until("the program to be gone", () => !alive(pids.program));
  } finally {
    caller.kill("SIGKILL");
  }
});
