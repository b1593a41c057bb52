// Builds the web app (`next build`) when there is no build yet or the code changed since the last one. Used by
// `npm start` and, once before its suites, by `npm test` (so test files that start the real web share one build).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** A fingerprint of what the build depends on; a change (git pull, edited file) triggers a rebuild. */
function sourceFingerprint(): string {
  const hash = crypto.createHash("sha256");
  const skip = new Set(["node_modules", ".next", "data", ".git", "test-results", "playwright-report", "generated"]);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|css|mjs|json|prisma)$/.test(entry.name)) {
        const stat = fs.statSync(full);
        hash.update(`${path.relative(ROOT, full)}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["app", "components", "lib", "prisma"])
    if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  for (const file of ["package-lock.json", "next.config.ts", "proxy.ts", "instrumentation.ts", "postcss.config.mjs"]) {
    const full = path.join(ROOT, file);
    if (fs.existsSync(full)) hash.update(`${file}:${fs.statSync(full).mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** Builds when needed; true when it built. `skip`: use any existing build, even an older one. Throws on failure. */
export function buildIfNeeded(env: NodeJS.ProcessEnv, skip = false): boolean {
  const stamp = path.join(ROOT, ".next", "cadre-build-stamp");
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const fingerprint = sourceFingerprint();
  const current = fs.existsSync(buildId) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint;
  if (current || (skip && fs.existsSync(buildId))) return false;
  console.log(
    JSON.stringify({
      level: "info",
      component: "build",
      message: "building the web app (first start or code changed; takes a minute)",
    }),
  );
  const res = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status ?? res.signal})`);
  fs.writeFileSync(stamp, fingerprint);
  return true;
}
