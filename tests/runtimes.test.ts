// The `command` runtime and the process runner under it: real shells, real process groups, real signals.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "node:test";
import { type RunInput, runTask } from "@/lib/runtimes";
import { ROOT } from "./support/env";
import { alive } from "./support/pids";

function workspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cadre-runtime-"));
}

function commandInput(command: string, over: Partial<RunInput> = {}): RunInput {
  return {
    runtime: "command",
    workspaceDir: workspace(),
    message: "hello agent",
    model: "sonnet",
    command,
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    anthropic: {},
    ...over,
  };
}

function pidsIn(file: string): number[] {
  return fs.readFileSync(file, "utf8").split(/\s+/).filter(Boolean).map(Number);
}

async function waitUntil(check: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

test("a command that exits 0 succeeds with its stdout as the response and runs in the workspace", async () => {
  const input = commandInput('echo "in $(pwd)"; echo "model=$CADRE_MODEL"; printf "\\n\\n"');
  const result = await runTask(input);
  assert.equal(result.status, "succeeded");
  assert.equal(result.exitCode, 0);
  assert.equal(result.error, null);
  assert.equal(result.response, `in ${fs.realpathSync(input.workspaceDir)}\nmodel=sonnet`);
  assert.ok(result.durationMs >= 0 && result.durationMs < 5000);
  assert.equal(result.costUsd, null);
  assert.equal(result.sessionId, null);
});

test("the task reaches the program on stdin, whole", async () => {
  const message = `line one\nline two ü\n${"x".repeat(200_000)}`;
  const result = await runTask(commandInput("cat", { message }));
  assert.equal(result.status, "succeeded");
  assert.equal(result.response, message);
});

test("a non-zero exit fails with the exit code, stderr and its last line in the error", async () => {
  const result = await runTask(commandInput('echo partial; echo "warming up" >&2; echo "disk full" >&2; exit 3'));
  assert.equal(result.status, "failed");
  assert.equal(result.exitCode, 3);
  assert.equal(result.error, "exited with code 3: disk full");
  assert.equal(result.stderr, "warming up\ndisk full\n");
  assert.equal(result.response, "partial");
});

test("output beyond the cap keeps its tail and says it was cut", async () => {
  const result = await runTask(commandInput("head -c 3000000 /dev/zero | tr '\\0' a; echo END"));
  assert.equal(result.status, "succeeded");
  assert.ok(result.response!.startsWith("[earlier output truncated]\n"));
  assert.ok(result.response!.endsWith("aEND"));
  assert.ok(result.response!.length <= 1024 * 1024 + 100, `response is ${result.response!.length} chars`);
});

test("a timeout ends the whole process group, children included", async () => {
  const input = commandInput("sleep 30 & echo $! > pids; sh -c 'sleep 30' & echo $! >> pids; wait", { timeoutMs: 700 });
  const started = Date.now();
  const result = await runTask(input);
  assert.equal(result.status, "timed_out");
  assert.match(result.error!, /timed out after 0\.7 s/);
  assert.ok(Date.now() - started < 5000, "returned promptly");
  const pids = pidsIn(path.join(input.workspaceDir, "pids"));
  assert.equal(pids.length, 2);
  assert.ok(await waitUntil(() => pids.every((pid) => !alive(pid))), `still running: ${pids.filter(alive)}`);
});

test("a child that ignores SIGTERM is killed 2 s later", async () => {
  const input = commandInput("trap '' TERM; sleep 30 & echo $! > pids; wait", { timeoutMs: 300 });
  const started = Date.now();
  const result = await runTask(input);
  const took = Date.now() - started;
  assert.equal(result.status, "timed_out");
  assert.ok(took >= 2000 && took < 6000, `took ${took} ms`);
  const [pid] = pidsIn(path.join(input.workspaceDir, "pids"));
  assert.ok(await waitUntil(() => !alive(pid)), `sleep ${pid} survived`);
});

test("a program that exits leaving a background child finishes at once and the child is ended", async () => {
  const input = commandInput("sleep 30 & echo $! > pids; echo done");
  const started = Date.now();
  const result = await runTask(input);
  assert.equal(result.status, "succeeded");
  assert.equal(result.response, "done");
  assert.ok(Date.now() - started < 5000, "did not wait for the background child");
  const [pid] = pidsIn(path.join(input.workspaceDir, "pids"));
  assert.ok(await waitUntil(() => !alive(pid)), `orphan ${pid} survived`);
});

test("aborting the signal cancels the run and ends its processes", async () => {
  const control = new AbortController();
  const input = commandInput("sleep 30 & echo $! > pids; wait", { signal: control.signal, timeoutMs: 20_000 });
  setTimeout(() => control.abort(), 300);
  const result = await runTask(input);
  assert.equal(result.status, "cancelled");
  assert.equal(result.error, "cancelled");
  const [pid] = pidsIn(path.join(input.workspaceDir, "pids"));
  assert.ok(await waitUntil(() => !alive(pid)));
});

test("an already aborted signal cancels without running to completion", async () => {
  const control = new AbortController();
  control.abort();
  const result = await runTask(commandInput("sleep 5; echo late", { signal: control.signal }));
  assert.equal(result.status, "cancelled");
  assert.ok(result.durationMs < 3000);
});

test("the program gets a minimal environment: never the server's secrets", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, {
    CADRE_INTERNAL_SECRET: "internal-secret-do-not-leak",
    BETTER_AUTH_SECRET: "auth-secret-do-not-leak",
    ANTHROPIC_API_KEY: "sk-ant-do-not-leak",
    DATABASE_URL: "file:/secret/db-do-not-leak",
  });
  try {
    const result = await runTask(
      commandInput("env", { env: { CADRE_AGENT: "demo", CADRE_INTERNAL_SECRET: "passed-by-mistake" }, model: "haiku" }),
    );
    assert.equal(result.status, "succeeded");
    const vars = Object.fromEntries(
      result.response!.split("\n").map((l) => [l.split("=")[0], l.slice(l.indexOf("=") + 1)]),
    );
    assert.doesNotMatch(result.response!, /do-not-leak|passed-by-mistake/);
    for (const name of ["CADRE_INTERNAL_SECRET", "BETTER_AUTH_SECRET", "ANTHROPIC_API_KEY", "DATABASE_URL"]) {
      assert.equal(vars[name], undefined, `${name} was passed`);
    }
    assert.equal(vars.CADRE_AGENT, "demo");
    assert.equal(vars.CADRE_MODEL, "haiku");
    assert.ok(vars.PATH);
  } finally {
    process.env = saved;
  }
});

