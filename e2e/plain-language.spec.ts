// Messages a person reads: a refusal shown once, beside the field it names; a YAML typo reported once with the
// word it was meant to be; a primary button that cannot be pressed says why, and never shows an API address.
import { expect, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

test.beforeEach(async ({ page }) => {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);
});

test("the API's refusal of a field is shown once, beside that field; the button says what is missing", async ({
  page,
}) => {
  await page.goto("/users");
  const form = page.locator("form", { has: page.getByRole("heading", { name: "Add a person" }) });
  const add = form.getByRole("button", { name: "Add person" });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription("To add them, fill in Name, Email and Password");

  await form.getByLabel("Name").fill("Plain Person");
  // The browser does not judge the address; the API does, and names the field.
  await form.getByLabel("Email").fill("not-an-address");
  await form.getByLabel("Password").fill("long enough password");
  await expect(add).toBeEnabled();
  await add.click();

  const email = form.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Email must be an email address");
  await expect(page.getByText("Email must be an email address")).toHaveCount(1);
  await expect(form.getByRole("alert")).toHaveCount(0);
  await expect(page.getByText(/Invalid body|Invalid input|\/api\//)).toHaveCount(0);
});

test("a misspelt step type is one problem with a hint, and Save says to fix it", async ({ page }) => {
  const agent = `plain-${Date.now().toString(36)}`;
  expect(
    (
      await page.request.post("/api/agents", { data: { name: agent, runtime: "command", command: "cat", start: true } })
    ).status(),
  ).toBe(201);
  await page.goto("/processes/new");
  const editor = page.getByLabel("Definition (YAML)");
  await editor.fill(
    `name: ${agent}\nsteps:\n  - id: only\n    type: agent_tsk\n    agent: ${agent}\n    message: hello\n`,
  );

  const problems = page.getByRole("list", { name: "Problems in the definition" });
  await expect(problems.getByRole("listitem")).toHaveCount(1);
  await expect(problems.getByRole("listitem")).toContainText(
    'unknown step type "agent_tsk"; did you mean "agent_task"?',
  );
  await expect(problems.getByRole("button", { name: "Line 4, column 11" })).toBeVisible();
  await expect(page.getByText(/did you mean "agent_task"/)).toHaveCount(1);
  const create = page.getByRole("button", { name: "Create process" });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAccessibleDescription("Fix the 1 problem in the YAML");

  // A broken indentation is one problem too, at the line to fix.
  await editor.fill(
    `name: ${agent}\nsteps:\n  - id: only\n    type: agent_task\n   agent: ${agent}\n    message: hello\n`,
  );
  await expect(problems.getByRole("listitem")).toHaveCount(1);
  await expect(problems.getByRole("button", { name: /^Line 5,/ })).toBeVisible();
  await expect(problems).toContainText("Indented 3 spaces");

  await editor.fill(
    `name: ${agent}\nsteps:\n  - id: only\n    type: agent_task\n    agent: ${agent}\n    message: hello\n`,
  );
  await expect(problems).toHaveCount(0);
  await expect(create).toBeEnabled();
});

test("run a task on a stopped agent: the button waits and says why, with no API address and no stale notice", async ({
  page,
}) => {
  const agent = `stopped-${Date.now().toString(36)}`;
  expect(
    (
      await page.request.post("/api/agents", {
        data: { name: agent, runtime: "command", command: "cat", start: false },
      })
    ).status(),
  ).toBe(201);
  await page.goto(`/agents/${agent}`);

  const run = page.getByRole("button", { name: "Run task" });
  await page.getByLabel("Message").fill("hello");
  await expect(run).toBeDisabled();
  await expect(run).toHaveAccessibleDescription("The agent is stopped — start it to run tasks");
  await expect(page.getByText("The agent is stopped — start it to run tasks")).toHaveCount(1);
  await expect(page.getByText(/\/api\//)).toHaveCount(0);
  await expect(page.getByText(/Task queued/)).toHaveCount(0);

  // Started, it runs tasks.
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await expect(run).toBeEnabled();
  await expect(page.getByText("The agent is stopped — start it to run tasks")).toHaveCount(0);
  await run.click();
  await expect(page.getByText(/Task (queued|running|succeeded)/)).toBeVisible();
});
