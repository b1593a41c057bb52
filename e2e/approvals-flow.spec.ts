// Request changes from the inbox: Cy, the named approver, opens the approval, is asked for a comment when he tries to
// request changes without one, writes it, and sends the draft back. The run goes back to the draft step, whose agent
// (`cat`, which answers with its task) receives the comment; the timeline shows "Changes requested" with it, and the
// redraft's approval arrives in his inbox without reload.
import { expect, test } from "./fixtures";
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

test("an approver requests changes with a comment from the inbox; the redraft receives it", async ({ browser }) => {
  const ada = await browser.newContext();
  const { needed } = await (await ada.request.get("/api/setup")).json();
  if (needed) expect((await ada.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(ada.request, admin.email, admin.password);
  expect((await ada.request.post("/api/users", { data: { ...cy, role: "user" } })).status()).toBe(201);
  const agent = await ada.request.post("/api/agents", {
    data: { name: writer, runtime: "command", command: "cat", start: true },
  });
  expect(agent.status(), await agent.text()).toBe(201);
  const created = await ada.request.post("/api/processes", { data: { yaml: definition } });
  expect(created.status(), await created.text()).toBe(201);
  const processId = (await created.json()).process.id;
  const started = await ada.request.post(`/api/processes/${processId}/runs`, { data: { input: { n: 1 } } });
  expect(started.status(), await started.text()).toBe(202);
  const runId = (await started.json()).run.id;

  const cyContext = await browser.newContext();
  await signIn(cyContext.request, cy.email, cy.password);
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
