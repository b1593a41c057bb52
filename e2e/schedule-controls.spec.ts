// Schedule controls in a real browser: pause with a note and a resume time shows who paused it and when it resumes,
// Resume clears it, the form's jitter and start/end fields save, and a backfill's preview lists the range's times
// and its confirmation runs them, each arriving in the schedule's history; every change shows in its Changes list.
import { expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

/** "2026-12-01T09:30" on the browser's clock (the page's datetime-local inputs take it). */
async function localInput(page: Page, at: number): Promise<string> {
  return page.evaluate((ms) => {
    const d = new Date(ms);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, at);
}

test("pause with a note and resume time, resume, edit jitter and window, backfill preview then confirm", async ({
  page,
}) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);
  const agent = `ctl-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/agents", {
    data: { name: agent, runtime: "command", command: "cat", start: true },
  });
  expect(created.status()).toBe(201);
  const name = "Hourly digest";
  const made = await page.request.post(`/api/agents/${agent}/schedules`, {
    data: { name, cron: "0 * * * *", timezone: "UTC", message: "digest", overlapPolicy: "allow" },
  });
  expect(made.status()).toBe(201);
  const scheduleId = (await made.json()).schedule.id as string;

  await page.goto(`/agents/${agent}`);
  await page.getByRole("tab", { name: "Schedules" }).click();
  const panel = page.getByRole("tabpanel", { name: "Schedules" });

  // Pause with a note and a time to resume at.
  await panel.getByRole("button", { name: `Pause ${name}` }).click();
  const pauseDialog = page.getByRole("dialog", { name: `Pause ${name}` });
  await pauseDialog.getByLabel("Note").fill("waiting for the data fix");
  await pauseDialog.getByLabel("Resume at (optional)").fill(await localInput(page, Date.now() + 2 * 3_600_000));
  await pauseDialog.getByRole("button", { name: "Pause schedule" }).click();
  await expect(pauseDialog).toBeHidden();
  const state = panel.getByTestId("pause-state");
  await expect(state).toContainText(`Paused by ${admin.name}`);
  await expect(state).toContainText("waiting for the data fix");
  await expect(state).toContainText(/resumes .*in (1|2) h/);

  // Resume clears it.
  await panel.getByRole("button", { name: `Resume ${name}` }).click();
  await expect(state).toBeHidden();
  await expect(panel.getByRole("button", { name: `Pause ${name}` })).toBeVisible();

  // Jitter and a window in the form.
  await panel.getByRole("button", { name: `Edit ${name}` }).click();
  await panel.getByLabel("Jitter (seconds)").fill("30");
  await panel.getByLabel("Start", { exact: true }).fill(await localInput(page, Date.now() - 86_400_000));
  await panel.getByLabel("End", { exact: true }).fill(await localInput(page, Date.now() - 2 * 86_400_000));
  await expect(panel.getByLabel("End", { exact: true })).toHaveAccessibleDescription(
    /End date must be after the start date/,
  );
  await panel.getByLabel("End", { exact: true }).fill(await localInput(page, Date.now() + 30 * 86_400_000));
  await panel.getByLabel("Auto-pause after failures").fill("3");
  await panel.getByRole("button", { name: "Save schedule" }).click();
  await expect(panel.getByRole("button", { name: `Edit ${name}` })).toBeVisible();
  const saved = (await (await page.request.get(`/api/agents/${agent}/schedules/${scheduleId}`)).json()).schedule;
  expect(saved.jitterSeconds).toBe(30);
  expect(saved.autoPauseAfterFailures).toBe(3);
  expect(Date.parse(saved.endAt) - Date.parse(saved.startAt)).toBeGreaterThan(30 * 86_400_000);

  // Backfill the last three whole hours: a preview, then the runs.
  const hour = 3_600_000;
  const lastHour = Math.floor(Date.now() / hour) * hour;
  await panel.getByRole("button", { name: `Backfill ${name}` }).click();
  const backfill = page.getByRole("dialog", { name: `Backfill ${name}` });
  await backfill.getByLabel("From").fill(await localInput(page, lastHour - 2 * hour - 60_000));
  await backfill.getByLabel("To").fill(await localInput(page, lastHour - 60_000));
  await backfill.getByRole("button", { name: "Preview" }).click();
  const preview = backfill.getByRole("region", { name: "Backfill preview" });
  await expect(preview.getByRole("row")).toHaveCount(3); // the header and two times
  await expect(preview.getByText("Will run", { exact: true })).toHaveCount(2);
  await backfill.getByRole("button", { name: "Confirm: run 2" }).click();
  const result = backfill.getByRole("region", { name: "Backfill result" });
  await expect(result).toContainText("2 runs queued; 0 skipped.");
  await backfill.getByRole("button", { name: "Close" }).click();

  // The runs arrive in the history; the changes list says who did what.
  // (Saving the edit opened its history.)
  const history = panel.getByRole("region", { name: `History of ${name}` });
  await expect(history.getByRole("table").getByText("Succeeded", { exact: true })).toHaveCount(2, {
    timeout: 30_000,
  });
  const changes = panel.getByRole("region", { name: `Changes to ${name}` });
  await expect(changes.getByRole("row").filter({ hasText: "Backfilled" })).toContainText("2 queued, 0 skipped");
  await expect(changes.getByRole("row").filter({ hasText: "Paused" })).toContainText(admin.name);
  await expect(changes.getByRole("row").filter({ hasText: "Resumed" })).toHaveCount(1);
  await expect(changes.getByRole("row").filter({ hasText: "Edited" })).toContainText("jitterSeconds");

  // At phone width the card's controls stay reachable.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(panel.getByRole("button", { name: `Pause ${name}` })).toBeVisible();
});
