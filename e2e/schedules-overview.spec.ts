// The schedules overview in a real browser: schedules of two agents in one table, their runs on one timeline where
// two schedules meeting in the same minute show as a collision, the 24-hour / 7-day toggle, a phone-width layout;
// and the schedule form's daylight-saving note, live as the expression and zone are typed.
import { expect, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const suffix = Date.now().toString(36);
const north = `north-${suffix}`;
const south = `south-${suffix}`;

test("the overview lists schedules of two agents, shows their collision, and switches between 24 hours and 7 days", async ({
  page,
}) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);

  // 09:17 UTC and 18:17 in Tokyo (no daylight saving) are the same minute every day; 06:43 UTC meets neither. (Odd
  // minutes, so that no other test's schedule meets them.)
  const schedules: [string, Record<string, unknown>][] = [
    [north, { name: `morning-${suffix}`, cron: "17 9 * * *", timezone: "UTC" }],
    [north, { name: `early-${suffix}`, cron: "43 6 * * *", timezone: "UTC" }],
    [south, { name: `evening-${suffix}`, cron: "17 18 * * *", timezone: "Asia/Tokyo" }],
  ];
  for (const agent of [north, south]) {
    const res = await page.request.post("/api/agents", { data: { name: agent, runtime: "claude-code", start: false } });
    expect(res.status()).toBe(201);
  }
  for (const [agent, body] of schedules) {
    const res = await page.request.post(`/api/agents/${agent}/schedules`, { data: { message: "report", ...body } });
    expect(res.status(), await res.text()).toBe(201);
  }

  await page.goto("/agents");
  await page.getByRole("navigation").getByRole("link", { name: "Schedules" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
  await expect(page.getByRole("heading", { name: "Schedules", level: 1 })).toBeVisible();

  // The table: one row per schedule, with its agent's link, reading, zone and next run.
  const table = page.getByRole("table", { name: "Schedules" });
  const evening = table.getByRole("row", { name: new RegExp(`evening-${suffix}`) });
  await expect(evening.getByRole("link", { name: south })).toHaveAttribute("href", `/agents/${south}`);
  await expect(evening).toContainText("At 18:17");
  await expect(evening).toContainText("Asia/Tokyo");
  await expect(evening.getByRole("cell").filter({ hasText: "18:17 GMT+9" })).toBeVisible();
  await expect(evening).toContainText("Never");
  await expect(table.getByRole("row", { name: new RegExp(`morning-${suffix}`) })).toContainText(north);

  // The timeline: each schedule's row says its runs; the collision is a marker naming both schedules.
  const timeline = page.getByRole("figure", { name: "Runs in the next 24 hours" });
  const rows = timeline.getByRole("list", { name: "Schedules on the timeline" });
  await expect(rows.getByRole("listitem").filter({ hasText: `morning-${suffix}` })).toContainText(/: 1 run, first/);
  const both = new RegExp(
    `^2 runs at \\w{3} \\d\\d:\\d\\d: .*morning-${suffix} \\(${north}\\).*evening-${suffix} \\(${south}\\)`,
  );
  const marker = timeline.getByRole("button", { name: both });
  await expect(marker).toHaveCount(1);
  await marker.focus();
  await expect(marker.getByRole("tooltip")).toBeVisible();
  await expect(marker.getByRole("tooltip")).toContainText(`evening-${suffix} (${south})`);
  // The same collision in words, and the schedule that meets no other is not in it.
  const list = page.getByRole("region", { name: "Runs at the same minute" });
  await expect(list.getByRole("listitem").filter({ hasText: `morning-${suffix}` })).toHaveCount(1);
  await expect(list).not.toContainText(`early-${suffix}`);

  // 7 days: seven runs each, seven collisions.
  const toggle = page.getByRole("group", { name: "Timeline window" });
  await expect(toggle.getByRole("button", { name: "24 hours" })).toHaveAttribute("aria-pressed", "true");
  await toggle.getByRole("button", { name: "7 days" }).click();
  await expect(toggle.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  const week = page.getByRole("figure", { name: "Runs in the next 7 days" });
  await expect(week.getByRole("listitem").filter({ hasText: `early-${suffix}` })).toContainText(/: 7 runs, first/);
  await expect(week.getByRole("button", { name: both })).toHaveCount(7);
  await expect(list.getByRole("listitem").filter({ hasText: `morning-${suffix}` })).toHaveCount(7);

  // At phone width the table reads as cards with their labels, and nothing runs off the side.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(evening.getByRole("cell").filter({ hasText: "Asia/Tokyo" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the schedule form notes what daylight saving does, as the expression and zone are typed", async ({ page }) => {
  await signIn(page.request, admin.email, admin.password);
  await page.goto(`/agents/${north}`);
  await page.getByRole("tab", { name: "Schedules" }).click();
  const panel = page.getByRole("tabpanel", { name: "Schedules" });
  await panel.getByRole("button", { name: "New schedule" }).click();

  const zone = panel.getByRole("combobox", { name: "Time zone" });
  const pickZone = async (name: string) => {
    await zone.click();
    await zone.fill(name);
    await zone.press("ArrowDown");
    await zone.press("Enter");
    await expect(zone).toHaveValue(name);
  };

  await panel.getByLabel("Cron expression").fill("30 1 * * *");
  // Tokyo keeps one clock all year, so there is no note.
  await pickZone("Asia/Tokyo");
  await expect(panel.getByRole("list", { name: "Next runs in Asia/Tokyo" }).getByRole("listitem")).toHaveCount(5);
  await expect(panel.getByRole("list", { name: /^Daylight saving/ })).toHaveCount(0);

  await pickZone("Europe/London");
  const notes = panel.getByRole("list", { name: "Daylight saving in Europe/London" });
  await expect(notes.getByRole("listitem").first()).toHaveText(/^Runs at 02:00 instead of 01:30 on \d+ Mar \d{4}\.$/);
  await expect(notes).toContainText(/Runs once at 01:30 \(first occurrence, UTC\+01:00\) on \d+ Oct \d{4}\./);
  // The next runs come from the same preview: 01:30 London time.
  const runs = panel.getByRole("list", { name: "Next runs in Europe/London" }).getByRole("listitem");
  await expect(runs).toHaveCount(5);
  await expect(runs.first()).toContainText("01:30");

  // A time daylight saving never touches: the note goes.
  await panel.getByLabel("Cron expression").fill("0 12 * * *");
  await expect(
    panel.getByRole("list", { name: "Next runs in Europe/London" }).getByRole("listitem").first(),
  ).toContainText("12:00");
  await expect(notes).toHaveCount(0);
});
