// Cadre on a phone (390 × 844, then 360 wide): every main page fits the screen, Approvals and its pending count stay
// in the top bar, the other sections are one keyboard-usable menu away, tabs scroll by themselves and tables turn
// into cards. A full-page screenshot of each page is kept as test-results/phone/<page>.png and attached to the test.
import fs from "node:fs";
import path from "node:path";
import { type BrowserContext, expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const id = Date.now().toString(36);
const writer = `phone-writer-${id}`;
const processName = `phone-check-${id}`;
const PHONE = { width: 390, height: 844 };
const NARROW = { width: 360, height: 780 };

type Session = Awaited<ReturnType<BrowserContext["storageState"]>>;
let session: Session;
let processId: string;
let runId: string;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const { needed } = await (await context.request.get("/api/setup")).json();
  if (needed) expect((await context.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(context.request, admin.email, admin.password);
  session = await context.storageState();

  // A run waiting for Ada's own approval (she may approve what she started), so her badge has a count to show.
  const agent = await context.request.post("/api/agents", {
    data: { name: writer, runtime: "command", command: "cat", start: true },
  });
  expect(agent.status(), await agent.text()).toBe(201);
  const yaml = `name: ${processName}
steps:
  - id: draft
    type: agent_task
    agent: ${writer}
    message: "Notes for {{input.day}}"
  - id: sign-off
    type: human_approval
    title: "Send the notes for {{input.day}}?"
    approvers: [${admin.email}]
    allow_self_approval: true
`;
  const created = await context.request.post("/api/processes", { data: { yaml } });
  expect(created.status(), await created.text()).toBe(201);
  processId = (await created.json()).process.id;
  const run = await context.request.post(`/api/processes/${processId}/runs`, { data: { input: { day: "Monday" } } });
  expect(run.status(), await run.text()).toBe(202);
  runId = (await run.json()).run.id;
  await expect
    .poll(async () => (await (await context.request.get(`/api/process-runs/${runId}`)).json()).run.status, {
      timeout: 30_000,
    })
    .toBe("paused");
  await context.close();
});

async function phonePage(browser: import("./fixtures").Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: session, viewport: PHONE });
  return context.newPage();
}

/** The page is no wider than the screen. */
async function expectFits(page: Page, label: string): Promise<void> {
  const size = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect
    .soft(size.scroll, `${label}: page width ${size.scroll} px on a ${size.client} px screen`)
    .toBeLessThanOrEqual(size.client);
}

/** Every table is shown as a stack of cards: rows are blocks the width of the table, headers visually hidden. */
async function expectCardTables(page: Page, label: string): Promise<void> {
  const tables = await page.locator("main table").evaluateAll((elements) =>
    elements.map((table) => {
      const head = table.querySelector("thead");
      const row = table.querySelector("tbody tr");
      return {
        display: getComputedStyle(table).display,
        headHeight: head ? head.getBoundingClientRect().height : 0,
        rowDisplay: row ? getComputedStyle(row).display : "block",
        overflows: table.scrollWidth > table.clientWidth + 1,
      };
    }),
  );
  for (const [i, t] of tables.entries()) {
    expect
      .soft(t, `${label}: table ${i + 1} shown as cards`)
      .toEqual({ display: "block", headHeight: expect.any(Number), rowDisplay: "block", overflows: false });
    expect.soft(t.headHeight, `${label}: table ${i + 1} header hidden`).toBeLessThanOrEqual(1);
  }
}

async function expectApprovalsInBar(page: Page): Promise<void> {
  const link = page.getByRole("banner").getByRole("link", { name: /^Approvals, \d+ pending$/ });
  await expect.soft(link).toBeVisible();
  await expect.soft(page.getByTestId("approvals-badge")).toBeVisible();
  await expect.soft(page.getByTestId("approvals-badge")).toHaveText(/^[1-9]\d*$/);
  // Fully on screen, not scrolled off the side of the bar.
  const box = await link.boundingBox().catch(() => null);
  expect.soft(box && box.x >= 0 && box.x + box.width <= PHONE.width, "the Approvals link is on screen").toBe(true);
}

