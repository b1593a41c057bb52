// `npm test`: every test. First the integration tests (node:test; the real worker, the real Claude Code CLI against a
// local fake Messages server), once on SQLite (a file per test file) and once on PostgreSQL (a database per test
// file, on CADRE_TEST_POSTGRES_URL's server), then the browser tests (Playwright in Chromium against the app started
// as `npm start` starts it). Ends with one line: "N passed, N failed".
// `npm test -- integration | sqlite | postgres | e2e` runs one part. `npm test -- [part] <filter>` runs the test files
// whose path contains the filter (`npm test -- executions`, `npm test -- e2e/addresses.spec.ts`) or, when no file's
// path does, the tests whose name matches it as a pattern; a filter that selects no test fails.
// The tests run with their own temporary folder and must not reach the default ports 3000/3001 (checked).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { buildIfNeeded } from "./build";

const ROOT = path.resolve(import.meta.dirname, "..");
const PARTS = ["integration", "sqlite", "postgres", "e2e"] as const;
type Part = (typeof PARTS)[number];
const isPart = (a: string): a is Part => (PARTS as readonly string[]).includes(a);
const args = process.argv.slice(2);
const only = args.find(isPart); // "integration" (both databases) | "sqlite" | "postgres" | "e2e" | undefined (all)
const filters = args.filter((a) => !isPart(a));
if (filters.length > 1) {
  console.error(`One filter at a time, not ${filters.length}: ${filters.join(" ")}`);
  process.exit(2);
}
const filter = filters[0]?.replace(/^\.\//, "");

const INTEGRATION_FILES = ["tests", "lib", "worker"].flatMap((d) => findTests(path.join(ROOT, d)));
const E2E_FILES = findTests(path.join(ROOT, "e2e"), [], ".spec.ts");
/**
 * What the filter selects: test files by path; else (no file's path contains it) the tests whose name matches it as a
 * pattern, in the files whose text matches it (a test's name is written in its file), so that a typo ends at once.
 */
const selection = (() => {
  if (!filter) return null;
  const byPath = (files: string[]) => files.filter((f) => f.includes(filter));
  if (byPath(INTEGRATION_FILES).length + byPath(E2E_FILES).length > 0) {
    return { integration: byPath(INTEGRATION_FILES), e2e: byPath(E2E_FILES), namePattern: null };
  }
  // Not a valid pattern (`npm test -- "run("`): its text, literally.
  let namePattern = filter;
  try {
    new RegExp(filter);
  } catch {
    namePattern = filter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  const pattern = new RegExp(namePattern);
  const byText = (files: string[]) => files.filter((f) => pattern.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  return { integration: byText(INTEGRATION_FILES), e2e: byText(E2E_FILES), namePattern };
})();
if (selection && selection.integration.length + selection.e2e.length === 0) {
  console.error(`No test matches "${filter}": no test file's path contains it and no test's name matches it.`);
  process.exit(1);
}

function findTests(dir: string, out: string[] = [], suffix = ".test.ts"): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out, suffix);
    else if (entry.name.endsWith(suffix)) out.push(path.relative(ROOT, full));
  }
  return out.sort();
}

interface Counts {
  passed: number;
  failed: number;
}

/** Null when the filter leaves nothing of this part to run. */
async function runIntegration(database: "sqlite" | "postgres"): Promise<Counts | null> {
  const files = selection?.integration ?? INTEGRATION_FILES;
  if (files.length === 0) return null;
  const namePattern = selection?.namePattern ? [`--test-name-pattern=${selection.namePattern}`] : [];
  console.log(
    `\n== integration tests on ${database} (${files.length} files${namePattern.length ? `, tests named like "${filter}"` : ""}) ==`,
  );
  if (database === "postgres") {
    const problem = postgresProblem();
    if (problem) {
      console.error(
        `PostgreSQL is not reachable at ${postgresUrl()}: ${problem}. Start it (see README) or set CADRE_TEST_POSTGRES_URL.`,
      );
      return { passed: 0, failed: 1 };
    }
    dropTestDatabases();
  }
  const child = spawn(
    process.execPath,
    [
      // A file's process ends once its tests have (a pool or a timer left open must not hold it until the timeout).
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=2",
      "--test-timeout=600000",
      "--test-force-exit",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      ...namePattern,
      ...files,
    ],
    {
      cwd: ROOT,
      stdio: ["inherit", "pipe", "inherit"],
      env: { ...process.env, NODE_ENV: "test", CADRE_TEST_DATABASE: database },
    },
  );
  // The counts come from the spec reporter's summary lines ("ℹ pass 12"), read as the output passes through: a
  // reporter writing to a file can lose its end when the forced exit comes before the file is flushed.
  const summary = new Map<string, number>();
  let partial = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const m = /^ℹ (pass|fail|cancelled) (\d+)$/.exec(line.trim());
      if (m) summary.set(m[1], Number(m[2]));
    }
  });
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  if (database === "postgres") dropTestDatabases();
  const counts = {
    passed: summary.get("pass") ?? 0,
    failed: (summary.get("fail") ?? 0) + (summary.get("cancelled") ?? 0),
  };
  if (status !== 0 && counts.failed === 0) counts.failed = 1; // the runner itself failed
  return counts;
}

