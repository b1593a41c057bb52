// `npm test`: every test. First the integration tests (node:test; real SQLite files, the real worker, the real
// Claude Code CLI against a local fake Messages server), then the browser tests (Playwright in Chromium against
// the app started as `npm start` starts it). Ends with one line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const only = process.argv[2]; // "integration" | "e2e" | undefined (both)

function findTests(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (entry.name.endsWith(".test.ts")) out.push(path.relative(ROOT, full));
  }
  return out.sort();
}

interface Counts {
  passed: number;
  failed: number;
}

function runIntegration(): Counts {
  const files = ["tests", "lib", "worker"].flatMap((d) => findTests(path.join(ROOT, d)));
  console.log(`\n== integration tests (${files.length} files) ==`);
  const tap = path.join(os.tmpdir(), `cadre-tests-${process.pid}.tap`);
  const res = spawnSync(
    process.execPath,
    [
      "--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=180000",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      "--test-reporter=tap", `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
  );
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, "utf8") : "";
  const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  const counts = { passed: count("pass"), failed: count("fail") + count("cancelled") };
  if (res.status !== 0 && counts.failed === 0) counts.failed = 1; // the runner itself failed
  return counts;
}

function runE2e(): Counts {
  console.log("\n== browser tests (Playwright, Chromium) ==");
  const report = path.join(os.tmpdir(), `cadre-e2e-${process.pid}.json`);
  const res = spawnSync(process.execPath, [path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
  });
  let counts = { passed: 0, failed: 0 };
  if (fs.existsSync(report)) {
    const stats = JSON.parse(fs.readFileSync(report, "utf8")).stats ?? {};
    counts = { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0 };
  }
  if (res.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const total: Counts = { passed: 0, failed: 0 };
for (const [name, fn] of [["integration", runIntegration], ["e2e", runE2e]] as const) {
  if (only && only !== name) continue;
  const c = fn();
  total.passed += c.passed;
  total.failed += c.failed;
  console.log(`${name}: ${c.passed} passed, ${c.failed} failed`);
}
console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
