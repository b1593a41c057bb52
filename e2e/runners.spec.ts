// Runners in a real browser: an admin follows the nav to /runners and sees the worker `npm start` runs, alive, with
// its parts and a heartbeat the page keeps refreshing; an agent pinned to that runner says so on its page.
import { expect, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

test("an admin sees the running worker on /runners, kept up to date, and an agent pinned to it", async ({ page }) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);

  // The worker of npm start, as the API lists it: its name is what agents are pinned by.
  const { workers } = await (await page.request.get("/api/runners")).json();
  const worker = workers.find((w: { state: string }) => w.state === "running");
  expect(worker, JSON.stringify(workers)).toBeTruthy();

  await page.goto("/agents");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runners" }).click();
  await expect(page).toHaveURL(/\/runners$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runners" })).toBeVisible();

  const table = page.getByRole("table", { name: /Workers/ });
  const row = table.getByRole("row", { name: new RegExp(worker.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
  await expect(row.getByRole("rowheader")).toContainText(worker.name);
  await expect(row.getByText("Running", { exact: true })).toBeVisible();
  const parts = row.getByRole("list", { name: `Parts of ${worker.name}` });
  for (const part of ["scheduler", "engine", "runner", "sockets"])
    await expect(parts.getByText(part, { exact: true })).toBeVisible();
  await expect(row.getByText(/scheduler: \d+ armed/)).toBeVisible();
  await expect(page.getByText(/Running on 1 worker/)).toBeVisible();

  // Live: the page asks again on its own, no reload.
  const refreshed = await page.waitForResponse((r) => r.url().endsWith("/api/scheduler/status") && r.ok(), {
    timeout: 15_000,
  });
  const body = await refreshed.json();
  expect(body.workers.some((w: { id: string; alive: boolean }) => w.id === worker.id && w.alive)).toBe(true);

  // Pinned to the live runner: the agent's page names it, without the warning a missing runner would bring.
  const agent = `pinned-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/agents", {
    data: { name: agent, runtime: "claude-code", runnerName: worker.name, start: false },
  });
  expect(created.status()).toBe(201);
  const names = page.waitForResponse((r) => r.url().endsWith("/api/runners/names") && r.ok());
  await page.goto(`/agents/${agent}`);
  await names;
  const details = page.getByRole("region", { name: "Details" });
  await expect(details.getByRole("definition").filter({ hasText: worker.name })).toBeVisible();
  await expect(details.getByText(/no worker by this name is up/)).toHaveCount(0);
});