function runE2e(): Counts | null {
  // A filter: the spec files it names, or every spec with tests named like it (none may match: the total says so).
  const narrowed = !selection
    ? []
    : [...(selection.namePattern ? ["--grep", selection.namePattern, "--pass-with-no-tests"] : []), ...selection.e2e];
  if (selection && selection.e2e.length === 0) return null;
  console.log("\n== browser tests (Playwright, Chromium) ==");
  const report = path.join(os.tmpdir(), `cadre-e2e-${process.pid}.json`);
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test", ...narrowed],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
    },
  );
  let counts = { passed: 0, failed: 0 };
  if (fs.existsSync(report)) {
    const stats = JSON.parse(fs.readFileSync(report, "utf8")).stats ?? {};
    counts = { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0 };
  }
  if (res.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const postgresUrl = () => process.env.CADRE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** Why PostgreSQL cannot be used, or null when it answers. */
function postgresProblem(): string | null {
  const probe = spawnSync(process.execPath, ["-e", PG_PROBE], {
    cwd: ROOT,
    env: { ...process.env, PG_URL: postgresUrl() },
    encoding: "utf8",
    timeout: 15_000,
  });
  return probe.status === 0 ? null : (probe.stderr || probe.stdout || `exit ${probe.status}`).trim().split("\n")[0];
}

const PG_PROBE = `const pg = require("pg"); const c = new pg.Client({ connectionString: process.env.PG_URL });
c.connect().then(() => c.query("SELECT 1")).then(() => c.end()).catch((e) => { console.error(e.message); process.exit(1); });`;

function dropTestDatabases(): void {
  spawnSync(
    process.execPath,
    ["--import", "tsx", "-e", `import("./tests/support/database.ts").then((m) => m.dropPostgresTestDatabases())`],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
}

const parts = [
  ["sqlite", () => runIntegration("sqlite")],
  ["postgres", () => runIntegration("postgres")],
  ["e2e", runE2e],
] as const;

// One build for every test that starts the real web server (the supervisor and cluster tests, the browser tests).
try {
  buildIfNeeded(process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

// Every test process gets one temporary folder of this run (TMPDIR), removed at the end: a run leaves none behind,
// even of a test that stopped half-way.
const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-test-"));
process.env.TMPDIR = runTmp;
const guard = await guardDefaultPorts();

const total: Counts = { passed: 0, failed: 0 };
for (const [name, fn] of parts) {
  if (only && only !== name && !(only === "integration" && name !== "e2e")) continue;
  const c = await fn();
  if (!c) continue;
  total.passed += c.passed;
  total.failed += c.failed;
  console.log(`${name}: ${c.passed} passed, ${c.failed} failed`);
}
guard.close();
if (guard.hits.length > 0) {
  console.error(
    `${guard.hits.length} connection(s) reached Cadre's default ports during the tests (${[...new Set(guard.hits)].join(", ")}): a test talked to whatever Cadre runs on this machine. Every test must use its own ports.`,
  );
  total.failed++;
}
fs.rmSync(runTmp, { recursive: true, force: true });
console.log(`\n${total.passed} passed, ${total.failed} failed`);
if (filter && total.passed + total.failed === 0) {
  console.error(`No test matches "${filter}": no test file's path contains it and no test's name matches it.`);
  process.exit(1);
}
process.exit(total.failed > 0 ? 1 : 0);

/**
 * Holds Cadre's default ports (3000 web, 3001 worker) while the tests run, on every address, and notes each
 * connection: a test that reached them would talk to another Cadre on this machine. A port already taken (Cadre
 * running here) is left alone, with a note.
 */
async function guardDefaultPorts(): Promise<{ hits: string[]; close(): void }> {
  const hits: string[] = [];
  const servers: net.Server[] = [];
  for (const port of [3000, 3001]) {
    const server = net.createServer((socket) => {
      hits.push(String(port));
      socket.destroy();
    });
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen({ port, host: "::", ipv6Only: false }, () => resolve(true));
    });
    if (listening) {
      server.unref();
      servers.push(server);
    } else console.log(`(port ${port} is in use here, so the tests cannot check that none of them reaches it)`);
  }
  return {
    hits,
    close: () => {
      for (const server of servers) server.close();
    },
  };
}
