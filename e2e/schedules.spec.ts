// Schedules in a real browser: create one in the form (preset, live reading, time zone picker), Run now, and watch
// the run arrive in the schedule's history without a reload; times with seconds counting down; the history chart;
// Run now closed while a skip schedule's run is going.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

test("create a schedule in the form, run it now, and see the run in its history without reload", async ({ page }) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  // One sign-in for the whole file (better-auth allows 3 per 10 s); the page shares the request context's cookies.
  await signIn(page.request, admin.email, admin.password);

  const agent = `sched-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/agents", {
    data: { name: agent, runtime: "command", command: "cat", start: true },
  });
  expect(created.status()).toBe(201);

  await page.goto(`/agents/${agent}`);
  await page.getByRole("tab", { name: "Schedules" }).click();
  const panel = page.getByRole("tabpanel", { name: "Schedules" });
  await expect(panel.getByText("No schedules yet")).toBeVisible();
  await panel.getByRole("button", { name: "New schedule" }).click();

  const scheduleName = "Morning report";
  await panel.getByLabel("Name").fill(scheduleName);

  // A broken expression says why, beside the field; a preset fixes it and reads back in plain English.
  const cron = panel.getByLabel("Cron expression");
  await cron.fill("61 * * * *");
  await expect(cron).toHaveAttribute("aria-invalid", "true");
  await expect(panel.getByText(/Not a schedule yet: .*minute/i)).toBeVisible();
  await panel.getByRole("button", { name: "Weekdays at 9:00" }).click();
  await expect(cron).toHaveValue("0 9 * * 1-5");
  await expect(cron).not.toHaveAttribute("aria-invalid", "true");
  await expect(panel.getByText("At 09:00, Monday through Friday")).toBeVisible();

  // The time zone picker: type to filter, arrows to move, Enter to choose.
  const zone = panel.getByRole("combobox", { name: "Time zone" });
  await zone.click();
  await zone.fill("tokyo");
  await expect(panel.getByRole("option", { name: /Asia\/Tokyo/ })).toBeVisible();
  await zone.press("ArrowDown");
  await zone.press("Enter");
  await expect(zone).toHaveValue("Asia/Tokyo");
  await expect(zone).toHaveAttribute("aria-expanded", "false");
  // The next five runs follow the chosen zone: 09:00 on weekdays, Tokyo time.
  const nextRuns = panel.getByRole("list", { name: "Next runs in Asia/Tokyo" });
  await expect(nextRuns.getByRole("listitem")).toHaveCount(5);
  await expect(nextRuns.getByRole("listitem").first()).toContainText("09:00 GMT+9");

  const message = "compile the morning report";
  await panel.getByLabel("Message").fill(message);
  await panel.getByRole("button", { name: "Create schedule" }).click();

  // Back in the list: enabled, its reading, zone and next run.
  const toggle = panel.getByRole("switch", { name: `Enabled ${scheduleName}` });
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await expect(panel.getByText("At 09:00, Monday through Friday")).toBeVisible();
  await expect(panel.getByText("Asia/Tokyo", { exact: true })).toBeVisible();
  await expect(panel.getByRole("listitem").getByRole("definition").filter({ hasText: "09:00 GMT+9" })).toBeVisible();

  // A marker on window survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { cadreMarker: string }).cadreMarker = "still-here"));
  await panel.getByRole("button", { name: `Run now ${scheduleName}` }).click();

  const history = panel.getByRole("region", { name: `History of ${scheduleName}` });
  const runs = history.getByRole("table");
  await expect(runs.getByRole("row")).toHaveCount(2); // the header and the run (its details row stays hidden until opened)
  await expect(runs.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(runs.getByRole("cell", { name: "Run now" })).toBeVisible();
  await runs.getByRole("button", { name: /Details of the succeeded run/ }).click();
  await expect(history.getByRole("heading", { name: "Response" })).toBeVisible();
  // `cat` answers with the message itself: once as the task, once as the response.
  await expect(history.locator("pre", { hasText: message })).toHaveCount(2);
  expect(await page.evaluate(() => (window as unknown as { cadreMarker?: string }).cadreMarker)).toBe("still-here");

  // The API agrees: one Run-now execution of this schedule, with the response.
  const { schedules } = await (await page.request.get(`/api/agents/${agent}/schedules`)).json();
  expect(schedules).toHaveLength(1);
  expect(schedules[0]).toMatchObject({
    name: scheduleName,
    cron: "0 9 * * 1-5",
    timezone: "Asia/Tokyo",
    enabled: true,
  });
  const { executions } = await (
    await page.request.get(`/api/agents/${agent}/schedules/${schedules[0].id}/executions`)
  ).json();
  expect(executions).toHaveLength(1);
  expect(executions[0]).toMatchObject({
    trigger: "manual",
    status: "succeeded",
    response: message,
    scheduleId: schedules[0].id,
  });

  // A run started elsewhere (here through the API) reaches the open page by the live room alone: nothing is in
  // flight any more, so no fallback refresh is running.
  const other = await page.request.post(`/api/agents/${agent}/schedules/${schedules[0].id}/trigger`);
  expect(other.status()).toBe(202);
  await expect(runs.getByRole("row")).toHaveCount(3);
  await expect(runs.getByText("Succeeded", { exact: true })).toHaveCount(2, { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { cadreMarker?: string }).cadreMarker)).toBe("still-here");

  // The server's answer lands beside the field it names: a second schedule may not take the same name.
  await panel.getByRole("button", { name: "New schedule" }).click();
  await panel.getByLabel("Name").fill(scheduleName);
  await panel.getByLabel("Message").fill("again");
  await panel.getByRole("button", { name: "Create schedule" }).click();
  await expect(panel.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(panel.getByLabel("Name")).toHaveAccessibleDescription(/already has a schedule named/);
  await panel.getByRole("button", { name: "Cancel" }).click();

  // Switching it off is a real switch.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await expect(panel.getByText("Disabled").first()).toBeVisible();
});

/** The page's content as it is now passes axe's WCAG 2 A and AA rules (the chart, its tooltip, the closed button). */
async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include("main").withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Signs the page in as the admin (set up here when this file runs alone) and makes a started command agent. */
async function adminWithAgent(page: Page, command: string, prefix: string): Promise<string> {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);
  const agent = `${prefix}-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/agents", {
    data: { name: agent, runtime: "command", command, concurrencyLimit: 1, start: true },
  });
  expect(created.status()).toBe(201);
  return agent;
}

