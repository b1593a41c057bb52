// The audit log in a real browser: an admin sees the changes just made, filters them (the address keeps the filters
// across a reload), reads an edit's before and after, downloads the filtered CSV; a person who owns no agent sees an
// empty state saying why; at phone width the entries read as cards.
import fs from "node:fs";
import { expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const suffix = Date.now().toString(36);
const agent = `audit-${suffix}`;

const rows = (page: Page) => page.locator("tbody tr");

test("an admin filters the log, reads an edit's before and after, and exports the filtered list", async ({ page }) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);
  const created = await page.request.post("/api/agents", { data: { name: agent, runtime: "command", command: "cat" } });
  expect(created.status(), await created.text()).toBe(201);
  const schedule = await page.request.post(`/api/agents/${agent}/schedules`, {
    data: { name: "nightly", cron: "0 3 * * *", message: "tick" },
  });
  expect(schedule.status(), await schedule.text()).toBe(201);
  const { id } = (await schedule.json()).schedule;
  const edit = await page.request.put(`/api/agents/${agent}/schedules/${id}`, { data: { cron: "30 4 * * *" } });
  expect(edit.status(), await edit.text()).toBe(200);

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(rows(page).filter({ hasText: "schedule.updated" }).first()).toBeVisible();

  await page.getByLabel("Agent", { exact: true }).selectOption(agent);
  await expect(page).toHaveURL(new RegExp(`[?&]agent=${agent}`));
  await expect(rows(page)).toHaveCount(3); // agent.created, schedule.created, schedule.updated
  await page.getByLabel("Action").selectOption("schedule.updated");
  await expect(page).toHaveURL(/[?&]action=schedule\.updated/);
  await expect(rows(page)).toHaveCount(1);
  const row = rows(page).first();
  await expect(row.getByText(admin.email)).toBeVisible();
  await expect(row.getByText(`${agent} / nightly`)).toBeVisible();
  await expect(row.locator("del")).toHaveText("0 3 * * *");
  await expect(row.locator("ins")).toHaveText("30 4 * * *");

  // A reload keeps the filters; every schedule change of the agent is one choice away.
  await page.reload();
  await expect(page.getByLabel("Action")).toHaveValue("schedule.updated");
  await expect(rows(page)).toHaveCount(1);
  await page.getByLabel("Action").selectOption("schedule");
  await expect(rows(page)).toHaveCount(2);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^cadre-audit-.*\.csv$/);
  const csv = fs
    .readFileSync(await download.path(), "utf8")
    .trimEnd()
    .split("\r\n");
  expect(csv[0]).toBe("id,createdAt,actor,actorId,ip,action,targetType,targetId,target,agent,before,after");
  expect(csv).toHaveLength(3);
  expect(csv.slice(1).every((line) => line.includes(",schedule,") && line.includes(agent))).toBe(true);

  await page.getByRole("link", { name: "Clear the filters" }).click();
  await expect(page).toHaveURL(/\/audit$/);
});

test("a person who owns no agent sees why the log is empty; at phone width entries are cards", async ({
  page,
  browser,
}) => {
  await signIn(page.request, admin.email, admin.password);
  const person = { name: "Nora Nobody", email: `nora-${suffix}@example.com`, password: "nora-password-123" };
  const res = await page.request.post("/api/users", { data: { ...person, role: "user" } });
  expect(res.status(), await res.text()).toBe(201);
  const context = await browser.newContext();
  await signIn(context.request, person.email, person.password);
  const theirs = await context.newPage();
  await theirs.goto("/audit");
  await expect(theirs.getByText("No entries yet")).toBeVisible();
  await expect(theirs.getByText(/the rest of the log is for admins/)).toBeVisible();
  await context.close();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/audit?agent=${agent}`);
  await expect(rows(page).first()).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
