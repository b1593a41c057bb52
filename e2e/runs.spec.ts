// The Runs view in a real browser: filters change the address and the list and survive a reload and the back
// button, a run's status changes live, Re-run adds a run, and the export link downloads the filtered list.
import fs from "node:fs";
import { expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const suffix = Date.now().toString(36);
const alpha = `runs-a-${suffix}`;
const bravo = `runs-b-${suffix}`;
// A message starting with "slow" keeps the run going long enough to watch it change.
const COMMAND = `sh -c 'm=$(cat); case "$m" in slow*) sleep 3;; esac; printf "said: %s" "$m"'`;

async function runTask(page: Page, agent: string, message: string, wait = true) {
  const res = await page.request.post(`/api/agents/${agent}/task`, { data: { message, async: !wait } });
  expect(res.status(), await res.text()).toBe(wait ? 200 : 202);
  return (await res.json()).execution as { id: string; status: string };
}

const rows = (page: Page) => page.locator("tbody tr");
const rowOf = (page: Page, message: string) => page.locator("tbody tr", { hasText: message });

test("filters live in the address, Re-run adds a run, status changes live, and the export downloads", async ({
  page,
}) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);
  for (const name of [alpha, bravo]) {
    const res = await page.request.post("/api/agents", {
      data: { name, runtime: "command", command: COMMAND, start: true },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  const hello = `hello from ${suffix}`;
  const report = `report from ${suffix}`;
  await runTask(page, alpha, hello);
  await runTask(page, bravo, report);

  await page.goto("/runs");
  await page.evaluate(() => {
    (window as unknown as { marker: boolean }).marker = true;
  });
  await expect(rowOf(page, hello)).toBeVisible();
  await expect(rowOf(page, report)).toBeVisible();

  // The agent filter: the address says it and the other agent's run leaves the list.
  await page.getByLabel("Agent", { exact: true }).selectOption(alpha);
  await expect(page).toHaveURL(new RegExp(`[?&]agent=${alpha}`));
  await expect(rowOf(page, report)).toHaveCount(0);
  await expect(rowOf(page, hello)).toBeVisible();

  // A status checked and a text searched: both join the address.
  await page.getByRole("checkbox", { name: "Succeeded" }).click();
  await expect(page.getByRole("checkbox", { name: "Succeeded" })).toBeChecked();
  await expect(page).toHaveURL(/[?&]status=succeeded/);
  await page.getByLabel("Text in the message or response").fill("HELLO");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/[?&]q=HELLO/);
  await expect(rows(page)).toHaveCount(1);

  // A reload keeps the filters and the list they give.
  await page.reload();
  await expect(page.getByLabel("Agent", { exact: true })).toHaveValue(alpha);
  await expect(page.getByRole("checkbox", { name: "Succeeded" })).toBeChecked();
  await expect(page.getByLabel("Text in the message or response")).toHaveValue("HELLO");
  await expect(rows(page)).toHaveCount(1);
  await expect(rowOf(page, hello)).toBeVisible();

  // Back steps out of the search; a text nothing has finds nothing.
  await page.goBack();
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(page.getByLabel("Text in the message or response")).toHaveValue("");
  await page.getByLabel("Text in the message or response").fill("no run says this");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No runs match these filters")).toBeVisible();
  await page.getByRole("link", { name: "Clear the filters" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(rowOf(page, report)).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { marker: boolean }).marker = true;
  });

  // A run started elsewhere appears and goes from Running to Succeeded without a reload.
  const slow = `slow task ${suffix}`;
  await runTask(page, alpha, slow, false);
  const slowRow = rowOf(page, slow);
  await expect(slowRow.getByText("Running")).toBeVisible({ timeout: 15_000 });
  await expect(slowRow.getByText("Succeeded")).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);

  // Re-run: a second run of the same message on the same agent.
  await rowOf(page, report)
    .getByRole("button", { name: /Re-run/ })
    .click();
  await expect(page.getByText("Re-run queued.")).toBeVisible();
  await expect(rowOf(page, report)).toHaveCount(2);
  await expect(rowOf(page, report).first().getByText("manual")).toBeVisible();
  await expect(rowOf(page, report).first().getByText("Succeeded")).toBeVisible({ timeout: 15_000 });

  // The export of the filtered list downloads as a file.
  await page.getByLabel("Agent", { exact: true }).selectOption(bravo);
  await expect(rows(page)).toHaveCount(2);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^cadre-runs-.*\.csv$/);
  const csv = fs
    .readFileSync(await download.path(), "utf8")
    .trimEnd()
    .split("\r\n");
  expect(csv[0]).toMatch(/^id,createdAt,agent,/);
  expect(csv).toHaveLength(3);
  expect(csv.slice(1).every((line) => line.includes(bravo) && line.includes(report))).toBe(true);

  // A day range on the viewer's clock: today, from and to, joins the address, keeps today's runs and reads back as typed.
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  await page.getByLabel("From (day)").fill(today);
  await expect(page).toHaveURL(/[?&]from=/);
  await page.getByLabel("To (day, included)").fill(today);
  await expect(page).toHaveURL(/[?&]to=/);
  await expect(rows(page)).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel("From (day)")).toHaveValue(today);
  await expect(page.getByLabel("To (day, included)")).toHaveValue(today);
  await expect(rows(page)).toHaveCount(2);
});

test("at phone width the runs read as cards", async ({ page }) => {
  await signIn(page.request, admin.email, admin.password);
  const agent = `runs-phone-${Date.now().toString(36)}`;
  const res = await page.request.post("/api/agents", {
    data: { name: agent, runtime: "command", command: COMMAND, start: true },
  });
  expect(res.status(), await res.text()).toBe(201);
  await runTask(page, agent, "a task to read on a phone");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/runs?agent=${agent}`);
  const first = rows(page).first();
  await expect(first).toBeVisible();
  await expect(first.getByText("a task to read on a phone")).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await expect(first.getByRole("button", { name: /Re-run/ })).toBeVisible();
});

test("before the page's script runs, Search still loads the address with the text and the other filters", async ({
  page,
}) => {
  await signIn(page.request, admin.email, admin.password);
  // The page's bundles never arrive: the server's HTML is all there is, as in the moment before they load.
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.goto(`/runs?agent=${alpha}&status=succeeded`);
  await page.getByLabel("Text in the message or response").fill("no run says this");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs\\?agent=${alpha}&status=succeeded&q=no\\+run\\+says\\+this$`));
  await expect(page.getByLabel("Text in the message or response")).toHaveValue("no run says this");
  // Served by the server and never taken over by the script: the list, which the script fetches, is still loading.
  await expect(page.getByText("Loading runs…")).toBeVisible();
});
