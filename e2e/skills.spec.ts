// Skills and playbooks in a real browser: the library's form, assigning a skill to a running agent (restart banner),
// the chat's `/` autocomplete by keyboard and mouse, and running playbooks with their results shown without reload.
// The agent runs `cat`, so each reply is exactly what the agent was sent: the skill's body with the arguments in place.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type APIRequestContext, type Browser, type BrowserContext, expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };
const id = Date.now().toString(36);
const agent = `skills-${id}`;
const recap = `recap-${id}`;
const weekly = `weekly-recap-${id}`;

test.describe.configure({ mode: "serial" });

// One sign-in for the file (better-auth allows 3 per 10 s); every test opens a page on that session.
let session: Awaited<ReturnType<BrowserContext["storageState"]>>;

async function openPage(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext({ storageState: session });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

async function createSkill(request: APIRequestContext, name: string, body: string, argumentHint: string | null) {
  const res = await request.post("/api/skills", {
    data: { name, description: `The ${name} playbook`, body, argumentHint },
  });
  expect(res.status(), await res.text()).toBe(201);
}

const markPage = (page: Page) =>
  page.evaluate(() => ((window as unknown as { cadreMarker: string }).cadreMarker = "still-here"));
const pageMark = (page: Page) => page.evaluate(() => (window as unknown as { cadreMarker?: string }).cadreMarker);

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const { request } = context;
  const { needed } = await (await request.get("/api/setup")).json();
  if (needed) expect((await request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(request, admin.email, admin.password);
  session = await context.storageState();

  await createSkill(request, recap, "Recap for $ARGUMENTS: done.", "[topic]");
  await createSkill(request, weekly, "Weekly recap of $ARGUMENTS.", null);
  // Assigned before the first start, so it is in the workspace from the beginning.
  expect(
    (
      await request.post("/api/agents", { data: { name: agent, runtime: "command", command: "cat", start: false } })
    ).status(),
  ).toBe(201);
  expect((await request.post(`/api/agents/${agent}/skills/${recap}`)).status()).toBe(201);
  expect((await request.post(`/api/agents/${agent}/start`)).ok()).toBe(true);
  await context.close();
});

test("the library lists skills; a new one is made in the form, with the server's field errors, then deleted", async ({
  browser,
}) => {
  const page = await openPage(browser, "/skills");
  const table = page.getByRole("table", { name: "Skills library" });
  const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: recap, exact: true }) });
  await expect(row).toContainText("Made in Cadre");
  await expect(row.getByRole("cell").nth(3)).toHaveText("1"); // one agent uses it

  await page.getByRole("link", { name: "New skill" }).click();
  await expect(page).toHaveURL(/\/skills\/new$/);
  const name = `notes-${id}`;
  await page.getByLabel("Name", { exact: true }).fill("Not A Slug");
  await page.getByLabel("Description").fill("Turns meeting notes into decisions and actions");
  // The browser's own check shows beside the field as it is typed; the button waits and says why.
  await expect(page.getByRole("button", { name: "Create skill" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Create skill" })).toHaveAccessibleDescription(
    "To create the skill, fix Name",
  );
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/lowercase letters/);
  // Taken names come back from the server, beside the field.
  await page.getByLabel("Name", { exact: true }).fill(recap);
  await page.getByRole("button", { name: "Create skill" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Argument hint").fill("[meeting]");
  await page.getByLabel("Instructions").fill("List the decisions and owners from $ARGUMENTS.");
  await page.getByRole("button", { name: "Add file" }).click();
  await page.getByLabel("Path of file 1").fill("templates/actions.md");
  await page.getByLabel("Content of templates/actions.md").fill("| action | owner |");
  await page.getByRole("button", { name: "Create skill" }).click();

  await expect(page).toHaveURL(new RegExp(`/skills/${name}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Instructions" }).locator("pre")).toHaveText(
    "List the decisions and owners from $ARGUMENTS.",
  );
  await expect(page.getByText("templates/actions.md")).toBeVisible();
  await expect(page.getByRole("region", { name: "Used by" })).toContainText("No agent yet");

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete skill" }).click();
  await expect(page).toHaveURL(/\/skills$/);
  await expect(page.getByRole("link", { name: recap, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  expect((await page.request.get(`/api/skills/${name}`)).status()).toBe(404);
  await page.context().close();
});

test("assigning a skill to a running agent asks for a restart, and Restart brings it in", async ({ browser }) => {
  const page = await openPage(browser, `/agents/${agent}?tab=skills`);
  const panel = page.getByRole("tabpanel", { name: "Skills" });
  const assigned = panel.getByRole("list", { name: `Skills of ${agent}` });
  await expect(assigned.getByRole("link", { name: recap, exact: true })).toBeVisible();
  await expect(panel.getByText("Changes apply on the next start")).toHaveCount(0);

  await panel.getByLabel("Skill", { exact: true }).selectOption(weekly);
  await panel.getByRole("button", { name: "Add skill" }).click();
  await expect(assigned.getByRole("link", { name: weekly, exact: true })).toBeVisible();
  await expect(panel.getByText("Changes apply on the next start")).toBeVisible();
  await panel.getByRole("button", { name: "Restart" }).click();
  await expect(panel.getByText("Changes apply on the next start")).toHaveCount(0);
  const after = await (await page.request.get(`/api/agents/${agent}/skills`)).json();
  expect(after.pendingRestart).toBe(false);
  expect([...after.injected].sort()).toEqual([recap, weekly].sort());
  await page.context().close();
});

test("typing / in chat offers the playbooks; ghost text, Tab, the argument hint and Enter run one", async ({
  browser,
}) => {
  const page = await openPage(browser, `/agents/${agent}?tab=chat`);
  const chat = page.getByRole("tabpanel", { name: "Chat" });
  const box = chat.getByRole("combobox", { name: "Message" });
  const list = chat.getByRole("listbox", { name: "Playbooks" });
  await expect(box).toHaveAttribute("aria-autocomplete", "both");
  await expect(box).toHaveAttribute("aria-expanded", "false");

  await box.click();
  await box.pressSequentially("/");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(list.getByRole("option")).toHaveCount(2);
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await expect(list).toBeHidden();
  // Deleted and typed again, "/" opens the list again; Esc closes it again.
  await box.press("Backspace");
  await expect(box).toHaveValue("");
  await box.pressSequentially("/");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(list.getByRole("option")).toHaveCount(2);
  await box.press("Escape");
  await expect(list).toBeHidden();

  // "rec" starts one name and is inside the other: the prefix match comes first and is completed inline.
  await box.pressSequentially("rec");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const options = list.getByRole("option");
  await expect(options).toHaveCount(2);
  await expect(options.nth(0)).toContainText(`/${recap}`);
  await expect(options.nth(1)).toContainText(`/${weekly}`);
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await options.nth(0).getAttribute("id"))!);
  await expect(chat.getByTestId("ghost-text")).toHaveText(recap.slice("rec".length));

  // ↓ moves to the substring match (no inline completion for it), ↑ comes back.
  await box.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
  await expect(chat.getByTestId("ghost-text")).toHaveCount(0);
  await box.press("ArrowUp");
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await expect(chat.getByTestId("ghost-text")).toBeVisible();

  await box.press("Tab");
  await expect(box).toHaveValue(`/${recap} `);
  await expect(box).toBeFocused();
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await expect(chat.getByTestId("argument-hint")).toHaveText("[topic]");

  await markPage(page);
  await box.pressSequentially("the launch");
  await expect(chat.getByTestId("argument-hint")).toHaveCount(0);
  await box.press("Enter");
  await expect(box).toHaveValue("");
  const log = chat.getByRole("log");
  // What was typed stays in the transcript; `cat` answers with what the agent got: the body, arguments in place.
  await expect(log.getByText(`/${recap} the launch`, { exact: true })).toBeVisible();
  await expect(log.getByText("Recap for the launch: done.", { exact: true })).toBeVisible({ timeout: 20_000 });
  expect(await pageMark(page)).toBe("still-here");

  // The mouse works too, and → accepts at the end of the text.
  await box.pressSequentially("/week");
  await list.getByRole("option", { name: new RegExp(weekly) }).click();
  await expect(box).toHaveValue(`/${weekly} `);
  await expect(box).toBeFocused();
  await box.fill("");
  await box.pressSequentially("/re");
  await box.press("ArrowRight");
  await expect(box).toHaveValue(`/${recap} `);
  await page.context().close();
});

test("the Playbooks tab runs a playbook, with its arguments and without, and shows the result live", async ({
  browser,
}) => {
  const page = await openPage(browser, `/agents/${agent}?tab=playbooks`);
  const panel = page.getByRole("tabpanel", { name: "Playbooks" });
  const card = panel.getByRole("listitem").filter({ has: page.getByRole("heading", { name: recap, exact: true }) });
  await expect(card).toContainText("The " + recap + " playbook");
  await expect(card).toContainText("[topic]");
  await markPage(page);

  // Its hint names one optional argument: a field for it, and Run works with it empty.
  const topic = card.getByLabel("topic");
  await expect(topic).toBeVisible();
  const runRecap = card.getByRole("button", { name: `Run ${recap} with these arguments` });
  await runRecap.click();
  const latest = card.getByRole("group", { name: `Latest run of ${recap}` });
  await expect(latest.getByText("Succeeded")).toBeVisible({ timeout: 20_000 });
  await expect(latest.getByLabel(`Result of ${recap}`)).toContainText("Recap for");

  await topic.fill("Q3 numbers");
  await runRecap.click();
  await expect(latest.getByLabel(`Result of ${recap}`)).toHaveText("Recap for Q3 numbers: done.", { timeout: 20_000 });
  await expect(latest.getByText("Succeeded")).toBeVisible();

  // Both runs are in the tab's list of playbook runs, and the API agrees.
  const runs = panel.getByRole("region", { name: "Recent playbook runs" });
  await expect(runs.getByRole("listitem")).toHaveCount(2);
  expect(await pageMark(page)).toBe("still-here");
  const { executions } = await (await page.request.get(`/api/agents/${agent}/executions?trigger=playbook`)).json();
  expect(executions.map((e: { response: string }) => e.response)).toContain("Recap for Q3 numbers: done.");

  // Stopped, the agent runs no playbook: the tab says so, and Run is off and points to why.
  const own = { origin: new URL(page.url()).origin };
  expect((await page.request.post(`/api/agents/${agent}/stop`, { headers: own })).ok()).toBe(true);
  await page.reload();
  const notice = panel.getByText("This agent is stopped: start it to run its playbooks.");
  await expect(notice).toBeVisible();
  const run = card.getByRole("button", { name: `Run ${recap} with these arguments` });
  await expect(run).toBeDisabled();
  await expect(run).toHaveAttribute("aria-describedby", (await notice.getAttribute("id"))!);
  expect((await page.request.post(`/api/agents/${agent}/start`, { headers: own })).ok()).toBe(true);
  await page.reload();
  await expect(notice).toBeHidden();
  await expect(run).toBeEnabled();
  await page.context().close();
});

test("Sync from Git: a preview first; nothing is removed before Confirm sync, which removes; each notice only while it holds", async ({
  browser,
}) => {
  // A repository on this machine (the sync takes a path on the server as well as an HTTPS URL).
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-e2e-skills-repo-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
  const synced = `synced-${id}`;
  const leaving = `leaving-${id}`;
  const user = `sync-user-${id}`;
  const writeSkill = (name: string) => {
    fs.mkdirSync(path.join(repo, name), { recursive: true });
    fs.writeFileSync(
      path.join(repo, name, "SKILL.md"),
      `---\nname: ${name}\ndescription: From the repository\n---\n\nSynced body of ${name}.`,
    );
  };
  try {
    git("init", "--quiet", "--initial-branch=main");
    git("config", "user.email", "upstream@example.com");
    git("config", "user.name", "Upstream");
    writeSkill(synced);
    writeSkill(leaving);
    git("add", "-A");
    git("commit", "--quiet", "-m", "two skills");

    const page = await openPage(browser, "/skills");
    const own = { origin: new URL(page.url()).origin };
    const panel = page.getByRole("region", { name: "Sync from Git" });
    await panel.getByLabel("Repository URL").fill(repo);
    await panel.getByRole("button", { name: "Save" }).click();
    await expect(panel.getByText("Sync settings saved.")).toBeVisible();
    // Edited again, the settings are no longer what was saved: the notice goes.
    await panel.getByLabel("Branch").fill("other");
    await expect(panel.getByText("Sync settings saved.")).toBeHidden();
    await panel.getByLabel("Branch").fill("main");

    // The first sync: previewed, nothing added until confirmed.
    await panel.getByRole("button", { name: "Preview sync" }).click();
    const preview = panel.getByRole("region", { name: "Sync preview" });
    await expect(preview.getByRole("list", { name: /^Added/ })).toContainText(synced, { timeout: 30_000 });
    await expect(preview.getByRole("list", { name: /^Added/ })).toContainText(leaving);
    await expect(preview.getByRole("heading", { name: "Sync preview" })).toBeFocused();
    expect((await page.request.get(`/api/skills/${synced}`)).status()).toBe(404);
    await preview.getByRole("button", { name: "Confirm sync" }).click();
    await expect(panel.getByText("Sync applied.")).toBeVisible({ timeout: 30_000 });
    await expect(preview).toBeHidden();
    const last = panel.getByRole("group", { name: "Last sync" });
    await expect(last.getByText("Succeeded", { exact: true })).toBeVisible();
    await expect(last.getByRole("list", { name: "Added" })).toContainText(synced);

    // An agent uses the skill that then vanishes upstream.
    expect(
      (
        await page.request.post("/api/agents", {
          headers: own,
          data: { name: user, runtime: "command", command: "cat", start: false },
        })
      ).status(),
    ).toBe(201);
    expect((await page.request.post(`/api/agents/${user}/skills/${leaving}`, { headers: own })).status()).toBe(201);
    fs.rmSync(path.join(repo, leaving), { recursive: true });
    git("add", "-A");
    git("commit", "--quiet", "-m", "drop one");

    await page.reload();
    await panel.getByRole("button", { name: "Preview sync" }).click();
    const removed = preview.getByRole("list", { name: /^Removed/ });
    await expect(removed).toContainText(leaving, { timeout: 30_000 });
    await expect(removed).toContainText(`Agents that lose it: ${user}`);
    await expect(panel.getByText("Sync applied.")).toBeHidden();
    // Cancel: the preview goes, and nothing was removed.
    await preview.getByRole("button", { name: "Cancel" }).click();
    await expect(preview).toBeHidden();
    expect((await page.request.get(`/api/skills/${leaving}`)).status()).toBe(200);
    expect(
      (await (await page.request.get(`/api/agents/${user}/skills`)).json()).skills.map((s: { name: string }) => s.name),
    ).toEqual([leaving]);

    // Previewed again and confirmed: removed, and the last sync says so.
    await panel.getByRole("button", { name: "Preview sync" }).click();
    await expect(removed).toContainText(leaving, { timeout: 30_000 });
    expect((await page.request.get(`/api/skills/${leaving}`)).status()).toBe(200);
    await preview.getByRole("button", { name: "Confirm sync" }).click();
    await expect(panel.getByText("Sync applied.")).toBeVisible({ timeout: 30_000 });
    await expect(last.getByRole("list", { name: "Removed" })).toContainText(leaving);
    expect((await page.request.get(`/api/skills/${leaving}`)).status()).toBe(404);
    expect((await (await page.request.get(`/api/agents/${user}/skills`)).json()).skills).toEqual([]);
    await page.context().close();
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});
