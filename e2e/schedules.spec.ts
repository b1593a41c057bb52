// Schedules in a real browser: create one in the form (preset, live reading, time zone picker), Run now, and watch
// the run arrive in the schedule's history without a reload.
import { expect, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

test("create a schedule in the form, run it now, and see the run in its history without reload", async ({ page }) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  // One sign-in for the whole file (better-auth allows 3 per 10 s); the page shares the request context's cookies.
  await signIn(page.request, admin.email, admin.password);

  const agent = `sched-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/agents", { data: { name: agent, runtime: "command", command: "cat", start: true } });
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
  expect(schedules[0]).toMatchObject({ name: scheduleName, cron: "0 9 * * 1-5", timezone: "Asia/Tokyo", enabled: true });
  const { executions } = await (await page.request.get(`/api/agents/${agent}/schedules/${schedules[0].id}/executions`)).json();
  expect(executions).toHaveLength(1);
  expect(executions[0]).toMatchObject({ trigger: "manual", status: "succeeded", response: message, scheduleId: schedules[0].id });

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

  // Pausing it is a real switch.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await expect(panel.getByText("Paused").first()).toBeVisible();
});
