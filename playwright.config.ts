// Browser tests run against Cadre started the way `npm start` starts it, on its own ports and a fresh data folder.
import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const WEB_PORT = Number(process.env.CADRE_E2E_PORT ?? 3100);
const WORKER_PORT = WEB_PORT + 1;
export const E2E_BASE_URL = `http://localhost:${WEB_PORT}`;

// A system Chromium (CI installs Debian's) when there is one; Playwright's own browser otherwise.
const systemChromium =
  process.env.CADRE_CHROMIUM ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const launchOptions = systemChromium
  ? {
      executablePath: systemChromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json"]],
  outputDir: "test-results",
  use: {
    baseURL: E2E_BASE_URL,
    // API calls made with a page's session send the Origin a browser would send; changes from any other origin are
    // refused (e2e/security.spec.ts shows it).
    extraHTTPHeaders: { origin: E2E_BASE_URL },
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions,
  },
  // The first-run test must see a fresh install, so it runs before every other file (which set the admin up
  // themselves only when run alone), whatever their names.
  projects: [
    { name: "first-run", testMatch: /foundation\.spec\.ts$/ },
    { name: "features", testIgnore: /foundation\.spec\.ts$/, dependencies: ["first-run"] },
  ],
  webServer: {
    command: "node --import tsx e2e/server.ts",
    url: `${E2E_BASE_URL}/api/setup`,
    timeout: 300_000,
    reuseExistingServer: false,
    // npm start stops its web and worker cleanly on SIGTERM (the default, SIGKILL, would leave them to notice later).
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(WEB_PORT),
      CADRE_WORKER_PORT: String(WORKER_PORT),
      CADRE_DATA_DIR: path.resolve("test-results", "e2e-data"),
      DATABASE_URL: `file:${path.resolve("test-results", "e2e-data", "cadre.db")}`,
      CADRE_PUBLIC_URL: E2E_BASE_URL,
    },
  },
});
