// First run, sign-in, agents and live execution results, in a real browser against the running app.
import { type Browser, type BrowserContext, expect, type Page, test } from "./fixtures";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

test.describe.configure({ mode: "serial" });

// The session of the sign-in test, reused so later tests do not trip the sign-in rate limit (3 per 10 s).
let adminSession: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

async function signedInPage(browser: Browser): Promise<Page> {
  if (!adminSession) throw new Error("the sign-in test did not run");
  const context = await browser.newContext({ storageState: adminSession });
  const page = await context.newPage();
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/agents$/);
  return page;
}

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
  const name = `shout-${Date.now().toString(36)}`;
  // Listening from the start: the page opens its socket to the worker as soon as it loads.
  const finishedEvent = new Promise<string>((resolve) => {
    page.on("websocket", (ws) =>
      ws.on("framereceived", ({ payload }) => {
        const text = String(payload);
        if (text.includes("execution_finished") && text.includes(name)) resolve(text);
      }),
    );
  });
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  adminSession = await context.storageState();

  await page.goto("/agents/new");
  await page.getByLabel("Name").fill(name);
  await expect(page.getByText("Tasks may override it.", { exact: true })).toBeVisible();
  await page.getByLabel("Runtime").selectOption("command");
  // What the model does for a command agent is said where it is chosen.
  await expect(page.getByText("The command gets it as the CADRE_MODEL variable. Tasks may override it.")).toBeVisible();
  // The answer takes a moment, so it reaches the page after the run was shown as started.
  await page.getByLabel("Command").fill("sleep 2; tr a-z A-Z");
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(new RegExp(`/agents/${name}$`));

  // The page is connected to the worker, and the finish event arrives over that socket.
  await expect(page.getByText("Live updates on")).toBeAttached();
  // A marker on window survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { cadreMarker: string }).cadreMarker = "still-here"));
  await page.getByLabel("Message").fill("hello from the browser");
  await page.getByRole("button", { name: "Run task" }).click();
  await expect(page.getByText("HELLO FROM THE BROWSER", { exact: true })).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { cadreMarker?: string }).cadreMarker)).toBe("still-here");
  expect(await finishedEvent).toContain('"status":"succeeded"');

  // The API agrees with the page.
  const list = await context.request.get(`/api/agents/${name}/executions`);
  const { executions } = await list.json();
  expect(executions[0]).toMatchObject({ status: "succeeded", response: "HELLO FROM THE BROWSER", exitCode: 0 });
  await context.close();
});

test("chat with the demo agent keeps the conversation", async ({ browser }) => {
  const page = await signedInPage(browser);
  await page.getByRole("link", { name: "demo" }).click();
  await page.getByRole("tab", { name: "Chat" }).click();
  const chat = page.getByRole("tabpanel", { name: "Chat" });
  await chat.getByLabel("Message").fill("plan the week ahead");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByText("Demo agent received 4 words", { exact: false })).toBeVisible();
  // The conversation is stored: it is still there after a reload.
  await page.reload();
  await page.getByRole("tab", { name: "Chat" }).click();
  await expect(
    page.getByRole("tabpanel", { name: "Chat" }).getByText("Demo agent received 4 words", { exact: false }),
  ).toBeVisible();
  await page.context().close();
});

test("an address with no page is a styled 404 with the way back, and pages load no missing icon", async ({
  browser,
}) => {
  const page = await signedInPage(browser);
  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await page.reload();
  await expect(page.getByRole("link", { name: "demo" })).toBeVisible();
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await page.request.get(icon!)).status()).toBe(200);
  expect(missing, "nothing the agents page loads is missing").toEqual([]);

  const answer = await page.goto("/no-such-page");
  expect(answer?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to agents" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await page.context().close();
});

test("an API token made in the UI works until revoked; signing out ends the session", async ({ browser }) => {
  const page = await signedInPage(browser);
  await page.goto("/tokens");
  await page.getByLabel("Token name").fill("e2e script");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^cad_/);

  const api = await page.context().browser()!.newContext();
  const auth = { authorization: `Bearer ${token}` };
  expect((await api.request.get("/api/agents", { headers: auth })).status()).toBe(200);
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Revoke token e2e script" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByRole("button", { name: "Revoke token e2e script" })).toHaveCount(0);
  expect((await api.request.get("/api/agents", { headers: auth })).status()).toBe(401);
  await api.close();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fagents$/);
  await page.context().close();
});
