// Chat in a real browser: replies as Markdown with copyable code and hostile content left inert, renaming and
// deleting conversations, "New conversation" without empty ones piling up, stopping a reply, and playbooks that ask
// for their required arguments, in the chat and in the Playbooks tab. The agent runs `cat`: each reply is exactly
// what it was sent, so a message written in Markdown comes back rendered.
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const id = Date.now().toString(36);
const echo = `echo-${id}`;
const slow = `slow-${id}`;
const ticket = `ticket-${id}`;

test.describe.configure({ mode: "serial" });

let session: Awaited<ReturnType<BrowserContext["storageState"]>>;

async function openPage(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext({ storageState: session });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** The open tab (with any dialog it opened) passes the WCAG 2.1 AA rules axe checks. */
async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .include("[role=tabpanel]")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const conversationsOf = async (page: Page, agent: string) =>
  (await (await page.request.get(`/api/agents/${agent}/conversations`)).json()).conversations as {
    id: string;
    title: string | null;
    preview: string | null;
  }[];

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const { request } = context;
  const { needed } = await (await request.get("/api/setup")).json();
  if (needed) expect((await request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(request, admin.email, admin.password);
  session = await context.storageState();

  const skill = await request.post("/api/skills", {
    data: {
      name: ticket,
      description: "Work on a ticket",
      argumentHint: "<ticket-id> [notes]",
      body: "Ticket $0: $ARGUMENTS",
    },
  });
  expect(skill.status(), await skill.text()).toBe(201);
  expect(
    (
      await request.post("/api/agents", { data: { name: echo, runtime: "command", command: "cat", start: false } })
    ).status(),
  ).toBe(201);
  expect((await request.post(`/api/agents/${echo}/skills/${ticket}`)).status()).toBe(201);
  expect((await request.post(`/api/agents/${echo}/start`)).ok()).toBe(true);
  expect(
    (await request.post("/api/agents", { data: { name: slow, runtime: "command", command: "sleep 300" } })).status(),
  ).toBe(201);
  await context.close();
});

const HOSTILE = [
  "Here is **bold** text and [the docs](https://example.com/docs).",
  "",
  '[click me](javascript:window.__pwned=1) <script>window.__pwned=2</script> <img src=x onerror="window.__pwned=3">',
  "",
  "![pixel](https://tracker.example/p.png)",
  "",
  "```js",
  'console.log("copied")',
  "```",
].join("\n");

test("a reply renders as Markdown: links kept safe, HTML and images inert, code blocks copied with a button", async ({
  browser,
}) => {
  const page = await openPage(browser, `/agents/${echo}?tab=chat`);
  const chat = page.getByRole("tabpanel", { name: "Chat" });
  await chat.getByRole("combobox", { name: "Message" }).fill(HOSTILE);
  await chat.getByRole("button", { name: "Send" }).click();
  const log = chat.getByRole("log");
  const copy = log.getByRole("button", { name: "Copy code" });
  await expect(copy).toBeVisible({ timeout: 20_000 });

  await expect(log.locator("strong", { hasText: "bold" })).toBeVisible();
  const docs = log.getByRole("link", { name: "the docs" });
  await expect(docs).toHaveAttribute("href", "https://example.com/docs");
  await expect(docs).toHaveAttribute("rel", "noopener noreferrer");
  // The javascript: link is text, not a link; the HTML shows as text; the image is a link, never fetched.
  await expect(log.getByText("click me").last()).toBeVisible();
  await expect(log.getByRole("link", { name: "click me" })).toHaveCount(0);
  await expect(log.locator("a[href^='javascript']")).toHaveCount(0);
  await expect(log.getByText("<script>window.__pwned=2</script>").last()).toBeVisible();
  await expect(log.locator("script, img, iframe")).toHaveCount(0);
  await expect(log.getByRole("link", { name: "Image: pixel" })).toHaveAttribute(
    "href",
    "https://tracker.example/p.png",
  );
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  await copy.click();
  await expect(log.getByRole("button", { name: "Copied" })).toBeVisible();
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe('console.log("copied")');
  await expectAccessible(page);
  await page.context().close();
});

test("conversations are renamed and deleted; New conversation leaves no empty ones behind", async ({ browser }) => {
  const page = await openPage(browser, `/agents/${echo}?tab=chat`);
  const chat = page.getByRole("tabpanel", { name: "Chat" });
  const list = chat.getByRole("complementary", { name: "Conversations" });
  const before = (await conversationsOf(page, echo)).length;

  // Pressed again and again, New conversation makes nothing until a message is sent.
  await chat.getByRole("button", { name: "New conversation" }).click();
  await chat.getByRole("button", { name: "New conversation" }).click();
  await expect(chat.getByText(`Ask ${echo} anything.`)).toBeVisible();
  expect((await conversationsOf(page, echo)).length).toBe(before);
  await chat.getByRole("combobox", { name: "Message" }).fill("plans for the launch");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByRole("log").getByText("plans for the launch")).toHaveCount(2, { timeout: 20_000 });
  expect((await conversationsOf(page, echo)).length).toBe(before + 1);

  await list.getByRole("button", { name: "Rename plans for the launch" }).click();
  const title = list.getByLabel("Title of the conversation");
  await expect(title).toBeFocused();
  await title.fill("x".repeat(100));
  await title.press("Enter");
  await expect(list.getByRole("button", { name: `Rename ${"x".repeat(100)}` })).toBeVisible();
  await list.getByRole("button", { name: `Rename ${"x".repeat(100)}` }).click();
  await list.getByLabel("Title of the conversation").fill("Launch notes");
  await list.getByRole("button", { name: "Save" }).click();
  await expect(list.getByRole("button", { name: "Launch notes", exact: false }).first()).toBeVisible();
  await page.reload();
  await expect(list.getByRole("button", { name: "Rename Launch notes" })).toBeVisible();
  const renamed = (await conversationsOf(page, echo)).find((c) => c.title === "Launch notes");
  expect(renamed).toBeTruthy();

  await list.getByRole("button", { name: "Delete Launch notes" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Launch notes”?" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(list.getByRole("button", { name: "Rename Launch notes" })).toBeVisible();
  await list.getByRole("button", { name: "Delete Launch notes" }).click();
  await dialog.getByRole("button", { name: "Delete conversation" }).click();
  await expect(dialog).toBeHidden();
  await expect(list.getByRole("button", { name: "Rename Launch notes" })).toHaveCount(0);
  expect((await page.request.get(`/api/conversations/${renamed!.id}`)).status()).toBe(404);
  expect((await conversationsOf(page, echo)).length).toBe(before);
  await page.context().close();
});

test("a reply being written is stopped with Stop, and shows as stopped", async ({ browser }) => {
  const page = await openPage(browser, `/agents/${slow}?tab=chat`);
  const chat = page.getByRole("tabpanel", { name: "Chat" });
  await chat.getByRole("combobox", { name: "Message" }).fill("take all the time you need");
  await chat.getByRole("button", { name: "Send" }).click();
  const stop = chat.getByRole("button", { name: "Stop the reply" });
  await expect(stop).toBeVisible();
  await expect(chat.getByRole("status").getByText(`${slow} is writing`)).toBeAttached({ timeout: 20_000 });
  await stop.click();
  await expect(chat.getByRole("log").getByText("Stopped", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(chat.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(stop).toHaveCount(0);
  const [conversation] = await conversationsOf(page, slow);
  const detail = await (await page.request.get(`/api/conversations/${conversation.id}`)).json();
  expect(detail.executions.map((e: { status: string }) => e.status)).toEqual(["cancelled"]);
  await expectAccessible(page);
  await page.context().close();
});

test("a playbook typed without its required arguments asks for them instead of being sent", async ({ browser }) => {
  const page = await openPage(browser, `/agents/${echo}?tab=chat`);
  const chat = page.getByRole("tabpanel", { name: "Chat" });
  await chat.getByRole("button", { name: "New conversation" }).click();
  const box = chat.getByRole("combobox", { name: "Message" });
  await box.fill(`/${ticket}`);
  await box.press("Escape");
  await box.press("Enter");
  const prompt = chat.getByRole("region", { name: `/${ticket} needs <ticket-id>` });
  await expect(prompt).toBeVisible();
  const field = prompt.getByLabel("ticket-id");
  await expect(field).toBeFocused();
  const send = prompt.getByRole("button", { name: `Send /${ticket} with these arguments` });
  await expect(send).toBeDisabled();
  await expect(send).toHaveAccessibleDescription(`Fill in ticket-id to run ${ticket}.`);
  await expect(chat.getByRole("log")).toHaveCount(0);
  await expectAccessible(page);

  await field.fill("T-7");
  await prompt.getByLabel("notes").fill("check the logs");
  await send.click();
  await expect(prompt).toBeHidden();
  const log = chat.getByRole("log");
  await expect(log.getByText(`/${ticket} T-7 check the logs`, { exact: true })).toBeVisible();
  await expect(log.getByText("Ticket T-7: T-7 check the logs", { exact: true })).toBeVisible({ timeout: 20_000 });
  await page.context().close();
});

test("the Playbooks tab has a field per argument; Run waits, saying why, for the required ones", async ({
  browser,
}) => {
  const page = await openPage(browser, `/agents/${echo}?tab=playbooks`);
  const panel = page.getByRole("tabpanel", { name: "Playbooks" });
  const card = panel.getByRole("listitem").filter({ has: page.getByRole("heading", { name: ticket, exact: true }) });
  const run = card.getByRole("button", { name: `Run ${ticket} with these arguments` });
  await expect(run).toBeDisabled();
  await expect(run).toHaveAccessibleDescription(`Fill in ticket-id to run ${ticket}.`);
  await expectAccessible(page);
  await card.getByLabel("ticket-id").fill("T-8");
  await expect(run).toBeEnabled();
  await run.click();
  const latest = card.getByRole("group", { name: `Latest run of ${ticket}` });
  await expect(latest.getByLabel(`Result of ${ticket}`)).toHaveText("Ticket T-8: T-8", { timeout: 20_000 });
  // The API refuses the same run without it, naming it.
  const refused = await page.request.post(`/api/agents/${echo}/playbooks/${ticket}/run`, { data: {} });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.details[0].missing).toEqual(["ticket-id"]);
  await page.context().close();
});
