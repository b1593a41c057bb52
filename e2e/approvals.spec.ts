// Processes and approvals in two browsers at once: Ada (admin) starts a run in the UI; Bob, the named approver, sees
// the nav badge and the approval arrive without reload, approves it with a comment, and Ada's run page shows the
// run completed with its outputs, also without reload. The agents are `command` agents: `cat` answers with the task
// it was sent, `tr a-z A-Z` with the task in capitals, so every output is known in advance.
import { type Browser, type BrowserContext, expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const id = Date.now().toString(36);
const bob = { name: "Bob Approver", email: `bob-${id}@example.com`, password: "battery-staple-horse" };
const writer = `writer-${id}`;
const publisher = `publisher-${id}`;
const processName = `weekly-report-${id}`;

const definition = `name: ${processName}
description: Draft the report, get sign-off, publish it
steps:
  - id: draft
    type: agent_task
    agent: ${writer}
    message: "Report for {{input.week}}"
  - id: review
    type: human_approval
    title: "Publish the report for {{input.week}}?"
    description: "{{steps.draft.output}}"
    approvers: [${bob.email}]
  - id: publish
    type: agent_task
    agent: ${publisher}
    message: "published: {{steps.draft.output}}"
`;

test.describe.configure({ mode: "serial" });

type Session = Awaited<ReturnType<BrowserContext["storageState"]>>;
// One sign-in per person for the file (better-auth allows 3 per 10 s); pages reuse the sessions.
let adaSession: Session;
let bobSession: Session;
let processId: string;

async function openPage(browser: Browser, session: Session, path: string): Promise<Page> {
  const context = await browser.newContext({ storageState: session });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

const markPage = (page: Page) =>
  page.evaluate(() => ((window as unknown as { cadreMarker: string }).cadreMarker = "still-here"));
const pageMark = (page: Page) => page.evaluate(() => (window as unknown as { cadreMarker?: string }).cadreMarker);

test.beforeAll(async ({ browser }) => {
  const ada = await browser.newContext();
  const { needed } = await (await ada.request.get("/api/setup")).json();
  if (needed) expect((await ada.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(ada.request, admin.email, admin.password);
  adaSession = await ada.storageState();

  // The second person is made by the admin through the API, then signs in in a context of their own.
  const created = await ada.request.post("/api/users", { data: { ...bob, role: "user" } });
  expect(created.status(), await created.text()).toBe(201);
  for (const [name, command] of [
    [writer, "cat"],
    [publisher, "tr a-z A-Z"],
  ]) {
    const agent = await ada.request.post("/api/agents", { data: { name, runtime: "command", command, start: true } });
    expect(agent.status(), await agent.text()).toBe(201);
  }
  const process = await ada.request.post("/api/processes", { data: { yaml: definition } });
  expect(process.status(), await process.text()).toBe(201);
  processId = (await process.json()).process.id;
  await ada.close();

  const bobContext = await browser.newContext();
  await signIn(bobContext.request, bob.email, bob.password);
  bobSession = await bobContext.storageState();
  await bobContext.close();
});

test("the editor lists problems with their line and column, marks the line, and creates a valid process", async ({
  browser,
}) => {
  const page = await openPage(browser, adaSession, "/processes/new");
  const editor = page.getByLabel("Definition (YAML)");
  // The starter is the documented example; its agents do not exist here, which the live check says by line.
  await expect(editor).toHaveValue(/name: publish-weekly-report/);
  const problems = page.getByRole("list", { name: "Problems in the definition" });
  await expect(problems.getByRole("listitem").filter({ hasText: 'no agent named "writer"' })).toContainText(
    "Line 6, column 12",
  );
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("[data-error-line]")).toHaveText(["!6", "!26"]);

  // A typo in a key is found as it is typed (no save), at its own line and column.
  const name = `checked-${id}`;
  await editor.fill(
    `name: ${name}\nsteps:\n  - id: only\n    type: agent_task\n    agent: ${writer}\n    mesage: hello\n`,
  );
  await expect(problems.getByRole("listitem").filter({ hasText: 'unknown key "mesage"' })).toContainText(
    "Line 6, column 5",
  );
  await problems.getByRole("button", { name: "Line 6, column 5" }).click();
  await expect(editor).toBeFocused();

  await editor.fill(
    `name: ${name}\nsteps:\n  - id: only\n    type: agent_task\n    agent: ${writer}\n    message: hello\n`,
  );
  await expect(page.getByText("No problems · 1 step: only")).toBeVisible();
  await expect(problems).toHaveCount(0);
  await expect(editor).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Create process" }).click();
  await expect(page).toHaveURL(/\/processes\/[^/]+$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.context().close();
});

test("Bob sees the approval arrive live, approves it with a comment, and Ada's run completes on her page", async ({
  browser,
}) => {
  // Bob waits on another page, connected for live updates, with nothing to decide yet.
  const bobPage = await openPage(browser, bobSession, "/agents");
  await expect(bobPage.getByText("Live updates on")).toBeAttached();
  await expect(bobPage.getByRole("link", { name: "Approvals", exact: true })).toBeVisible();
  await expect(bobPage.getByTestId("approvals-badge")).toHaveCount(0);
  await markPage(bobPage);

  // Ada starts a run from the process page, filling in the input its templates read.
  const adaPage = await openPage(browser, adaSession, `/processes/${processId}`);
  const input = adaPage.getByLabel("Input (JSON)");
  await expect(input).toHaveValue(/"week": ""/);
  await input.fill('{ "week": "2024-W18" }');
  await adaPage.getByRole("button", { name: "Start run" }).click();
  await expect(adaPage).toHaveURL(/\/process-runs\/[^/]+$/);
  const runId = adaPage.url().split("/").pop()!;
  await expect(adaPage.getByText("Live updates on")).toBeAttached();
  await markPage(adaPage);
  await expect(adaPage.getByRole("heading", { level: 1 })).toHaveText(`Run of ${processName}`);
  const header = adaPage.locator("main > div").first();
  await expect(header.getByText("Waiting for approval")).toBeVisible({ timeout: 20_000 });
  await expect(adaPage.getByLabel("Output of draft")).toHaveText("Report for 2024-W18");

  // Bob's badge goes to 1 by itself; the link says so to screen readers too.
  const approvalsLink = bobPage.getByRole("link", { name: "Approvals, 1 pending" });
  await expect(approvalsLink).toBeVisible();
  await expect(bobPage.getByTestId("approvals-badge")).toHaveText("1");

  // In the inbox (reached by the link, no reload) the approval is listed; a second run's approval arrives while he looks.
  await approvalsLink.click();
  await expect(bobPage).toHaveURL(/\/approvals$/);
  const inbox = bobPage.getByRole("list", { name: "Pending approvals" });
  await expect(inbox.getByRole("listitem").filter({ hasText: "Publish the report for 2024-W18?" })).toBeVisible();
  const secondRun = await adaPage.request.post(`/api/processes/${processId}/runs`, {
    data: { input: { week: "2024-W19" } },
  });
  expect(secondRun.status()).toBe(202);
  await expect(inbox.getByRole("listitem").filter({ hasText: "Publish the report for 2024-W19?" })).toBeVisible({
    timeout: 20_000,
  });
  await expect(bobPage.getByTestId("approvals-badge")).toHaveText("2");

  // He opens the first: the context (input and the draft), who started it, then approves with a comment.
  const card = inbox.getByRole("listitem").filter({ hasText: "Publish the report for 2024-W18?" });
  await card.getByRole("button", { name: "Review Publish the report for 2024-W18?" }).click();
  await expect(card.getByLabel("Output of draft")).toHaveText("Report for 2024-W18");
  await expect(card.getByText(`${admin.name} (${admin.email})`)).toBeVisible();
  await expect(card.getByText(bob.email, { exact: true })).toBeVisible();
  await card.getByLabel("Comment (optional)").fill("Looks good, ship it");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(bobPage.getByText("You approved “Publish the report for 2024-W18?”.")).toBeVisible();
  await expect(inbox.getByRole("listitem").filter({ hasText: "Publish the report for 2024-W18?" })).toHaveCount(0);
  await expect(bobPage.getByTestId("approvals-badge")).toHaveText("1");
  expect(await pageMark(bobPage)).toBe("still-here");

  // Ada's page follows on its own: the approval with Bob's comment, then the last step, then completed.
  await expect(header.getByText("Completed")).toBeVisible({ timeout: 20_000 });
  await expect(adaPage.getByLabel("Output of publish")).toHaveText("PUBLISHED: REPORT FOR 2024-W18");
  await expect(adaPage.getByText("“Looks good, ship it”")).toBeVisible();
  await expect(adaPage.getByRole("list", { name: "Decisions" }).getByText(bob.name)).toBeVisible();
  expect(await pageMark(adaPage)).toBe("still-here");

  // The API agrees.
  const { run } = await (await adaPage.request.get(`/api/process-runs/${runId}`)).json();
  expect(run.status).toBe("completed");
  expect(run.steps.map((s: { stepId: string; status: string }) => `${s.stepId}:${s.status}`)).toEqual([
    "draft:completed",
    "review:completed",
    "publish:completed",
  ]);
  const review = run.steps[1].approval;
  expect(review).toMatchObject({ status: "approved", approveCount: 1 });
  expect(review.decisions).toMatchObject([
    { decision: "approve", comment: "Looks good, ship it", user: { email: bob.email } },
  ]);

  // Ada cancels the second run from its page; that closes its approval, and Bob's inbox and badge empty without reload.
  const secondId = (await secondRun.json()).run.id;
  await adaPage.goto(`/process-runs/${secondId}`);
  await expect(header.getByText("Waiting for approval")).toBeVisible();
  await adaPage.getByRole("button", { name: "Cancel run" }).click();
  await adaPage.getByRole("dialog").getByRole("button", { name: "Yes, cancel the run" }).click();
  await expect(header.getByText("Cancelled")).toBeVisible();
  await expect(adaPage.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  await expect(bobPage.getByText("Nothing waits for a decision")).toBeVisible();
  await expect(bobPage.getByTestId("approvals-badge")).toHaveCount(0);
  expect(await pageMark(bobPage)).toBe("still-here");
});
