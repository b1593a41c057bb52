// Live output in a real browser: a claude-code agent (the real CLI against a fake Messages server started here) runs
// a tool, writes a line and runs a tool again, then waits for the test to let its last answer go. The run page shows
// those pieces in order while the run is still running, the rest when it ends, the same after a reload, and Cancel
// stops a run held mid-way. In chat, the reply's text shows while it is being written.
import { gate, startFakeAnthropic } from "../tests/support/fake-anthropic";
import { expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const agent = `live-${Date.now().toString(36)}`;
const runHeld = gate();
const chatHeld = gate();

type Message = { role?: string; content?: unknown };

/** How many tool results the conversation has sent back: the round of the run the call is for. */
function rounds(body: { messages?: Message[] } | null): number {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const isResult = (b: unknown) => (b as { type?: string } | null)?.type === "tool_result";
  return messages.filter((m) => m.role === "user" && Array.isArray(m.content) && m.content.some(isResult)).length;
}

const fake = await startFakeAnthropic({
  reply: async (req) => {
    const asked = JSON.stringify(req.body?.messages ?? []);
    const round = rounds(req.body);
    if (asked.includes("[chat]")) {
      if (round === 0) return { text: "Streaming words first.", toolUse: { name: "Glob", input: { pattern: "*" } } };
      await chatHeld.wait;
      return "Chat reply done.";
    }
    if (round === 0) return { toolUse: { name: "Glob", input: { pattern: "*.md" } } };
    if (asked.includes("[cancel]")) return { hang: true };
    if (round === 1) return { text: "Let me look once more.", toolUse: { name: "Glob", input: { pattern: "*.txt" } } };
    await runHeld.wait;
    return "All **looked** at.";
  },
});

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const { needed } = await (await request.get("/api/setup")).json();
  if (needed) expect((await request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(request, admin.email, admin.password);
  const settings = await request.put("/api/settings", {
    data: { anthropicApiKey: "sk-ant-e2e-key-0000000000", anthropicBaseUrl: fake.url },
  });
  expect(settings.ok(), await settings.text()).toBe(true);
  const created = await request.post("/api/agents", { data: { name: agent, runtime: "claude-code", model: "haiku" } });
  expect(created.status(), await created.text()).toBe(201);
});

test.afterAll(async ({ request }) => {
  runHeld.open();
  chatHeld.open();
  await request.put("/api/settings", { data: { anthropicApiKey: null, anthropicBaseUrl: "" } });
  await fake.close();
});

async function startRun(page: Page, message: string): Promise<string> {
  const res = await page.request.post(`/api/agents/${agent}/task`, { data: { message, async: true } });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()).execution.id;
}

const kinds = (page: Page) =>
  page
    .getByRole("list", { name: "Transcript" })
    .locator(":scope > li")
    .evaluateAll((items) => items.map((li) => li.getAttribute("data-kind")).filter((k) => k !== "system"));

test("the run page shows the tool call and the text in order before the run ends, and all of it after a reload", async ({
  page,
}) => {
  await signIn(page.request, admin.email, admin.password);
  const id = await startRun(page, "Look around, please.");
  await page.goto(`/runs/${id}`);
  const transcript = page.getByRole("list", { name: "Transcript" });

  await expect(transcript.getByText("Let me look once more.")).toBeVisible({ timeout: 30_000 });
  await expect(transcript.getByText("Tool: Glob")).toHaveCount(2);
  // The second answer is held: the run is still going while the browser already has the pieces, in order.
  await expect(page.getByText("Running", { exact: true })).toBeVisible();
  await expect.poll(() => kinds(page)).toEqual(["tool_use", "text", "tool_use"]);

  // A tool call opens to its input and its result.
  await transcript.getByText("Tool: Glob").first().click();
  await expect(transcript.getByText('{"pattern":"*.md"}')).toBeVisible();
  await expect(transcript.getByRole("heading", { name: "Result" }).first()).toBeVisible();

  runHeld.open();
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(transcript.getByText("All **looked** at.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Response" }).getByText("looked", { exact: true })).toBeVisible();
  await expect.poll(() => kinds(page)).toEqual(["tool_use", "text", "tool_use", "text", "result"]);

  await page.reload();
  await expect(transcript.getByText("All **looked** at.")).toBeVisible();
  await expect.poll(() => kinds(page)).toEqual(["tool_use", "text", "tool_use", "text", "result"]);

  // On a phone the page fits the screen, an opened tool call too.
  await page.setViewportSize({ width: 390, height: 844 });
  await transcript.getByText("Tool: Glob").first().click();
  const width = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(width.scroll).toBeLessThanOrEqual(width.client);
});

test("Cancel on the run page stops a run held mid-way", async ({ page }) => {
  await signIn(page.request, admin.email, admin.password);
  const id = await startRun(page, "[cancel] look and wait");
  await page.goto(`/runs/${id}`);
  await expect(page.getByRole("list", { name: "Transcript" }).getByText("Tool: Glob")).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole("button", { name: "Cancel run" }).click();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
});

test("a chat reply shows what it has written so far before it is finished", async ({ page }) => {
  await signIn(page.request, admin.email, admin.password);
  await page.goto(`/agents/${agent}?tab=chat`);
  const chat = page.getByRole("tabpanel", { name: "Chat" });
  await chat.getByRole("combobox", { name: "Message" }).fill("[chat] hello there");
  await chat.getByRole("button", { name: "Send" }).click();
  const log = chat.getByRole("log");
  await expect(log.getByText("Streaming words first.")).toBeVisible({ timeout: 30_000 });
  await expect(log.getByText("Using Glob…")).toBeVisible();
  await expect(log.getByRole("status").filter({ hasText: `${agent} is writing` })).toBeVisible();
  chatHeld.open();
  await expect(log.getByText("Chat reply done.")).toBeVisible({ timeout: 30_000 });
  await expect(log.getByText("Using Glob…")).toHaveCount(0);
  await expect(log.getByText("Streaming words first.")).toHaveCount(0);
});