test("a missing workspace or command fails with a clear error", async () => {
  const noDir = await runTask(commandInput("echo hi", { workspaceDir: "/nonexistent/cadre-workspace" }));
  assert.equal(noDir.status, "failed");
  assert.match(noDir.error!, /^could not start: /);
  const noCommand = await runTask(commandInput("  "));
  assert.equal(noCommand.status, "failed");
  assert.equal(noCommand.error, "This agent has no command configured");
});

test("the demo agent answers offline as the demo agent's command runs it", async () => {
  const run = (message: string) =>
    runTask(
      commandInput('node "$CADRE_HOME/bin/demo-agent.mjs"', {
        message,
        env: { CADRE_HOME: ROOT, CADRE_AGENT: "demo" },
      }),
    );
  const echo = await run("Summarize the quarterly report\nfor the sales team");
  assert.equal(echo.status, "succeeded");
  assert.match(echo.response!, /^Demo agent received 8 words on 2 lines/);
  assert.match(echo.response!, /> for the sales team/);
  const help = await run("help");
  assert.match(help.response!, /demo agent/);
  assert.match(help.response!, /"time"/);
  const env = await run("env");
  assert.match(env.response!, /Agent: demo\nModel: sonnet/);
});

test("when the server process exits, the programs it was running end with it", async () => {
  const dir = workspace();
  const script = `
    import { runTask } from ${JSON.stringify(path.join(ROOT, "lib/runtimes/index.ts"))};
    void runTask({ runtime: "command", workspaceDir: ${JSON.stringify(dir)}, message: "", model: "sonnet",
      command: "sleep 30 & echo $! > pids; wait", timeoutMs: 60000, signal: new AbortController().signal, anthropic: {} });
    setTimeout(() => process.exit(0), 500);
  `;
  const res = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
  const [pid] = pidsIn(path.join(dir, "pids"));
  assert.ok(pid > 0);
  assert.ok(await waitUntil(() => !alive(pid)), `sleep ${pid} outlived the server`);
});
