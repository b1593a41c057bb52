// First run, sign-in, agents and live execution results, in a real browser against the running app.
import { expect, test } from "@playwright/test";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

test.describe.configure({ mode: "serial" });

test("first run shows the setup page, which creates the admin account and the demo agent", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole("link", { name: "demo" })).toBeVisible();
  // Setup happens once: afterwards the page sends people to sign in.
  const res = await page.request.get("/api/setup");
  expect(await res.json()).toEqual({ needed: false });
});

test("a signed-out visitor is sent to sign in", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fagents$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  const api = await context.request.get("/api/agents");
  expect(api.status()).toBe(401);
  await context.close();
});

test("sign in, create a command agent, run a task and see the result without reload", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/agents$/);

  const name = `shout-${Date.now().toString(36)}`;
  await page.goto("/agents/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Runtime").selectOption("command");
  // The answer takes a moment, so it can only reach the page through the live update.
  await page.getByLabel("Command").fill("sleep 2; tr a-z A-Z");
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(new RegExp(`/agents/${name}$`));

  // A marker on window survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { cadreMarker: string }).cadreMarker = "still-here"));
  await page.getByLabel("Message").fill("hello from the browser");
  await page.getByRole("button", { name: "Run task" }).click();
  await expect(page.getByText("HELLO FROM THE BROWSER", { exact: true })).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { cadreMarker?: string }).cadreMarker)).toBe("still-here");

  // The API agrees with the page.
  const list = await context.request.get(`/api/agents/${name}/executions`);
  const { executions } = await list.json();
  expect(executions[0]).toMatchObject({ status: "succeeded", response: "HELLO FROM THE BROWSER", exitCode: 0 });
  await context.close();
});
