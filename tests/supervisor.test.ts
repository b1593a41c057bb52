// `npm start` (scripts/start.ts) run for real on free ports, over a data folder an older version left behind:
// file modes and secrets are fixed at start; the worker or the web killed with -9 comes back while the other keeps
// serving, and a task sent around the kills is neither lost nor run twice (the run a killed worker held is marked
// interrupted once its lease runs out; the web's death does not touch the runs); the web resolves the client address
// itself and refuses an oversized body before reading it; SIGTERM stops both children cleanly, once, and exits 0.
// Uses the existing build when there is one (CADRE_SKIP_BUILD=1); otherwise npm start builds once (minutes).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { migrate, ROOT } from "./support/env";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-supervisor-"));
const dataDir = path.join(tmp, "data");
const gates = path.join(tmp, "gates");
const dbFile = path.join(dataDir, "cadre.db");
const databaseUrl = `file:${dbFile}`;
const OLD_AUTH_SECRET = crypto.randomBytes(32).toString("hex");
const PLAIN_KEY = "sk-ant-api03-left-in-plain-text-by-an-older-version";

// An install from before: a world-readable folder and database, a secrets file without the encryption key, and the
// Anthropic key stored in plain text.
fs.mkdirSync(dataDir, { mode: 0o755 });
fs.mkdirSync(gates);
fs.chmodSync(dataDir, 0o755);
migrate(databaseUrl);
fs.chmodSync(dbFile, 0o644);
fs.writeFileSync(
  path.join(dataDir, "secrets.json"),
  JSON.stringify({
    BETTER_AUTH_SECRET: OLD_AUTH_SECRET,
    CADRE_INTERNAL_SECRET: crypto.randomBytes(32).toString("hex"),
  }),
  { mode: 0o644 },
);
Object.assign(process.env, { DATABASE_URL: databaseUrl, CADRE_DATA_DIR: dataDir });
const { db, useDatabase } = await import("@/lib/db");
useDatabase({ url: databaseUrl });
const { MAX_BODY_BYTES } = await import("@/lib/api/limits");
await db.setting.create({ data: { key: "anthropic.apiKey", value: PLAIN_KEY } });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const webPort = await freePort();
const workerPort = await freePort();
const WEB = `http://127.0.0.1:${webPort}`;
const WORKER = `http://127.0.0.1:${workerPort}`;
const hasBuild = fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"));

const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(webPort),
  HOSTNAME: "127.0.0.1",
  CADRE_WORKER_PORT: String(workerPort),
  CADRE_DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  CADRE_PUBLIC_URL: WEB,
  CADRE_PUBLIC_WORKER_URL: WORKER,
  CADRE_SKIP_BUILD: hasBuild ? "1" : "0",
  // A run whose worker was killed is interrupted once its lease runs out: short here, so the test does not wait long.
  CADRE_RUNNER_LEASE_MS: "2000",
};
// Nothing from the test runner or the surrounding shell decides what npm start generates or reads.
for (const name of [
  "NODE_TEST_CONTEXT",
  "BETTER_AUTH_SECRET",
  "CADRE_INTERNAL_SECRET",
  "CADRE_ENCRYPTION_KEY",
  "CADRE_TRUSTED_PROXIES",
]) {
  delete env[name];
}

const cadre = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
  cwd: ROOT,
  env,
  stdio: ["ignore", "pipe", "pipe"],
});
let output = "";
cadre.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
cadre.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
const cadreExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
  cadre.once("exit", (code, signal) => resolve({ code, signal })),
);

interface SupervisorEvent {
  event: string;
  child?: "worker" | "web";
  pid: number;
  code?: number | null;
  signal?: string | null;
  delay?: number;
  restarts?: number;
}

function supervisorEvents(text = output): SupervisorEvent[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return null;
      }
    })
    .filter((e) => e?.component === "supervisor");
}

function childPid(name: "worker" | "web"): number {
  const started = supervisorEvents().filter((e) => e.event === "child_started" && e.child === name);
  assert.ok(started.length > 0, `no ${name} started yet`);
  return started[started.length - 1].pid;
}

