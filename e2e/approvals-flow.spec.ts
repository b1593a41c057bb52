// Request changes from the inbox: Cy, the named approver, opens the approval, is asked for a comment when he tries to
// request changes without one, writes it, and sends the draft back. The run goes back to the draft step, whose agent
// (`cat`, which answers with its task) receives the comment; the timeline shows "Changes requested" with it, and the
// redraft's approval arrives in his inbox without reload. Then a reminder: an approval that reminds every 2 seconds
// shows Cy a toast that leads to it, and its page counts the reminders sent.
import { type APIRequestContext, type BrowserContext, expect, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const id = Date.now().toString(36);
const cy = { name: "Cy Reviewer", email: `cy-${id}@example.com`, password: "battery-staple-horse" };
const writer = `redrafter-${id}`;
const processName = `revise-${id}`;

const definition = `name: ${processName}
steps:
  - id: draft
    type: agent_task
    agent: ${writer}
    message: "Draft v{{input.n}}. Notes: {{steps.review.comment}}"
  - id: review
    type: human_approval
    title: "Is the draft ready?"
    description: "{{steps.draft.output}}"
    approvers: [${cy.email}]
    on_reject: draft
`;

const reminding = `name: remind-${id}
steps:
  - id: sign
    type: human_approval
    title: "Sign the contract?"
    approvers: [${cy.email}]
    remind_every: 2s
`;

test.describe.configure({ mode: "serial" });

type Session = Awaited<ReturnType<BrowserContext["storageState"]>>;
// One sign-in per person for the file (better-auth allows 3 per 10 s); pages reuse the sessions.
let adaSession: Session;
let cySession: Session;

async function startRun(request: APIRequestContext, yaml: string, input: Record<string, unknown>) {
  const created = await request.post("/api/processes", { data: { yaml } });
  expect(created.status(), await created.text()).toBe(201);
  const processId = (await created.json()).process.id;
  const started = await request.post(`/api/processes/${processId}/runs`, { data: { input } });
  expect(started.status(), await started.text()).toBe(202);
  return (await started.json()).run.id as string;
}

test.beforeAll(async ({ browser }) => {
  const ada = await browser.newContext();
  const { needed } = await (await ada.request.get("/api/setup")).json();
  if (needed) expect((await ada.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(ada.request, admin.email, admin.password);
  adaSession = await ada.storageState();
  expect((await ada.request.post("/api/users", { data: { ...cy, role: "user" } })).status()).toBe(201);
  const agent = await ada.request.post("/api/agents", {
    data: { name: writer, runtime: "command", command: "cat", start: true },
  });
  expect(agent.status(), await agent.text()).toBe(201);
  await ada.close();
  const cyContext = await browser.newContext();
  await signIn(cyContext.request, cy.email, cy.password);
  cySession = await cyContext.storageState();
  await cyContext.close();
});

test("an approver requests changes with a comment from the inbox; the redraft receives it", async ({ browser }) => {
  const ada = await browser.newContext({ storageState: adaSession });
  const runId = await startRun(ada.request, definition, { n: 1 });

  const cyContext = await browser.newContext({ storageState: cySession });
  const page = await cyContext.newPage();
  await page.goto("/approvals");
  const inbox = page.getByRole("list", { name: "Pending approvals" });
  const card = inbox.getByRole("listitem").filter({ hasText: "Is the draft ready?" });
  await expect(card).toBeVisible({ timeout: 20_000 });
  await card.getByRole("button", { name: "Review Is the draft ready?" }).click();
  await expect(card.getByLabel("Output of draft")).toHaveText("Draft v1. Notes:");

  // Without a comment, the form asks for one and sends nothing.
  await card.getByRole("button", { name: "Request changes" }).click();
  const comment = card.getByLabel("Comment (optional)");
  await expect(comment).toBeFocused();
  await expect(card.getByText("To request changes, say in the comment what should change.")).toBeVisible();
  await expect(comment).toHaveAttribute("aria-invalid", "true");

  await comment.fill("Add the numbers for March");
  await card.getByRole("button", { name: "Request changes" }).click();
  await expect(page.getByText("You requested changes to “Is the draft ready?”.")).toBeVisible();

  // The redraft (iteration 2) got the comment, and its approval arrives without reload.
  await expect(card).toBeVisible({ timeout: 20_000 });
  await card.getByRole("button", { name: "Review Is the draft ready?" }).click();
  await expect(card.getByLabel("Output of draft")).toHaveText("Draft v1. Notes: Add the numbers for March");

  // The run's timeline shows the first approval as "Changes requested", with the comment.
  await page.goto(`/process-runs/${runId}`);
  await expect(page.getByText("Changes requested").first()).toBeVisible();
  await expect(page.getByText("“Add the numbers for March”")).toBeVisible();
  await expect(page.getByRole("list", { name: "Decisions" }).first()).toContainText("requested changes");

  // Filtered by status, the inbox lists it.
  await page.goto("/approvals?status=changes_requested");
  await expect(
    page
      .getByRole("list", { name: "Changes requested approvals" })
      .getByRole("heading", { name: "Is the draft ready?" }),
  ).toBeVisible();
  await ada.close();
  await cyContext.close();
});

test("a reminder shows the approver a toast that leads to the approval", async ({ browser }) => {
  const cyContext = await browser.newContext({ storageState: cySession });
  const page = await cyContext.newPage();
  await page.goto("/approvals");
  await expect(page.getByRole("link", { name: /^Approvals/ })).toBeVisible();

  const ada = await browser.newContext({ storageState: adaSession });
  await startRun(ada.request, reminding, {});
  const toast = page.getByRole("status").filter({ hasText: "Sign the contract?" });
  await expect(toast).toContainText("still waits for your decision", { timeout: 20_000 });
  await expect(toast).toContainText(/Reminder \d+/);
  await toast.getByRole("link", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Sign the contract?", level: 1 })).toBeVisible();
  await expect(page.getByText(/^\d+ sent$/)).toBeVisible();

  // Deciding ends the reminders.
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("You approved this.")).toBeVisible();
  await ada.close();
  await cyContext.close();
});