async function keep(page: Page, name: string): Promise<void> {
  const file = path.join(test.info().project.outputDir, "phone", `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(`phone-${name}`, { path: file, contentType: "image/png" });
}

/** Checks a page at 390 wide (with its screenshot), then at 360. */
async function checkPage(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  await ready();
  await expectApprovalsInBar(page);
  await expectFits(page, `${name} at 390`);
  await expectCardTables(page, name);
  await keep(page, name);
  await page.setViewportSize(NARROW);
  await expectFits(page, `${name} at 360`);
  await page.setViewportSize(PHONE);
}

const heading = (page: Page, name: string | RegExp) => () =>
  expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

const PAGES: { name: string; path: () => string; ready: (page: Page) => () => Promise<void> }[] = [
  {
    name: "agents",
    path: () => "/agents",
    ready: (page) => () => expect(page.getByRole("link", { name: writer })).toBeVisible(),
  },
  { name: "skills", path: () => "/skills", ready: (page) => heading(page, "Skills") },
  {
    name: "approvals",
    path: () => "/approvals",
    ready: (page) => () => expect(page.getByText("Send the notes for Monday?").first()).toBeVisible(),
  },
  {
    name: "processes",
    path: () => "/processes",
    ready: (page) => () => expect(page.getByRole("link", { name: processName })).toBeVisible(),
  },
  { name: "process", path: () => `/processes/${processId}`, ready: (page) => heading(page, processName) },
  {
    name: "process-run",
    path: () => `/process-runs/${runId}`,
    ready: (page) => heading(page, `Run of ${processName}`),
  },
  { name: "schedules", path: () => "/schedules", ready: (page) => heading(page, "Schedules") },
  { name: "runners", path: () => "/runners", ready: (page) => heading(page, "Runners") },
  { name: "settings", path: () => "/settings", ready: (page) => heading(page, "Settings") },
  {
    name: "users",
    path: () => "/users",
    ready: (page) => () => expect(page.getByText(admin.email).first()).toBeVisible(),
  },
  { name: "tokens", path: () => "/tokens", ready: (page) => heading(page, "API tokens") },
];

for (const entry of PAGES) {
  test(`${entry.name} fits a phone and keeps Approvals in reach`, async ({ browser }) => {
    const page = await phonePage(browser);
    await page.goto(entry.path());
    await checkPage(page, entry.name, entry.ready(page));
    await page.context().close();
  });
}

test("an agent's tabs scroll on their own and each tab fits a phone", async ({ browser }) => {
  const page = await phonePage(browser);
  await page.goto(`/agents/${writer}`);
  await expect(page.getByRole("heading", { level: 1, name: writer })).toBeVisible();
  const tablist = page.getByRole("tablist");
  const scrolls = await tablist.evaluate((el) => ({
    overflowX: getComputedStyle(el).overflowX,
    wider: el.scrollWidth > el.clientWidth,
  }));
  // The five tabs are wider than a phone: the tab strip scrolls, the page does not.
  expect(scrolls).toEqual({ overflowX: "auto", wider: true });
  for (const tab of ["Overview", "Chat", "Schedules", "Skills", "Playbooks"]) {
    await page.getByRole("tab", { name: tab }).click();
    await expect(page.getByRole("tab", { name: tab })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel", { name: tab })).toBeVisible();
    await expect(page.getByRole("tabpanel", { name: tab }).getByText(/Loading/)).toHaveCount(0);
    // The selected tab is scrolled into view inside the strip.
    const inView = await page.getByRole("tab", { name: tab }).evaluate((el) => {
      const strip = el.parentElement!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.left >= strip.left - 1 && box.right <= strip.right + 1;
    });
    expect.soft(inView, `the ${tab} tab is visible in its strip`).toBe(true);
    await checkPage(page, `agent-${tab.toLowerCase()}`, async () => undefined);
  }
  await page.context().close();
});

test("the menu opens from a button, moves focus into it, closes with Escape and follows a link", async ({
  browser,
}) => {
  const page = await phonePage(browser);
  await page.goto("/agents");
  await expect(page.getByRole("link", { name: writer })).toBeVisible();
  // The desktop sections are out of the bar on a phone; Approvals stays.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Skills" })).toBeHidden();
  const button = page.getByRole("button", { name: "Menu" });
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const menu = page.getByRole("navigation", { name: "Menu" });
  await expect(menu.getByRole("link", { name: "Agents" })).toBeFocused();
  await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectFits(page, "open menu");
  await keep(page, "menu");
  await page.keyboard.press("Escape");
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  // A link in the menu goes to its page and closes the menu.
  await button.click();
  await menu.getByRole("link", { name: "Processes" }).click();
  await expect(page).toHaveURL(/\/processes$/);
  await expect(menu).toBeHidden();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await page.context().close();
});