async function openSchedules(page: Page, agent: string) {
  await page.goto(`/agents/${agent}`);
  await page.getByRole("tab", { name: "Schedules" }).click();
  return page.getByRole("tabpanel", { name: "Schedules" });
}

const WITH_SECONDS_COUNTING_DOWN = /\d\d:\d\d:\d\d \S+ · in [1-5] s$/;

test("a schedule with seconds shows its next runs with seconds, counting down, never 'just now'; its history chart has axes and values", async ({
  page,
}) => {
  const agent = await adminWithAgent(page, "cat", "secs");
  const panel = await openSchedules(page, agent);
  await panel.getByRole("button", { name: "New schedule" }).click();
  await panel.getByLabel("Name").fill("Every five seconds");
  await panel.getByLabel("Cron expression").fill("*/5 * * * * *");
  await panel.getByLabel("Message").fill("tick");

  // Five runs, five seconds apart: each with its seconds (so no two read the same) and how far off it is.
  const nextRuns = panel.getByRole("list", { name: /^Next runs in / });
  const items = nextRuns.getByRole("listitem");
  await expect(items).toHaveCount(5);
  await expect(items.first()).toHaveText(WITH_SECONDS_COUNTING_DOWN);
  const texts = await items.allTextContents();
  expect(new Set(texts.map((t) => t.split(" · ")[0])).size).toBe(5);
  // The countdown moves with the clock; while it does, the time still to come never reads "just now".
  let previous = await items.first().textContent();
  for (let i = 0; i < 6; i++) {
    await expect(items.first()).not.toHaveText(previous ?? "");
    previous = await items.first().textContent();
    expect(previous).toMatch(WITH_SECONDS_COUNTING_DOWN);
    await expect(nextRuns).not.toContainText("just now");
  }
  // The exact time, with the zone, is in the element's tooltip.
  await expect(items.first().locator("time")).toHaveAttribute("title", /\d\d:\d\d:\d\d \S+ \(your time/);

  await panel.getByRole("button", { name: "Create schedule" }).click();
  const nextRun = panel.getByRole("listitem").getByRole("definition").filter({ hasText: " · in " });
  await expect(nextRun).toHaveText(WITH_SECONDS_COUNTING_DOWN);

  // It fires every five seconds; once two runs have ended, the history shows their durations over time.
  // (Saving opened its history.)
  const history = panel.getByRole("region", { name: "History of Every five seconds" });
  await expect(history.getByRole("table").getByText("Succeeded", { exact: true }).nth(1)).toBeVisible({
    timeout: 30_000,
  });
  await panel.getByRole("switch", { name: "Enabled Every five seconds" }).click();

  const chart = history.getByRole("figure", { name: "Duration" });
  await expect(chart).toHaveAccessibleDescription(/\d+ runs? from .*: lowest .*, highest .*, latest/);
  // Axes with labelled ticks: times along the bottom, durations up the side.
  const ticks = chart.locator(".recharts-cartesian-axis-tick-value");
  await expect(ticks.filter({ hasText: /^\d\d:\d\d(:\d\d)?$/ }).first()).toBeVisible();
  await expect(ticks.filter({ hasText: /^\d+(\.\d+)? (ms|s)$/ }).first()).toBeVisible();
  // A lone chart keeps to half the width and a fixed height.
  const box = (await chart.boundingBox())!;
  const historyBox = (await history.boundingBox())!;
  expect(box.width).toBeLessThan(historyBox.width * 0.6);
  expect(box.height).toBeLessThan(260);
  // Hovering a run shows its time and duration.
  const tooltip = chart.locator(".recharts-tooltip-wrapper");
  await chart.locator(".recharts-line-dots circle").last().hover();
  await expect(tooltip).toContainText(/\d\d:\d\d:\d\d .*\d+(\.\d)? (ms|s) · succeeded/);
  // So does the keyboard: the chart takes focus, the arrow keys move between runs.
  await page.mouse.move(0, 0);
  await chart.locator("svg.recharts-surface").focus();
  await page.keyboard.press("ArrowRight");
  await expect(tooltip).toContainText(/\d+(\.\d)? (ms|s) · succeeded/);
  await expectNoAxeViolations(page);
});

test("Run now on a skip schedule is closed, with the reason, while its run is going, and opens when it ends", async ({
  page,
}) => {
  // Each run waits for a file this test writes, so the run is still going for as long as the test needs.
  const gate = path.join(os.tmpdir(), `cadre-e2e-gate-${Date.now().toString(36)}`);
  const agent = await adminWithAgent(page, `sh -c 'while [ ! -e "${gate}" ]; do sleep 0.1; done; cat'`, "gated");
  const created = await page.request.post(`/api/agents/${agent}/schedules`, {
    data: { name: "Nightly", cron: "0 0 1 1 *", message: "wait for the gate", overlapPolicy: "skip" },
  });
  expect(created.status()).toBe(201);
  const { schedule } = await created.json();

  const panel = await openSchedules(page, agent);
  const runNow = panel.getByRole("button", { name: "Run now Nightly" });
  await expect(runNow).toBeEnabled();
  await expect(runNow).toHaveAccessibleDescription(/skipped while a run is going \(overlap: skip\)/);
  await runNow.click();

  // While the run is going, the button is closed and says why.
  await expect(runNow).toBeDisabled();
  await expect(runNow).toHaveAccessibleDescription(
    "Run now is skipped while a run is going (overlap: skip); it opens again when that run ends.",
  );
  await expect(panel.getByText("Run now is skipped while a run is going")).toBeVisible();
  const history = panel.getByRole("region", { name: "History of Nightly" });
  await expect(history.getByRole("table").getByText("Running", { exact: true })).toBeVisible();

  // Through the API the same request is answered 409, naming the run still going.
  const { executions } = await (
    await page.request.get(`/api/agents/${agent}/schedules/${schedule.id}/executions`)
  ).json();
  const running = executions.find((e: { status: string }) => e.status === "running");
  expect(running).toBeTruthy();
  const refused = await page.request.post(`/api/agents/${agent}/schedules/${schedule.id}/trigger`);
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.message).toContain(`(${running.id}) is still running`);
  await expect(history.getByRole("table").getByText("Skipped", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // The run ends: the button opens again without a reload.
  fs.writeFileSync(gate, "");
  try {
    await expect(history.getByRole("table").getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(runNow).toBeEnabled();
    await expect(panel.getByText("Run now is skipped while a run is going")).toHaveCount(0);
  } finally {
    fs.rmSync(gate, { force: true });
  }
});