after(async () => {
  if (cadre.exitCode === null && cadre.signalCode === null) {
    for (const name of ["worker", "web"] as const) {
      try {
        process.kill(childPid(name), "SIGKILL");
      } catch {
        // already gone
      }
    }
    cadre.kill("SIGKILL");
  }
  // Releases any agent process still waiting on its gate.
  for (const message of ["one", "two", "three", "four"]) fs.writeFileSync(path.join(gates, message), "");
  await db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Polls until `probe` gives a value; every 100 ms, failing with npm start's output after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; npm start printed:\n${output.slice(-6000)}`);
    if (cadre.exitCode !== null)
      throw new Error(`npm start exited (${cadre.exitCode}) while waiting for ${what}:\n${output.slice(-6000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Status and JSON body, or null when nothing answers. A new connection each time: a killed process's are gone. */
async function request(url: string, init: RequestInit = {}): Promise<{ status: number; body: any } | null> {
  try {
    const res = await fetch(url, {
      ...init,
      headers: { connection: "close", ...init.headers },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return null;
  }
}

const webAnswers = async () => (await request(`${WEB}/api/setup`))?.status === 200;
const workerAnswers = async () => (await request(`${WORKER}/healthz`))?.status === 200;

let token = "";
const api = (method: string, url: string, body?: unknown) =>
  request(`${WEB}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

function cli(args: string[]): string {
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/cadre.ts"), ...args], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout.trimEnd().split("\n").pop()!;
}

async function submit(message: string): Promise<string> {
  const res = await api("POST", "/api/agents/gated/task", { message, async: true });
  assert.equal(res?.status, 202, JSON.stringify(res?.body));
  return res!.body.execution.id;
}

const executionStatus = async (id: string) => (await db.execution.findUnique({ where: { id } }))?.status;
const executionsOf = (message: string) => db.execution.findMany({ where: { message } });

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

test("npm start fixes an older data folder: owner-only modes, the encryption key added to secrets.json, the plain key encrypted", {
  timeout: 20 * 60_000,
}, async () => {
  await waitFor(
    "the web and the worker to answer",
    async () => (await webAnswers()) && (await workerAnswers()),
    hasBuild ? 120_000 : 15 * 60_000,
  );
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8"));
  assert.equal(secrets.BETTER_AUTH_SECRET, OLD_AUTH_SECRET, "an existing secret is kept");
  assert.match(secrets.CADRE_ENCRYPTION_KEY, /^[0-9a-f]{64}$/);
  const stored = await waitFor("the plain-text key to be encrypted at boot", async () => {
    const row = await db.setting.findUnique({ where: { key: "anthropic.apiKey" } });
    return row?.value.startsWith("enc:v1:") && row.value;
  });
  assert.ok(!stored.includes(PLAIN_KEY));

  cli(["create-user", "--email", "ops@example.com", "--name", "Ops", "--role", "admin"]);
  token = cli(["create-token", "--email", "ops@example.com", "--name", "supervisor"]);
  assert.match(token, /^cad_/);
  const command = `m=$(cat); while [ ! -e '${gates}'/"$m" ]; do sleep 0.05; done; printf '%s' "$m"`;
  const agent = await api("POST", "/api/agents", { name: "gated", runtime: "command", command, concurrencyLimit: 4 });
  assert.equal(agent?.status, 201, JSON.stringify(agent?.body));

  assert.equal(modeOf(dataDir), 0o700);
  assert.equal(modeOf(path.join(dataDir, "workspaces")), 0o700);
  assert.equal(modeOf(path.join(dataDir, "workspaces", "gated")), 0o700);
  for (const file of ["secrets.json", "cadre.db", "cadre.db-wal", "cadre.db-shm"]) {
    assert.equal(modeOf(path.join(dataDir, file)), 0o600, file);
  }
});

test("the worker killed with -9 comes back; the web answers all along; its run is interrupted, not run again; a task sent meanwhile runs once", async () => {
  const one = await submit("one");
  await waitFor("task one to run", async () => (await executionStatus(one)) === "running");
  const pid = childPid("worker");
  process.kill(pid, "SIGKILL");

  let webChecks = 0;
  const webAllAlong = async () => {
    assert.ok(await webAnswers(), "the web stopped answering while the worker was down");
    webChecks += 1;
  };
  await waitFor("the worker to be down", async () => {
    await webAllAlong();
    return !(await workerAnswers());
  });
  const two = await submit("two"); // while the worker is down
  await waitFor("the worker to come back", async () => {
    await webAllAlong();
    return childPid("worker") !== pid && (await workerAnswers());
  });
  assert.ok(webChecks >= 2);

  const exited = supervisorEvents().find((e) => e.event === "child_exited" && e.pid === pid);
  assert.deepEqual(
    { child: exited?.child, signal: exited?.signal, code: exited?.code, delay: exited?.delay },
    { child: "worker", signal: "SIGKILL", code: null, delay: 500 },
  );
  assert.equal(
    supervisorEvents()
      .filter((e) => e.event === "child_started" && e.child === "worker")
      .at(-1)?.restarts,
    1,
  );

  // The killed worker's runner held task one: the new one marks it interrupted once the lease has run out.
  await waitFor("task one to be marked interrupted", async () => (await executionStatus(one)) === "interrupted");
  fs.writeFileSync(path.join(gates, "one"), "");
  fs.writeFileSync(path.join(gates, "two"), "");
  await waitFor(`task two to finish`, async () => (await executionStatus(two)) === "succeeded");
  const ones = await executionsOf("one");
  assert.deepEqual(
    ones.map((r) => [r.status, r.response]),
    [["interrupted", null]],
    "task one was not started again",
  );
  assert.match(ones[0].error ?? "", /interrupted/);
  const twos = await executionsOf("two");
  assert.deepEqual(
    twos.map((r) => [r.status, r.response]),
    [["succeeded", "two"]],
    "task two ran once",
  );
});

test("the web killed with -9 comes back; the worker answers all along; the task in flight runs on and is recorded once", async () => {
  const before = await db.execution.findMany({
    where: { message: { in: ["one", "two"] } },
    orderBy: { message: "asc" },
  });
  const three = await submit("three");
  await waitFor("task three to run", async () => (await executionStatus(three)) === "running");
  const pid = childPid("web");
  process.kill(pid, "SIGKILL");

  const workerAllAlong = async () =>
    assert.ok(await workerAnswers(), "the worker stopped answering while the web was down");
  await waitFor("the web to be down", async () => {
    await workerAllAlong();
    return !(await webAnswers());
  });
  await waitFor("the web to come back", async () => {
    await workerAllAlong();
    return childPid("web") !== pid && (await webAnswers());
  });
  const exited = supervisorEvents().find((e) => e.event === "child_exited" && e.pid === pid);
  assert.equal(exited?.child, "web");
  assert.equal(exited?.signal, "SIGKILL");

  // The run is the worker's: the web's death leaves it going.
  assert.equal(await executionStatus(three), "running");
  fs.writeFileSync(path.join(gates, "three"), "");
  await waitFor("task three to finish", async () => (await executionStatus(three)) === "succeeded");
  const rows = await executionsOf("three");
  assert.deepEqual(
    rows.map((r) => [r.status, r.response]),
    [["succeeded", "three"]],
    "task three ran once",
  );
  const after = await db.execution.findMany({
    where: { message: { in: ["one", "two"] } },
    orderBy: { message: "asc" },
  });
  assert.deepEqual(after, before, "finished tasks are left as they were");

  const four = await submit("four");
  fs.writeFileSync(path.join(gates, "four"), "");
  await waitFor("task four to finish", async () => (await executionStatus(four)) === "succeeded");
});

test("through the real server: a client's own X-Forwarded-For is ignored, and an oversized body is refused unread", async () => {
  const spoofed = "203.0.113.9";
  const signIn = await request(`${WEB}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: WEB, "x-forwarded-for": spoofed, "x-real-ip": spoofed },
    body: JSON.stringify({ email: "nobody@example.com", password: "not-the-password" }),
  });
  assert.equal(signIn?.status, 401);
  // The sign-in limiter counts per client address, as the web process resolved it.
  const keys = (await db.rateLimit.findMany()).map((r) => r.key);
  assert.ok(
    keys.some((k) => k.startsWith("127.0.0.1|")),
    `limiter keys: ${keys.join(", ")}`,
  );
  assert.ok(!keys.some((k) => k.includes(spoofed)), `limiter keys: ${keys.join(", ")}`);

  // A declared size over the limit is answered at once, with nothing of the body sent.
  const refused = await new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = http.request(`${WEB}/api/agents`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": String(MAX_BODY_BYTES * 8),
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.flushHeaders();
  });
  assert.equal(refused.status, 413);
  assert.deepEqual(refused.body.error.code, "payload_too_large");
  assert.deepEqual(refused.body.error.details, [
    { field: "(body)", message: `at most ${MAX_BODY_BYTES} bytes`, limit: MAX_BODY_BYTES },
  ]);
  assert.equal(await db.agent.count(), 1);
});

test("through the real server: unknown API paths and unsupported methods answer in the error shape; security headers everywhere", async () => {
  const missing = await fetch(`${WEB}/api/no-such-route`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get("content-type") ?? "", /application\/json/);
  assert.equal((await missing.json()).error.code, "not_found");

  const patch = await fetch(`${WEB}/api/agents`, { method: "PATCH", headers: { authorization: `Bearer ${token}` } });
  assert.equal(patch.status, 405);
  assert.equal(patch.headers.get("allow"), "GET, POST, HEAD, OPTIONS");
  assert.equal((await patch.json()).error.code, "method_not_allowed");

  const api = await fetch(`${WEB}/api/setup`);
  assert.equal(api.headers.get("x-content-type-options"), "nosniff");
  assert.match(api.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);

  // A page gets a policy with a fresh nonce each time, which Next.js puts on its scripts.
  const pages = await Promise.all([fetch(`${WEB}/sign-in`), fetch(`${WEB}/sign-in`)]);
  const policies = pages.map((p) => p.headers.get("content-security-policy") ?? "");
  const nonces = policies.map((p) => /'nonce-([^']+)'/.exec(p)?.[1]);
  assert.ok(nonces[0] && nonces[1] && nonces[0] !== nonces[1], policies.join(" | "));
  assert.match(policies[0], /frame-ancestors 'none'/);
  assert.equal(pages[0].headers.get("x-frame-options"), "DENY");
  const html = await pages[0].text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(scripts.length > 0);
  for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonces[0]}"`), `script without the nonce: ${tag}`);
});

test("SIGTERM stops both children cleanly, the worker once even when a second signal reaches it, and npm start exits 0", async () => {
  const workerPid = childPid("worker");
  const webPid = childPid("web");
  const from = output.length;
  // A Ctrl+C reaching the worker too (as it would in a shared process group), then npm start's own SIGTERM while
  // the worker is already stopping: the second signal must not cut the clean stop short. (Two signals of one kind
  // could merge before the handler runs, so the first is a SIGINT.)
  process.kill(workerPid, "SIGINT");
  cadre.kill("SIGTERM");
  const { code, signal } = await cadreExit;
  const tail = output.slice(from);
  assert.equal(signal, null);
  assert.equal(code, 0, tail);
  assert.equal(tail.match(/"component":"worker".*"message":"stopped cleanly"/g)?.length, 1, tail);
  assert.equal(tail.match(/"component":"worker".*"message":"SIG(INT|TERM) received; stopping"/g)?.length, 1, tail);
  assert.doesNotMatch(tail, /stop took longer|child_killed/);
  // Each child ended with code 0. The worker, asked to stop by the SIGINT, may end before the supervisor has taken
  // its own SIGTERM (a loaded machine): its exit is then recorded as an exit, and the restart it would get is dropped
  // by the stop — no child is started again.
  const events = supervisorEvents(tail);
  const ended = events.filter((e) => e.event === "child_stopped" || e.event === "child_exited");
  assert.deepEqual(
    ended.map((e) => [e.child, e.pid, e.code]).sort(),
    [
      ["web", webPid, 0],
      ["worker", workerPid, 0],
    ],
    tail,
  );
  assert.deepEqual(
    ended.filter((e) => e.child === "web").map((e) => e.event),
    ["child_stopped"],
  );
  assert.deepEqual(
    events.filter((e) => e.event === "child_started"),
    [],
    "nothing restarted",
  );
  for (const pid of [workerPid, webPid]) assert.throws(() => process.kill(pid, 0), /ESRCH/, `child ${pid} is gone`);
  assert.equal(supervisorEvents().at(-1)?.event, "stopped");
});
